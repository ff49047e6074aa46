"""Lineage columns added by the landing job (and read back by bronze)."""
from pyspark.sql import functions as F

ROW_HASH = "_row_hash"
INGEST_RUN_ID = "_ingest_run_id"
INGEST_TS = "_ingest_ts"
SOURCE_SYSTEM = "_source_system"
SOURCE_TABLE = "_source_table"
OP = "_op"
LANDING_COLUMNS = (ROW_HASH, INGEST_RUN_ID, INGEST_TS, SOURCE_SYSTEM, SOURCE_TABLE, OP)

BRONZE_RUN_ID = "_bronze_last_run_id"
BRONZE_APPLY_TS = "_bronze_last_apply_ts"
BRONZE_MANIFEST = "_bronze_last_manifest_path"
BRONZE_COLUMNS = (BRONZE_RUN_ID, BRONZE_APPLY_TS, BRONZE_MANIFEST)

# Columns bronze adds from the landing folder (replace-per-date and pruning need them as data).
SNAPSHOT_DATE = "snapshot_date"
EVENT_DATE = "event_date"

# A JDBC extract cannot see deletes: every landed row is an upsert. (A CDC source would also
# land 'delete' rows; bronze's MERGE already honours them.)
OP_UPSERT = "upsert"
OP_DELETE = "delete"


def row_hash(columns):
    """sha256 over all given columns: a JSON object with sorted keys, so column order does not
    matter and null differs from the empty string."""
    cols = sorted(columns)
    return F.sha2(F.to_json(F.struct(*[F.col(f"`{c}`") for c in cols])), 256)


def add_landing_columns(df, run_id, ingest_ts, source_system, source_table):
    business = list(df.columns)
    return (
        df.withColumn(ROW_HASH, row_hash(business))
        .withColumn(INGEST_RUN_ID, F.lit(run_id))
        .withColumn(INGEST_TS, F.lit(ingest_ts).cast("timestamp"))
        .withColumn(SOURCE_SYSTEM, F.lit(source_system))
        .withColumn(SOURCE_TABLE, F.lit(source_table))
        .withColumn(OP, F.lit(OP_UPSERT))
    )
