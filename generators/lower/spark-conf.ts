/** The sparkConf the compiler sets on every SparkApplication, and the user keys it refuses. */
import { error, type Diagnostic } from "../diagnostics/diagnostic.ts";
import type { SourceRef } from "../ir/types.ts";

/** sparkConf every application needs to reach the lake (s3a) and write Delta. */
export function lakeConf(endpoint: string, ssl: boolean): Record<string, string> {
  return {
    "spark.hadoop.fs.s3a.endpoint": endpoint,
    "spark.hadoop.fs.s3a.path.style.access": "true",
    "spark.hadoop.fs.s3a.connection.ssl.enabled": ssl ? "true" : "false",
    "spark.hadoop.fs.s3a.impl": "org.apache.hadoop.fs.s3a.S3AFileSystem",
    // MinIO ignores the region, but the AWS SDK v2 needs one to sign requests.
    "spark.hadoop.fs.s3a.endpoint.region": "us-east-1",
    // Keys arrive as AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from secretKeyRefs, never in the
    // YAML; the job copies them into fs.s3a.access.key / secret.key (job spec lake.s3).
    "spark.hadoop.fs.s3a.aws.credentials.provider": "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
    "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
    "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
    "spark.ui.enabled": "false",
    // Dates and timestamps in the lake are UTC whatever the container's zone (the jobs expect it).
    "spark.sql.session.timeZone": "UTC",
  };
}

/** sparkConf keys the compiler sets (lake access, Delta): a user value would break the jobs. */
export const COMPILER_SPARK_CONF: readonly string[] = Object.keys(lakeConf("", false)).sort();

/** DS081 for each sparkConf key of `conf` that the compiler sets itself. */
export function reservedSparkConf(conf: Readonly<Record<string, string>> | undefined, what: string, where: SourceRef | undefined): Diagnostic[] {
  return Object.keys(conf ?? {}).filter((k) => COMPILER_SPARK_CONF.includes(k)).sort().map((k) =>
    error("DS081", `${what} sets '${k}', which the compiler sets itself (the jobs need its value: Delta, S3A, UTC)`, where));
}

