"""Bronze job: apply complete landing batches to bronze Delta tables, exactly once.

Phases (nothing is written before phase 3):
1. discover each table's run folders since its last applied date; drop those in the registry;
2. validate every candidate (manifest vs files, schema hash, row count) and the incoming
   schema against each bronze table; a table with a problem is not written at all;
3. per table, ONE Delta commit, then the registry rows for its batches.
One bad table never stops the others: they are applied, then the job fails with the list of
the tables it did not apply and why (Airflow shows the task failed; rerun after the fix).

Write strategy by behaviour:
- snapshot: the newest batch of each snapshot_date replaces that date (older: superseded);
- fact, lookback 0: the newest batch of each event date replaces that date's rows (an append
  that stays idempotent when a date is landed twice);
- fact with lookback > 0, mutableDimension, event (dedup): dedupe by keys (newest extract wins),
  MERGE on keys; a row is only overwritten by a newer extract with different content
  (events: target pruned to the affected event dates);
- event without dedup: replace per event date, keeping every row.
Every strategy is idempotent, so a crash between the bronze commit and the registry commit
heals itself: the next run re-applies the batch with the same result. A write that would
change no row does not commit at all (bronze_changes.py), so a retried landing leaves every
bronze table at its version.
"""
import datetime as dt

from pyspark.sql import Window
from pyspark.sql import functions as F

from . import batches as B
from . import bronze_changes, delta_io, lineage, log, paths
from .errors import BadBatchError, bullet_list
from .registry import APPLIED, FAILED, SKIPPED, SUPERSEDED, Registry
from .storage import Storage
from .table_failures import TableFailures


def strategy(table):
    b = table["behaviour"]
    if b["kind"] == "snapshot":
        return "replace"
    if b["kind"] == "fact":
        return "replace" if b["lookbackDays"] == 0 else "merge"
    if b["kind"] == "event":
        return "merge" if b["dedup"] else "replace"
    return "merge"


def date_column(table):
    """(column name, SQL expression) holding each row's landing date, for replace-per-date."""
    b = table["behaviour"]
    if b["kind"] == "snapshot":
        return lineage.SNAPSHOT_DATE, f"`{lineage.SNAPSHOT_DATE}`"
    if b["kind"] == "event":
        return lineage.EVENT_DATE, f"`{lineage.EVENT_DATE}`"
    return None, f"CAST(`{b['eventDate']}` AS DATE)"


def partition_by(table):
    kind = table["behaviour"]["kind"]
    return [lineage.SNAPSHOT_DATE] if kind == "snapshot" else [lineage.EVENT_DATE] if kind == "event" else []


class TablePlan:
    def __init__(self, table, uri):
        self.table, self.uri = table, uri
        self.apply = []          # batches to write
        self.superseded = []     # (batch, detail)
        self.skipped = []        # (batch, detail)
        self.problems = []
        self.source = None       # DataFrame to write
        self.evo = None


def run(spark, spec, tables, run_date, run_id):
    fs, lake = Storage(spark), spec["lake"]
    registry = Registry(spark, lake["registry"])
    apply_ts = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    failures = TableFailures("bronze")
    plans = []
    for t in tables:
        plan = TablePlan(t, paths.bronze_path(lake, t["name"]))
        if not failures.attempt(t["name"], lambda: plan_table(spark, fs, lake, registry, plan, run_date)):
            continue
        if plan.problems:
            failures.add(t["name"], BadBatchError(f"{len(plan.problems)} problem(s) with landing batches:\n"
                                                  + bullet_list(plan.problems)))
        else:
            plans.append(plan)
    # schema checks of every table before the first write
    plans = [p for p in plans if failures.attempt(p.table["name"], lambda: build_source(spark, p, run_id, apply_ts))]
    for plan in plans:
        failures.attempt(plan.table["name"], lambda: apply_plan(spark, spec, registry, plan, run_id, run_date, apply_ts))
    failures.raise_if_any(len(tables))


def plan_table(spark, fs, lake, registry, plan, run_date):
    table = plan.table
    name = table["name"]
    days = max(int(table["behaviour"].get("lookbackDays", 0)), 1)
    window = {(run_date - dt.timedelta(days=i)).isoformat() for i in range(days)}
    found = B.discover(fs, lake, table, registry.last_applied_date(name), window)
    plan.problems += B.completeness_problems(found)
    done = registry.done_paths(name)
    pending = [b for b in found if b.has_manifest and b.has_success and b.dir not in done]
    for b in pending:
        B.validate(spark, fs, table, b)
        plan.problems += b.problems
    if plan.problems:
        return plan
    for b in pending:
        if b.manifest["row_count"] == 0:
            plan.skipped.append((b, "empty batch"))
    pending = sorted((b for b in pending if b.manifest["row_count"] > 0), key=lambda b: b.sort_key)
    if strategy(table) == "replace":
        newest = {}
        for b in pending:  # sorted: the last one per date is the newest extract
            newest[b.date] = b
        for b in pending:
            applied = registry.newest_applied_ingest(name, b.date)
            if newest[b.date] is not b:
                plan.superseded.append((b, f"a newer batch for {b.date} is applied: {newest[b.date].dir}"))
            elif applied is not None and applied > b.manifest["ingest_ts"]:
                plan.superseded.append((b, f"a newer batch for {b.date} was applied earlier"))
            else:
                plan.apply.append(b)
    else:
        plan.apply = pending
    log.info(f"bronze {name}: {len(found)} folder(s) found, {len(plan.apply)} to apply, "
             f"{len(plan.superseded)} superseded, {len(plan.skipped)} empty")
    return plan


def build_source(spark, plan, run_id, apply_ts):
    if not plan.apply:
        return
    table, kind = plan.table, plan.table["behaviour"]["kind"]
    frames = []
    for b in plan.apply:
        df = b.df.withColumn(lineage.BRONZE_MANIFEST, F.lit(b.manifest_path))
        if kind == "snapshot":
            df = df.withColumn(lineage.SNAPSHOT_DATE, F.lit(b.date).cast("date"))
        elif kind == "event":
            df = df.withColumn(lineage.EVENT_DATE, F.lit(b.date).cast("date"))
        frames.append(df)
    src = frames[0]
    for df in frames[1:]:
        src = src.unionByName(df, allowMissingColumns=True)
    src = src.withColumn(lineage.BRONZE_RUN_ID, F.lit(run_id)) \
             .withColumn(lineage.BRONZE_APPLY_TS, F.lit(apply_ts).cast("timestamp"))
    if strategy(table) == "merge":
        keys = [F.col(f"`{k}`") for k in table["keys"]]
        newest = Window.partitionBy(*keys).orderBy(F.col(lineage.INGEST_TS).desc(), F.col(lineage.ROW_HASH).desc())
        src = src.withColumn("__rn", F.row_number().over(newest)).filter("__rn = 1").drop("__rn")
    # last bronze lineage columns at the end, business columns first
    tail = list(lineage.LANDING_COLUMNS) + [c for c in (lineage.SNAPSHOT_DATE, lineage.EVENT_DATE) if c in src.columns] \
        + list(lineage.BRONZE_COLUMNS)
    src = src.select(*[f"`{c}`" for c in src.columns if c not in tail], *tail)
    label = f"bronze table {table['name']} ({plan.uri})"
    delta_io.check_partitioning(spark, plan.uri, partition_by(table) or [], label)
    plan.source, plan.evo = delta_io.prepare(spark, plan.uri, src, label)


def apply_plan(spark, spec, registry, plan, run_id, run_date, apply_ts):
    table, name = plan.table, plan.table["name"]
    entries = [entry(spec, plan, b, SUPERSEDED, d, run_id, run_date) for b, d in plan.superseded] + \
              [entry(spec, plan, b, SKIPPED, d, run_id, run_date) for b, d in plan.skipped]
    if plan.apply:
        try:
            committed = write(spark, plan)
        except Exception as e:  # recorded, then reported by TableFailures with the others
            registry.record([entry(spec, plan, b, FAILED, str(e)[:2000], run_id, run_date) for b in plan.apply],
                            apply_ts)
            raise
        ver = delta_io.version(spark, plan.uri)
        detail = f"{strategy(table)} -> version {ver}" if committed else \
            f"{strategy(table)}: no row changed, version {ver} kept (no commit)"
        entries += [entry(spec, plan, b, APPLIED, detail, run_id, run_date, ver) for b in plan.apply]
        log.info(f"bronze {name}: applied {len(plan.apply)} batch(es) by {strategy(table)}; "
                 f"{plan.uri} is at version {ver}{'' if committed else ' (nothing changed, no commit)'}")
    registry.record(entries, apply_ts)


def write(spark, plan):
    """Write the plan's rows in one Delta commit; False (and no commit) when that would change
    no row (bronze_changes.py)."""
    table, src, uri = plan.table, plan.source, plan.uri
    exists = plan.evo is not None
    evolve = exists and plan.evo.changes_schema
    if exists:
        delta_io.enable_widening(spark, uri, plan.evo)
    if strategy(table) == "replace":
        if not exists:
            delta_io.write(src, uri, "errorifexists", partition_by(table))
            return True
        _, expr = date_column(table)
        dates = sorted({b.date for b in plan.apply})
        where = f"{expr} IN ({', '.join(f'DATE {chr(39)}{d}{chr(39)}' for d in dates)})"
        if not evolve and bronze_changes.replace_changes_nothing(spark, uri, src, where, expr):
            return False
        delta_io.write(src, uri, "overwrite", replace_where=where, evolve=evolve)
        return True
    live = src.filter(F.col(lineage.OP) != lineage.OP_DELETE)
    if not exists:
        delta_io.write(live, uri, "errorifexists", partition_by(table))
        return True
    cond = " AND ".join(f"t.`{k}` <=> s.`{k}`" for k in table["keys"])
    if table["behaviour"]["kind"] == "event":  # prune the target to the affected event dates
        dates = sorted({b.date for b in plan.apply})
        cond += f" AND t.`{lineage.EVENT_DATE}` IN ({', '.join(f'DATE {chr(39)}{d}{chr(39)}' for d in dates)})"
    # Only a newer extract may change a row, and only when its content differs: an unchanged
    # re-read (the lookback or boundary day) keeps the row and its lineage as they are, so
    # _bronze_last_apply_ts says when the row last changed (silver reads incrementally on it).
    newer = f"s.`{lineage.INGEST_TS}` > t.`{lineage.INGEST_TS}`"
    changed = f"s.`{lineage.ROW_HASH}` <> t.`{lineage.ROW_HASH}`"
    clauses = dict(delete_when=f"s.`{lineage.OP}` = '{lineage.OP_DELETE}' AND {newer}",
                   update_when=f"{newer} AND {changed}",
                   insert_when=f"s.`{lineage.OP}` <> '{lineage.OP_DELETE}'")
    effective = bronze_changes.effective_merge_rows(spark, uri, src, cond, **clauses)
    try:
        if effective.isEmpty():
            return False
        delta_io.merge(spark, uri, effective, cond, evolve=evolve, **clauses)
        return True
    finally:
        effective.unpersist()


def entry(spec, plan, b, status, detail, run_id, run_date, version=None):
    m = b.manifest or {}
    return {
        "table_name": plan.table["name"], "batch_path": b.dir, "manifest_path": b.manifest_path,
        "partition_field": (m.get("partition") or {}).get("field"), "partition_value": b.date,
        "landing_run_id": m.get("run_id"), "batch_type": m.get("batch_type"), "ingest_ts": m.get("ingest_ts"),
        "row_count": m.get("row_count"), "schema_hash": m.get("schema_hash"), "status": status, "detail": detail,
        "bronze_path": plan.uri, "bronze_version": version, "apply_run_id": run_id,
        "apply_run_date": run_date.isoformat(), "app": spec["app"], "pipeline": spec["pipeline"],
    }
