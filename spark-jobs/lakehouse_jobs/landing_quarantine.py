"""Landing quarantine: source rows a landing run cannot place, kept instead of failing the table.

A row is unplaceable when a column the lake needs to file it is NULL: the event column of a
fact/event (no event_date folder to put it in) or a key column (bronze could not match it).
One such row must not stop its table (and, with it, the state and the rest of the chain), so
the row is written, with the reason, to

  <lake.quarantine>/_landing/<table>/run_id=R/part-*.parquet

(Parquet, like the raw batches: landing runs without Delta) and counted in every batch
manifest of the run under `quarantine`. The folder is rewritten when the same run id lands
again, so a rerun never quarantines a row twice. Silver quarantine tables live next to it as
`<lake.quarantine>/<target>`; a leading `_` keeps the two apart (silver targets are
identifiers starting with a letter).
"""
from pyspark.sql import functions as F

from . import log, paths

FAILED_RULES = "_failed_rules"
FOLDER = "_landing"


def rules(table, event_date):
    """[(rule name, Column true when the row breaks it)] for one table; event_date: the Column
    holding each row's event date (None for snapshots and mutable dimensions)."""
    b = table["behaviour"]
    out = []
    if event_date is not None:
        column = b["eventDate"] if b["kind"] == "fact" else b["eventTime"]
        out.append((f"null_event_column:{column}", event_date.isNull()))
    for key in table["keys"]:
        out.append((f"null_key:{key}", F.col(f"`{key}`").isNull()))
    return out


def split(df, table, event_date):
    """(placeable rows, unplaceable rows with FAILED_RULES) of an extract."""
    checks = rules(table, event_date)
    if not checks:
        return df, None
    failed = F.filter(F.array(*[F.when(bad, F.lit(name)) for name, bad in checks]), lambda r: r.isNotNull())
    marked = df.withColumn(FAILED_RULES, failed)
    bad = F.size(F.col(FAILED_RULES)) > 0
    return marked.filter(~bad).drop(FAILED_RULES), marked.filter(bad)


def folder(lake, table_name, run_id):
    return paths.join(lake["quarantine"], FOLDER, table_name, f"run_id={paths.run_folder(run_id)}")


def write(fs, lake, table_name, run_id, rows):
    """Write the unplaceable rows of this run (replacing a previous attempt's); return the
    manifest block {rows, path, rules: {rule: count}} (rows 0 and no folder when none)."""
    out = folder(lake, table_name, run_id)
    fs.delete(out)
    counts = {}
    if rows is not None:
        counts = {r["rule"]: r["n"] for r in rows.select(F.explode(FAILED_RULES).alias("rule"))
                  .groupBy("rule").agg(F.count(F.lit(1)).alias("n")).collect()}
    if not counts:
        return {"rows": 0, "path": None, "rules": {}}
    n = rows.count()
    rows.write.mode("errorifexists").parquet(out)
    log.info(f"landing {table_name}: {n} unplaceable row(s) quarantined in {out} ({counts})")
    return {"rows": n, "path": out, "rules": dict(sorted(counts.items()))}
