"""Silver write modes other than scd2 (see scd2.py). Each write is one Delta commit.

- merge / scd1 (the same upsert): one row per write key (newest by write.orderBy, then
  dedupe.orderBy, then arrival), MERGE on the keys; a source row older than the target row
  (by write.orderBy) does not overwrite it; deleteWhen rows delete the target row.
- overwrite: the table becomes exactly this run's rows (read from the whole bronze table).
- append: rows not in the table yet are appended (insert-only MERGE on write.keys, or on the
  whole row when there are no keys), so re-reading a row never appends it twice; deleteWhen
  rows are dropped.
"""
from pyspark.sql import Window
from pyspark.sql import functions as F

from .. import delta_io, schemas
from .transform import INGEST_TS, IS_DELETE, SOURCE_TS, q

RUN_ID, APPLY_TS = "_silver_run_id", "_silver_apply_ts"
LINEAGE = (SOURCE_TS, RUN_ID, APPLY_TS)


def with_lineage(df, run_id, apply_ts):
    return df.withColumn(RUN_ID, F.lit(run_id)).withColumn(APPLY_TS, F.lit(apply_ts).cast("timestamp"))


def target_columns(df):
    """Business columns first, then silver lineage; helper columns left out."""
    business = [c for c in df.columns if c not in LINEAGE and c not in (INGEST_TS, IS_DELETE)]
    return business + list(LINEAGE)


class Upsert:
    def __init__(self, rows, silver, names, run_id, apply_ts):
        w = silver["write"]
        self.keys = [names(k, "write key") for k in w["keys"]]
        self.order_by = names(w["orderBy"], "write.orderBy") if w.get("orderBy") else None
        order = [q(self.order_by).desc_nulls_last()] if self.order_by else []
        dedupe = silver.get("dedupe")
        if dedupe:
            order.append(q(names(dedupe["orderBy"], "dedupe orderBy")).desc_nulls_last())
        order += [q(SOURCE_TS).desc(), q(INGEST_TS).desc(), q(IS_DELETE).desc()]
        newest = Window.partitionBy(*[q(k) for k in self.keys]).orderBy(*order)
        rows = rows.withColumn("__rn", F.row_number().over(newest)).filter("__rn = 1").drop("__rn")
        self.source = with_lineage(rows, run_id, apply_ts)
        self.columns = target_columns(self.source)
        self.frame = self.source.select(*[q(c) for c in self.columns])

    def write(self, spark, uri, evo, partition_by):
        if evo is None:
            live = self.source.filter(~q(IS_DELETE)).select(*[q(c) for c in self.columns])
            delta_io.write(live, uri, "errorifexists", partition_by)
            return
        source = schemas.align(self.source, None, evo)
        cond = " AND ".join(f"t.`{k}` <=> s.`{k}`" for k in self.keys)
        newer = f"coalesce(s.`{self.order_by}` >= t.`{self.order_by}`, true)" if self.order_by else "true"
        delta_io.merge(spark, uri, source, cond, columns=self.columns + [f.name for f in evo.missing],
                       delete_when=f"s.`{IS_DELETE}` AND {newer}",
                       update_when=f"NOT s.`{IS_DELETE}` AND {newer}",
                       insert_when=f"NOT s.`{IS_DELETE}`",
                       evolve=evo.changes_schema)


class Overwrite:
    mode = "overwrite"

    def __init__(self, rows, silver, names, run_id, apply_ts):
        live = with_lineage(rows.filter(~q(IS_DELETE)), run_id, apply_ts)
        self.columns = target_columns(live)
        self.frame = live.select(*[q(c) for c in self.columns])

    def write(self, spark, uri, evo, partition_by):
        if evo is None:
            delta_io.write(self.frame, uri, "errorifexists", partition_by)
        else:
            delta_io.write(schemas.align(self.frame, None, evo), uri, self.mode, evolve=evo.changes_schema)


class Append(Overwrite):
    def __init__(self, rows, silver, names, run_id, apply_ts):
        super().__init__(rows, silver, names, run_id, apply_ts)
        self.keys = [names(k, "write key") for k in silver["write"]["keys"]]
        self.business = [c for c in self.columns if c not in LINEAGE]

    def write(self, spark, uri, evo, partition_by):
        if evo is None:
            delta_io.write(self.frame.dropDuplicates(self.keys or self.business), uri, "errorifexists", partition_by)
            return
        if self.keys:
            cond = " AND ".join(f"t.`{k}` <=> s.`{k}`" for k in self.keys)
        else:  # the same row content (over this run's columns) counts as already appended
            def row(side):
                return f"to_json(struct({', '.join(f'{side}.`{c}`' for c in self.business)}))"
            cond = f"{row('t')} = {row('s')}"
        source = schemas.align(self.frame, None, evo).dropDuplicates(self.keys or self.business)
        delta_io.merge(spark, uri, source, cond, columns=list(source.columns), update=False,
                       evolve=evo.changes_schema)
