// A project with lake and Spark settings and asset hand-offs: downstream pipelines wait for the data.
import { image, k8sSecret, project, variable } from "../../../../../dsl/index.ts";
const release = variable("ampere_release_version", "latest");
const SPARK = image("ghcr.io/antonminiazev/ampere-spark", { tag: release });
const S3A = k8sSecret("minio-creds", "access_key");
const S3S = k8sSecret("minio-creds", "secret_key");
export const platform = project({
  id: "had", startDate: "2025-08-24", namespace: "ampere", handoff: "asset",
  images: { spark: SPARK },
  secrets: { pgUser: k8sSecret("pguser", "pguser"), pgPassword: k8sSecret("pgpass", "pgpass"), s3Access: S3A, s3Secret: S3S },
  placement: { nodeSelector: { "kubernetes.io/hostname": "ampere-k8s-node4" }, imagePullSecrets: ["ghcr-pull"] },
  lake: { endpoint: "http://minio.ampere.svc.cluster.local:9000", accessKey: S3A, secretKey: S3S, raw: "s3a://ampere-raw/postgres-pre-raw/source", bronze: "s3a://ampere-bronze/bronze/source", silver: "s3a://ampere-silver/silver" },
  spark: { image: SPARK, serviceAccount: "spark-operator-spark" },
});
