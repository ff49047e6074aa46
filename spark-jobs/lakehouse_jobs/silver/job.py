"""Silver job: bronze Delta -> silver Delta (+ quarantine), per the tables' `silver` blocks.

Input per table: the bronze table `<lake.bronze>/<table>`; for snapshot tables only the latest
snapshot_date. Modes other than overwrite read incrementally: bronze rows applied after the
newest `_silver_source_ts` already in the silver table (bronze's `_bronze_last_apply_ts`, kept
per silver row). Every write mode is idempotent, so re-reading a row is harmless.

Phases: (1) for every table, build the rows, enforce onFail=fail rules and check the schema
change against the silver and quarantine tables, so a refused table is never written;
(2) per table, write the quarantine rows, then the silver table (one commit each). One refused
table does not stop the others: they are written, then the job fails naming it.
"""
import datetime as dt

from pyspark import StorageLevel
from pyspark.sql import functions as F

from .. import delta_io, lineage, log, paths
from ..errors import JobError
from ..table_failures import TableFailures
from . import quarantine, transform
from .scd2 import Scd2
from .writers import Append, Overwrite, Upsert

WRITERS = {"merge": Upsert, "scd1": Upsert, "overwrite": Overwrite, "append": Append}
DROPPED = set(lineage.LANDING_COLUMNS) - {lineage.INGEST_TS} | set(lineage.BRONZE_COLUMNS) \
    | {lineage.SNAPSHOT_DATE, lineage.EVENT_DATE}


class Prepared:
    pass


def run(spark, spec, tables, run_date, run_id):
    apply_ts = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    failures = TableFailures("silver")  # a refused table is not written; the others are
    prepared = []
    try:
        for t in tables:
            failures.attempt(t["name"], lambda: prepared.append(prepare(spark, spec, t, run_id, apply_ts)))
        for p in prepared:
            failures.attempt(p.name, lambda: write(spark, p))
    finally:
        for p in prepared:
            p.rows.unpersist()
    failures.raise_if_any(len(tables))


def bronze_input(spark, spec, table, target_uri, incremental):
    uri = paths.bronze_path(spec["lake"], table["name"])
    if not delta_io.table_exists(spark, uri):
        raise JobError(f"silver {table['name']}: bronze table {uri} does not exist yet; run the bronze job first")
    df = spark.read.format("delta").load(uri)
    if table["behaviour"]["kind"] == "snapshot":
        latest = df.agg(F.max(lineage.SNAPSHOT_DATE)).collect()[0][0]
        df = df.filter(F.col(lineage.SNAPSHOT_DATE) == F.lit(latest))
    if incremental and delta_io.table_exists(spark, target_uri):
        # as a string in the session time zone and back: no Python time-zone conversion involved
        cursor = spark.read.format("delta").load(target_uri) \
            .agg(F.max(transform.SOURCE_TS).cast("string")).collect()[0][0]
        if cursor is not None:
            df = df.filter(F.col(lineage.BRONZE_APPLY_TS) > F.lit(cursor).cast("timestamp"))
    df = df.withColumn(transform.SOURCE_TS, F.col(lineage.BRONZE_APPLY_TS))
    return df.drop(*[c for c in df.columns if c in DROPPED])


def prepare(spark, spec, table, run_id, apply_ts):
    silver = table["silver"]
    p = Prepared()
    p.name = table["name"]
    p.label = f"silver {table['name']} -> {silver['target']}"
    p.uri = paths.silver_path(spec["lake"], silver["target"])
    p.q_uri = paths.quarantine_path(spec["lake"], silver["target"])
    p.partition_by = silver.get("partitionBy")
    mode = silver["write"]["mode"]

    df = bronze_input(spark, spec, table, p.uri, incremental=mode != "overwrite")
    rows, names = transform.apply(df, silver, p.label)
    p.rows = rows.persist(StorageLevel.MEMORY_AND_DISK)
    valid, bad = transform.split(p.rows, silver, p.label)
    p.partition_by = [names(c, "partitionBy column") for c in p.partition_by] if p.partition_by else None

    if mode == "scd2":
        p.writer = Scd2(spark, p.uri, valid, silver, names, run_id, apply_ts, p.label)
    else:
        p.writer = WRITERS[mode](valid, silver, names, run_id, apply_ts)
    allow = silver.get("schemaEvolution", "addColumns") == "addColumns"
    delta_io.check_partitioning(spark, p.uri, p.partition_by or [], p.label)
    _, p.evo = delta_io.prepare(spark, p.uri, p.writer.frame, p.label, allow_changes=allow)

    p.quarantine = quarantine.frame(bad, run_id, apply_ts)
    _, p.q_evo = delta_io.prepare(spark, p.q_uri, p.quarantine, f"quarantine of {p.label}")
    return p


def write(spark, p):
    counts = p.rows.groupBy(F.size(transform.FAILED) > 0).count().collect()
    total = sum(r["count"] for r in counts)
    if total == 0:
        log.info(f"{p.label}: no new bronze rows; nothing to write")
        return
    failed = sum(r["count"] for r in counts if r[0])
    n_quarantine = p.quarantine.count() if failed else 0
    if n_quarantine:
        quarantine.write(spark, p.q_uri, p.quarantine, p.q_evo, p.label)
    if p.evo is not None:
        delta_io.enable_widening(spark, p.uri, p.evo)
    p.writer.write(spark, p.uri, p.evo, p.partition_by)
    log.info(f"{p.label}: {total} input row(s), {n_quarantine} quarantined, "
             f"{failed - n_quarantine} dropped; {p.uri} at version {delta_io.version(spark, p.uri)}")
