// A project with a dbt image, a lake with a gold root and a serving database's credentials.
import { image, k8sSecret, project } from "../../../../../dsl/index.ts";

const dbt = image("registry.local/dbt");
const s3a = k8sSecret("lake-creds", "access_key");
const s3s = k8sSecret("lake-creds", "secret_key");

export const platform = project({
  id: "shop", startDate: "2025-01-01", namespace: "shop",
  images: { dbt },
  secrets: { s3a, s3s, pgUser: k8sSecret("serving", "user"), pgPassword: k8sSecret("serving", "password") },
  lake: { endpoint: "http://minio:9000", accessKey: s3a, secretKey: s3s, raw: "s3a://raw/r", bronze: "s3a://bronze/b", silver: "s3a://silver/s", gold: "s3a://gold/g" },
});
