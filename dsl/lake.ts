import { z } from "zod";
import type { ImageHandle, SecretHandle } from "./values.ts";

const quantity = z.string().regex(/^[0-9]+(\.[0-9]+)?(m|k|g|t|M|G|T|Ki|Mi|Gi|Ti)?$/, "must be a size such as 1536m or 2g");
/** zod schema of {@link SparkPodSizing} (project defaults and group overrides). */
export const podSizingSchema = z
  .object({ cores: z.number().int().min(1).optional(), coreRequest: z.string().optional(), memory: quantity.optional(), memoryOverhead: quantity.optional() })
  .strict();
/** zod schema of {@link SparkExecutorSizing}. */
export const executorSizingSchema = podSizingSchema.extend({ instances: z.number().int().min(1).optional() });
/** A Spark memory size such as `1536m`. */
export const memorySchema = quantity;

/** The object store the lake lives in, and where each layer's tables go. */
export interface LakeSettings {
  /** S3 endpoint, e.g. `http://minio.ampere.svc.cluster.local:9000`. */
  readonly endpoint: string;
  /** Use TLS to the endpoint. @default false */
  readonly sslEnabled?: boolean;
  /** Access key id, from a Kubernetes secret. */
  readonly accessKey: SecretHandle;
  /** Secret access key, from a Kubernetes secret. */
  readonly secretKey: SecretHandle;
  /** Root of raw landing, e.g. `s3a://ampere-raw/postgres-pre-raw/source`. */
  readonly raw: string;
  /** Root of bronze tables, e.g. `s3a://ampere-bronze/bronze/source`. */
  readonly bronze: string;
  /** Root of silver tables. */
  readonly silver: string;
  /** Root of gold tables published as Delta by dbt. @default none */
  readonly gold?: string;
  /** Watermark state files. @default `<raw>/_state` */
  readonly state?: string;
  /** Bronze apply registry (Delta). @default `<bronze>/_ops/apply_registry` */
  readonly registry?: string;
  /** Quarantined silver rows. @default `<silver>/_quarantine` */
  readonly quarantine?: string;
  /** Table format of bronze and silver tables (Iceberg is planned). @default "delta" */
  readonly format?: "delta";
}

/** Driver or executor sizing of a SparkApplication. */
export interface SparkPodSizing {
  /** Whole cores (Spark's view). @default 1 */
  readonly cores?: number;
  /** Kubernetes CPU request, e.g. `"500m"`. @default none */
  readonly coreRequest?: string;
  /** JVM memory, e.g. `"1536m"`. @default "1g" */
  readonly memory?: string;
  /** Extra non-heap memory, e.g. `"512m"`. @default Spark's */
  readonly memoryOverhead?: string;
}

/** Executor sizing: driver sizing plus the number of executors. */
export interface SparkExecutorSizing extends SparkPodSizing {
  /** Executors. @default 1 */
  readonly instances?: number;
}

/** How Spark jobs run: image, versions, jars, defaults of every SparkApplication. */
export interface SparkSettings {
  /** Image with Spark, the jobs of `spark-jobs/` and their Python dependencies. */
  readonly image: ImageHandle;
  /** Spark version of the image; the jobs need Spark 4.1 (`4.1.x`, anything else is DS001). @default "4.1.0" */
  readonly version?: string;
  /** Entry point inside the image. @default "local:///opt/spark/app/main.py" */
  readonly mainFile?: string;
  /** Service account of drivers and executors. @default "spark" */
  readonly serviceAccount?: string;
  /** Extra jars (`local://` paths inside the image or a mounted volume). @default [] */
  readonly jars?: readonly string[];
  /**
   * sparkConf shared by every application. Keys the compiler sets itself (S3A lake access,
   * `spark.sql.extensions`, `spark.sql.catalog.spark_catalog`, UTC time zone) are refused (DS081).
   * @default {}
   */
  readonly sparkConf?: Readonly<Record<string, string>>;
  /** Airflow connection to the Kubernetes cluster. @default "kubernetes_default" */
  readonly kubernetesConnId?: string;
  /** @default { cores: 1, memory: "1g" } */
  readonly driver?: SparkPodSizing;
  /** @default { instances: 1, cores: 1, memory: "1g" } */
  readonly executor?: SparkExecutorSizing;
}
