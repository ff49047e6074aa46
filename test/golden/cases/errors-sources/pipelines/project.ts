import { image, k8sSecret, project } from "../../../../../dsl/index.ts";

const secrets = { pgUser: k8sSecret("pg", "user"), pgPassword: k8sSecret("pg", "password"), s3Key: k8sSecret("s3", "key"), s3Secret: k8sSecret("s3", "secret") };
const images = { spark: image("registry.example.com/spark", { tag: "1.0" }) };

export const platform = project({
  id: "es",
  startDate: "2025-01-01",
  namespace: "es",
  images,
  secrets,
  lake: { endpoint: "http://minio:9000", accessKey: secrets.s3Key, secretKey: secrets.s3Secret, raw: "s3a://raw/es", bronze: "s3a://bronze/es", silver: "s3a://silver/es" },
  spark: { image: images.spark },
});
