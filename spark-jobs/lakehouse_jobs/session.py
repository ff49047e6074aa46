"""The SparkSession the jobs run in, and the few settings the job itself must apply.

Everything else (jars, Delta extension, fs.s3a.* endpoint/path-style/SSL/credentials
provider, shuffle partitions) comes from the SparkApplication's sparkConf.
"""
import os

from . import log
from .errors import JobError

DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension"


def get_or_create(app_name):
    from pyspark.sql import SparkSession

    return SparkSession.builder.appName(app_name).getOrCreate()


def configure(spark, spec):
    """Apply the spec's S3 credentials (from environment variables fed by secretKeyRefs)."""
    s3 = spec["lake"].get("s3")
    if s3:
        names = [s3["accessKeyEnv"], s3["secretKeyEnv"]]
        missing = [n for n in names if not os.environ.get(n)]
        if missing:
            raise JobError(f"environment variable(s) {missing} are not set: the SparkApplication must pass the "
                           f"S3 access and secret keys from their secret (spec lake.s3)")
        conf = spark.sparkContext._jsc.hadoopConfiguration()
        conf.set("fs.s3a.access.key", os.environ[names[0]])
        conf.set("fs.s3a.secret.key", os.environ[names[1]])
    jvm_tz = spark._jvm.java.util.TimeZone.getDefault().getID()
    session_tz = spark.conf.get("spark.sql.session.timeZone")
    if jvm_tz != session_tz:
        log.info(f"warning: JVM time zone {jvm_tz} differs from spark.sql.session.timeZone {session_tz}; "
                 f"timestamp watermarks assume they agree (run both in UTC)")


def require_delta(spark):
    extensions = spark.conf.get("spark.sql.extensions", "") or ""
    if DELTA_EXTENSION not in extensions:
        raise JobError(f"this job writes Delta tables: sparkConf must set spark.sql.extensions={DELTA_EXTENSION} "
                       f"and spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog "
                       f"(and spark.jars must hold delta-spark and delta-storage)")
