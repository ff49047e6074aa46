"""Quarantine table `<lake.quarantine>/<target>`: rows that failed a silver rule.

Columns: the row's values after renames and before casts (so a value that did not cast is
kept as it was), `_failed_rules` (every rule the row failed, sorted), `_silver_source_ts`,
`_quarantine_run_id`, `_quarantine_ts`, and `_quarantine_key` (hash of row + rules). Rows are
MERGEd on `_quarantine_key`, so rerunning a silver job does not quarantine a row twice.
"""
from pyspark.sql import functions as F

from .. import delta_io, log
from .transform import FAILED, SOURCE_TS

KEY = "_quarantine_key"


def frame(rows, run_id, apply_ts):
    business = [c for c in rows.columns if c not in (FAILED, SOURCE_TS)]
    key = F.sha2(F.to_json(F.struct(*[F.col(f"`{c}`") for c in sorted(business)], F.col(FAILED))), 256)
    return rows.select(
        *[F.col(f"`{c}`") for c in business], F.col(FAILED), F.col(SOURCE_TS),
        F.lit(run_id).alias("_quarantine_run_id"), F.lit(apply_ts).cast("timestamp").alias("_quarantine_ts"),
        key.alias(KEY),
    ).dropDuplicates([KEY])


def write(spark, uri, rows, evo, label):
    """rows: frame(...) output, already checked against the table (evo from delta_io.prepare)."""
    if evo is None:
        delta_io.write(rows, uri, "errorifexists")
    else:
        delta_io.enable_widening(spark, uri, evo)
        delta_io.merge(spark, uri, rows, f"t.`{KEY}` = s.`{KEY}`", columns=list(rows.columns),
                       update=False, evolve=evo.changes_schema)
    log.info(f"{label}: quarantine rows merged into {uri}")
