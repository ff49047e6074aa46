"""The bronze apply registry: a Delta table (spec lake.registry) with one row per landing batch
bronze has dealt with, so a rerun applies nothing twice.

status: applied | superseded (a newer batch replaced the same date) | skipped (empty batch) |
failed (the write raised; the batch is retried next run).
"""
from pyspark.sql import functions as F
from pyspark.sql import types as T

from .delta_io import table_exists

APPLIED, SUPERSEDED, SKIPPED, FAILED = "applied", "superseded", "skipped", "failed"
DONE = (APPLIED, SUPERSEDED, SKIPPED)

SCHEMA = T.StructType([
    T.StructField("table_name", T.StringType(), False),
    T.StructField("batch_path", T.StringType(), False),
    T.StructField("manifest_path", T.StringType(), True),
    T.StructField("partition_field", T.StringType(), True),
    T.StructField("partition_value", T.StringType(), True),
    T.StructField("landing_run_id", T.StringType(), True),
    T.StructField("batch_type", T.StringType(), True),
    T.StructField("ingest_ts", T.StringType(), True),
    T.StructField("row_count", T.LongType(), True),
    T.StructField("schema_hash", T.StringType(), True),
    T.StructField("status", T.StringType(), False),
    T.StructField("detail", T.StringType(), True),
    T.StructField("bronze_path", T.StringType(), True),
    T.StructField("bronze_version", T.LongType(), True),
    T.StructField("apply_run_id", T.StringType(), False),
    T.StructField("apply_run_date", T.DateType(), True),
    T.StructField("applied_at", T.TimestampType(), False),
    T.StructField("app", T.StringType(), True),
    T.StructField("pipeline", T.StringType(), True),
])


class Registry:
    def __init__(self, spark, uri):
        self.spark, self.uri = spark, uri
        self._rows = None

    def rows(self, table_name):
        """Registry rows of one table as dicts (empty when the registry does not exist yet)."""
        if self._rows is None:
            if table_exists(self.spark, self.uri):
                cols = ["table_name", "batch_path", "partition_value", "ingest_ts", "status"]
                self._rows = [r.asDict() for r in self.spark.read.format("delta").load(self.uri).select(*cols).collect()]
            else:
                self._rows = []
        return [r for r in self._rows if r["table_name"] == table_name]

    def done_paths(self, table_name):
        return {r["batch_path"] for r in self.rows(table_name) if r["status"] in DONE}

    def last_applied_date(self, table_name):
        dates = [r["partition_value"] for r in self.rows(table_name) if r["status"] in DONE and r["partition_value"]]
        return max(dates, default=None)

    def newest_applied_ingest(self, table_name, date):
        """ingest_ts of the newest batch applied for one partition date (replace-per-date tables)."""
        ts = [r["ingest_ts"] for r in self.rows(table_name)
              if r["status"] == APPLIED and r["partition_value"] == date and r["ingest_ts"]]
        return max(ts, default=None)

    def record(self, entries, applied_at):
        """Append registry rows (one Delta commit). entries: dicts with SCHEMA's keys;
        applied_at: ISO-8601 UTC string ('...Z') shared with the bronze lineage columns."""
        if not entries:
            return
        # Rows built from literals on the JVM side (no Python rows to pickle, no Python worker);
        # timestamps and dates travel as strings cast by Spark: no Python time zone involved.
        frames = []
        for e in entries:
            values = dict(e, applied_at=applied_at)
            frames.append(self.spark.range(1).select(
                *[F.lit(values.get(f.name)).cast(f.dataType).alias(f.name) for f in SCHEMA.fields]))
        df = frames[0]
        for f in frames[1:]:
            df = df.unionByName(f)
        df.write.format("delta").mode("append").save(self.uri)
        self._rows = None
