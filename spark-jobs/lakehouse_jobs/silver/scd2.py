"""SCD type 2: one row per version, with valid_from / valid_to (exclusive) / is_current.

Rather than patching the current version, the job rebuilds the whole timeline of every key
that has incoming rows, which makes late, out-of-order, duplicate and repeated rows correct
by construction:

1. events = the key's existing versions (each starts at valid_from; a version closed without
   a successor is followed by a delete at its valid_to) + the incoming rows at write.orderBy
   (rows matching deleteWhen are deletes);
2. one event per (key, time): incoming beats existing (a correction), a delete beats an upsert;
3. walking each key's events in time order, drop the redundant ones: a delete when the key is
   already deleted (or not yet born), an upsert whose tracked-column hash equals the version
   in force (no change: the version keeps its earlier valid_from);
4. each remaining upsert is a version, valid until the next remaining event; is_current when
   nothing follows.
The rebuilt versions replace the key's old ones in ONE MERGE on (key, valid_from): changed
versions are updated, new ones inserted, vanished ones deleted.
"""
from pyspark.sql import Window
from pyspark.sql import functions as F

from .. import delta_io, schemas
from ..errors import SpecError
from .transform import INGEST_TS, IS_DELETE, SOURCE_TS, q
from .writers import APPLY_TS, LINEAGE, RUN_ID, with_lineage

VALID_FROM, VALID_TO, IS_CURRENT = "valid_from", "valid_to", "is_current"
SCD_COLUMNS = (VALID_FROM, VALID_TO, IS_CURRENT)
ACTION = "__action"


class Scd2:
    def __init__(self, spark, uri, rows, silver, names, run_id, apply_ts, where):
        w = silver["write"]
        self.keys = [names(k, "write key") for k in w["keys"]]
        clash = [c for c in SCD_COLUMNS if c in rows.columns]
        if clash:
            raise SpecError(f"{where}: scd2 adds {list(SCD_COLUMNS)} but the rows already have {clash}; rename them")
        self.order_by = names(w["orderBy"], "write.orderBy") if w.get("orderBy") else SOURCE_TS
        business = [c for c in rows.columns if c not in (SOURCE_TS, INGEST_TS, IS_DELETE)]
        default_track = [c for c in business if c not in self.keys and c != self.order_by]
        self.track = [names(c, "track column") for c in w.get("track") or default_track]
        self.columns = business + list(SCD_COLUMNS) + list(LINEAGE)
        self.uri = uri

        incoming = with_lineage(rows, run_id, apply_ts).withColumn("__t", q(self.order_by)) \
            .withColumn("__prio", F.lit(1))
        if delta_io.table_exists(spark, uri):
            existing = self._existing_events(spark, incoming)
            events = incoming.unionByName(existing, allowMissingColumns=True)
        else:
            existing, events = None, incoming
        versions = self._rebuild(events)
        self.frame = versions.select(*[q(c) for c in self.columns])
        if existing is None:
            self.source = None
        else:
            # tombstones: old versions of the affected keys that the rebuilt timeline no longer has
            ids = self.keys + [VALID_FROM]
            old = self._affected_target(spark, incoming).select(*[q(k) for k in ids])
            new = self.frame.select(*[q(k).alias(f"__new_{i}") for i, k in enumerate(ids)])
            gone = old.join(new, on=[old[f"`{k}`"].eqNullSafe(new[f"__new_{i}"]) for i, k in enumerate(ids)],
                            how="left_anti")
            self.source = self.frame.withColumn(ACTION, F.lit("upsert")) \
                .unionByName(gone.withColumn(ACTION, F.lit("delete")), allowMissingColumns=True)

    def _affected_target(self, spark, incoming):
        target = spark.read.format("delta").load(self.uri)
        keys = incoming.select(*[q(k).alias(f"__key_{i}") for i, k in enumerate(self.keys)]).distinct()
        return target.join(keys, on=[target[f"`{k}`"].eqNullSafe(keys[f"__key_{i}"]) for i, k in enumerate(self.keys)],
                           how="left_semi")

    def _existing_events(self, spark, incoming):
        versions = self._affected_target(spark, incoming)
        by_key = Window.partitionBy(*[q(k) for k in self.keys]).orderBy(q(VALID_FROM))
        upserts = versions.withColumn("__t", q(VALID_FROM)).withColumn(IS_DELETE, F.lit(False))
        # a closed version with no successor starting at its valid_to was ended by a delete
        nxt = F.lead(q(VALID_FROM)).over(by_key)
        deletes = versions.withColumn("__next", nxt) \
            .filter(q(VALID_TO).isNotNull() & (q("__next").isNull() | (q("__next") != q(VALID_TO)))) \
            .select(*[q(k) for k in self.keys], q(VALID_TO).alias("__t"), F.lit(True).alias(IS_DELETE),
                    *[q(c) for c in LINEAGE])
        events = upserts.unionByName(deletes, allowMissingColumns=True)
        return events.drop(*SCD_COLUMNS).withColumn("__prio", F.lit(0))

    def _rebuild(self, events):
        keys = [q(k) for k in self.keys]
        tracked = F.sha2(F.to_json(F.struct(*[q(c) for c in sorted(self.track)])), 256)
        events = events.withColumn("__hash", tracked)
        one = Window.partitionBy(*keys, q("__t")).orderBy(q("__prio").desc(), q(IS_DELETE).desc(),
                                                          q(SOURCE_TS).desc_nulls_last(), q("__hash").desc())
        events = events.withColumn("__rn", F.row_number().over(one)).filter("__rn = 1")
        by_time = Window.partitionBy(*keys).orderBy(q("__t"))
        prev_del = F.lag(q(IS_DELETE)).over(by_time)
        prev_hash = F.lag(q("__hash")).over(by_time)
        redundant = F.when(q(IS_DELETE), F.coalesce(prev_del, F.lit(True))) \
            .otherwise((prev_del == F.lit(False)) & (prev_hash == q("__hash")))
        kept = events.withColumn("__redundant", F.coalesce(redundant, F.lit(False))).filter(~q("__redundant"))
        return kept.withColumn(VALID_TO, F.lead(q("__t")).over(by_time)) \
            .filter(~q(IS_DELETE)) \
            .withColumn(VALID_FROM, q("__t")) \
            .withColumn(IS_CURRENT, q(VALID_TO).isNull())

    def write(self, spark, uri, evo, partition_by):
        if evo is None:
            delta_io.write(self.frame, uri, "errorifexists", partition_by)
            return
        source = schemas.align(self.source, None, evo)
        cond = " AND ".join(f"t.`{k}` <=> s.`{k}`" for k in self.keys) + f" AND t.`{VALID_FROM}` = s.`{VALID_FROM}`"
        delta_io.merge(spark, uri, source, cond, columns=self.columns + [f.name for f in evo.missing],
                       delete_when=f"s.`{ACTION}` = 'delete'",
                       update_when=f"s.`{ACTION}` = 'upsert'",
                       insert_when=f"s.`{ACTION}` = 'upsert'",
                       evolve=evo.changes_schema)


__all__ = ["Scd2", "RUN_ID", "APPLY_TS"]
