// Project settings of the ampere lakehouse: shared by every pipeline in this folder.
import { image, k8sSecret, project, variable } from "../dsl/index.ts";

/** Release tag of every ampere image, read from an Airflow Variable at run time. */
const release = variable("ampere_release_version", "latest");

const images = {
  sourcePreparation: image("ghcr.io/antonminiazev/init-source-preparation", { tag: release }),
  orderGenerator: image("ghcr.io/antonminiazev/order-data-generator", { tag: release }),
  spark: image("ghcr.io/antonminiazev/ampere-spark", { tag: release }),
  dbt: image("ghcr.io/antonminiazev/ampere-dbt", { tag: release }),
};

const secrets = {
  pgUser: k8sSecret("pguser", "pguser"),
  pgPassword: k8sSecret("pgpass", "pgpass"),
  s3AccessKey: k8sSecret("minio-creds", "access_key"),
  s3SecretKey: k8sSecret("minio-creds", "secret_key"),
};

export const platform = project({
  id: "ampere",
  owner: "airflow",
  retries: 0,
  startDate: "2025-08-24",
  namespace: "ampere",
  images,
  secrets,
  placement: {
    nodeSelector: { "kubernetes.io/hostname": "ampere-k8s-node4" },
    imagePullSecrets: ["ghcr-pull"],
  },
  lake: {
    endpoint: "http://minio.ampere.svc.cluster.local:9000",
    accessKey: secrets.s3AccessKey,
    secretKey: secrets.s3SecretKey,
    raw: "s3a://ampere-raw/postgres-pre-raw/source",
    bronze: "s3a://ampere-bronze/bronze/source",
    silver: "s3a://ampere-silver/silver",
    gold: "s3a://ampere-gold/gold",
    registry: "s3a://ampere-bronze/bronze/ops/bronze_apply_registry",
  },
  spark: {
    image: images.spark,
    version: "4.1.0",
    serviceAccount: "spark-operator-spark",
    sparkConf: {
      "spark.sql.adaptive.enabled": "true",
      "spark.sql.shuffle.partitions": "8",
    },
  },
});
