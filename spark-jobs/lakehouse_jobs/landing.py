"""Landing job: PostgreSQL -> raw Parquet batches with manifest, `_SUCCESS` and watermark state.

Per table: compute the window from the state (windows.py), read it over JDBC, conform the
declared columns to their declared types (undeclared source columns pass through, which is
how new source columns reach bronze and silver), add lineage columns, then write one batch per
landing folder (facts and events: one per event date) in this order:
  Parquet files -> read back and check -> _manifest.json -> read back -> _SUCCESS
and, once every batch of the table is complete, the watermark state. Rows that cannot be
placed (NULL event column or key) go to the landing quarantine (landing_quarantine.py) and are
counted in the manifests; they never fail the table. A table that fails leaves no `_SUCCESS`
and no new state; the other tables still land, then the job fails.
"""
import datetime as dt
import json
import traceback

from pyspark import StorageLevel
from pyspark.sql import functions as F

from . import PRODUCER, jdbc, landing_quarantine, lineage, log, paths, state, windows
from .errors import JobError, QualityError, bullet_list
from .manifest import MANIFEST_VERSION, column_profile, dumps
from .schemas import parse_type, schema_hash
from .storage import Storage

RESERVED = set(lineage.LANDING_COLUMNS) | set(lineage.BRONZE_COLUMNS) | {landing_quarantine.FAILED_RULES}


def run(spark, spec, tables, run_date, run_id):
    fs = Storage(spark)
    # Spark's committer would write its own _SUCCESS before our manifest exists.
    spark.sparkContext._jsc.hadoopConfiguration().set("mapreduce.fileoutputcommitter.marksuccessfuljobs", "false")
    failures = []
    for table in tables:
        try:
            land_table(spark, fs, spec, table, run_date, run_id)
        except Exception as e:  # keep landing the other tables, then fail the job
            log.info(f"landing {table['name']} FAILED: {e}")
            if not isinstance(e, JobError):
                traceback.print_exc()
            failures.append(f"{table['name']}: {e}")
    if failures:
        raise JobError(f"landing failed for {len(failures)} of {len(tables)} table(s) "
                       f"(no _SUCCESS and no new state for them):\n{bullet_list(failures)}")


def land_table(spark, fs, spec, table, run_date, run_id):
    name, behaviour, lake = table["name"], table["behaviour"], spec["lake"]
    previous = state.read(fs, lake, name)
    if previous and previous.get("last_run_id") == run_id:
        log.info(f"landing {name}: already landed by run {run_id} ({previous.get('last_manifest_path')}); skipping")
        return
    window = windows.compute(behaviour, run_date, previous, jdbc.quote_ident)
    source = spec["source"]
    sql = jdbc.query(source["schema"], name, windows.sql_predicate(window))
    log.info(f"landing {name}: {window.batch_type} extract: {sql}")
    ingest_ts = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    df = conform(jdbc.read(spark, source, sql), table)
    business = list(df.columns)
    df = lineage.add_landing_columns(df, run_id, ingest_ts, source["name"], f"{source['schema']}.{name}")
    df = df.persist(StorageLevel.MEMORY_AND_DISK)  # one JDBC read for all batches of the table
    try:
        placed, unplaceable = landing_quarantine.split(df, table, event_date_expr(table))
        quarantined = landing_quarantine.write(fs, lake, name, run_id, unplaceable)
        batches = split_batches(placed, table, run_date)
        ctx = dict(table=table, run_date=run_date, run_id=run_id, ingest_ts=ingest_ts, sql=sql, window=window,
                   business=business, spec=spec, event_dates=sorted(d for d, _, _ in batches),
                   quarantine=quarantined)
        written = [write_batch(spark, fs, ctx, date, bdf, n) for date, bdf, n in batches]
    finally:
        df.unpersist()
    new_state = next_state(spark, table, previous, written, run_id, run_date, ingest_ts)
    state.write(fs, lake, name, new_state)
    log.info(f"landing {name}: {sum(w['rows'] for w in written)} rows in {len(written)} batch(es); state updated")


def conform(df, table):
    """Cast declared columns to their declared types; refuse a source missing one of them."""
    by_lower = {c.lower(): c for c in df.columns}
    missing = [c["name"] for c in table["columns"] if c["name"].lower() not in by_lower]
    if missing:
        raise JobError(f"declared column(s) {missing} not found in the source table (it has {df.columns})")
    # bronze adds snapshot_date (snapshots) / event_date (events) as data columns
    added = {"snapshot": lineage.SNAPSHOT_DATE, "event": lineage.EVENT_DATE}.get(table["behaviour"]["kind"])
    clash = sorted((RESERVED | {added}) & set(df.columns))
    if clash:
        raise JobError(f"source column(s) {clash} collide with columns the lake adds; rename them in the source")
    declared = {c["name"].lower(): c["type"] for c in table["columns"]}
    cols = []
    for c in df.columns:
        t = declared.get(c.lower())
        if t is None:
            cols.append(F.col(f"`{c}`"))
        else:
            cols.append(F.col(f"`{c}`").cast(parse_type(t, f"table {table['name']} column {c}")).alias(c))
    return df.select(*cols)


def event_date_expr(table):
    """Each row's event date (facts and events), None for the other behaviours."""
    b = table["behaviour"]
    if b["kind"] not in ("fact", "event"):
        return None
    return F.to_date(F.col(f"`{b['eventDate'] if b['kind'] == 'fact' else b['eventTime']}`"))


def split_batches(df, table, run_date):
    """[(folder date, rows, expected row count)]: the run date, or one batch per event date for
    facts and events. One Spark job counts the rows of every batch. `df` holds placeable rows
    only (landing_quarantine.split took the others out)."""
    if table["behaviour"]["kind"] in ("snapshot", "mutableDimension"):
        return [(run_date.isoformat(), df, df.count())]
    day = event_date_expr(table)
    counts = {r["d"]: r["n"] for r in df.groupBy(day.alias("d")).agg(F.count(F.lit(1)).alias("n")).collect()}
    if not counts:  # an empty extract still leaves a (skippable) batch so the run is visible
        return [(run_date.isoformat(), df, 0)]
    return [(d.isoformat(), df.filter(day == F.lit(d)), counts[d]) for d in sorted(counts)]


def write_batch(spark, fs, ctx, date, bdf, extracted):
    table, run_id = ctx["table"], ctx["run_id"]
    kind = table["behaviour"]["kind"]
    out = paths.batch_dir(ctx["spec"]["lake"], table["name"], kind, date, run_id)
    fs.delete(out)  # leftovers of a crashed attempt with the same run id
    bdf.write.mode("errorifexists").option("mapreduce.fileoutputcommitter.marksuccessfuljobs", "false").parquet(out)

    files = [f for f in fs.list_files(out) if f[0].endswith(".parquet")]
    back = spark.read.parquet(out)
    watermark = _watermark_expr(table["behaviour"])
    profile, rows, max_watermark = column_profile(back, ctx["business"], watermark)
    expected_hash = schema_hash(bdf.schema)
    checks = [
        _check("schema_readback", schema_hash(back.schema) == expected_hash, "Parquet schema differs from the extract"),
        _check("row_count_readback", rows == extracted, f"read back {rows} rows, extracted {extracted}"),
    ]
    nullable = {c["name"]: c["nullable"] for c in table["columns"]}
    for col in ctx["business"]:
        must = col in table["keys"] or nullable.get(col) is False
        nulls = profile.get(col, {}).get("null_count", 0)
        if must:
            checks.append(_check(f"not_null:{col}", nulls == 0, f"{nulls} null value(s)"))

    manifest = {
        "manifest_version": MANIFEST_VERSION,
        "producer": PRODUCER,
        "pipeline": ctx["spec"]["pipeline"],
        "app": ctx["spec"]["app"],
        "source": {k: ctx["spec"]["source"][k] for k in ("system", "name", "schema")},
        "table": table["name"],
        "behaviour": kind,
        "keys": table["keys"],
        "run_id": run_id,
        "run_date": ctx["run_date"].isoformat(),
        "ingest_ts": ctx["ingest_ts"],
        "batch_type": ctx["window"].batch_type,
        "mode": paths.mode_of(kind),
        "partition": {"field": paths.PARTITION_FIELD[kind], "value": date},
        "query": ctx["sql"],
        "window": ctx["window"].as_manifest(),
        "watermark": _watermark_info(table, ctx["window"], max_watermark),
        "event_dates_covered": ctx["event_dates"] if kind in ("fact", "event") else None,
        "schema": [{"name": f.name, "type": f.dataType.simpleString()} for f in bdf.schema.fields],
        "schema_hash": expected_hash,
        "row_count": rows,
        "file_count": len(files),
        "files": [{"name": n, "size": size, "sha256": fs.sha256(paths.join(out, n))} for n, size in files],
        "columns": profile,
        "checks": checks,
        # rows of this run's extract of the table that no batch holds (null event column or key)
        "quarantine": ctx["quarantine"],
    }
    manifest_uri = paths.join(out, paths.MANIFEST)
    fs.write_text(manifest_uri, dumps(manifest))
    if json.loads(fs.read_text(manifest_uri)) != json.loads(dumps(manifest)):
        raise JobError(f"{manifest_uri} did not read back identically; no _SUCCESS written")
    failed = [c for c in checks if c["status"] != "passed"]
    if failed:
        raise QualityError(f"batch {out} failed check(s) " + "; ".join(f"{c['name']}: {c['detail']}" for c in failed)
                           + " (manifest written for inspection, no _SUCCESS)")
    fs.write_text(paths.join(out, paths.SUCCESS), "")
    log.info(f"landed {out} ({rows} rows, {len(files)} file(s))")
    return {"dir": out, "manifest": manifest_uri, "rows": rows, "date": date, "profile": profile,
            "max_watermark": max_watermark}


def _check(name, ok, detail):
    return {"name": name, "status": "passed" if ok else "failed", "detail": None if ok else detail}


def _watermark_expr(b):
    """The column a mutable dimension's window is on: the watermark, else the created column."""
    if b["kind"] != "mutableDimension":
        return None
    col = F.col(f"`{b['watermark']}`")
    return F.coalesce(col, F.col(f"`{b['created']}`")) if b.get("created") else col


def _watermark_info(table, window, max_watermark):
    b = table["behaviour"]
    if b["kind"] != "mutableDimension":
        return None
    return {
        "column": b["watermark"],
        "created_column": b.get("created"),
        "granularity": b["granularity"],
        "from": window.lower,
        "to": window.upper,
        "max": max_watermark,
    }


def next_state(spark, table, previous, written, run_id, run_date, ingest_ts):
    b = table["behaviour"]
    prev = previous or {}
    st = {
        "table": table["name"],
        "behaviour": b["kind"],
        "last_run_id": run_id,
        "last_run_date": run_date.isoformat(),
        "last_ingest_ts": ingest_ts,
        "last_manifest_path": written[-1]["manifest"],
    }
    if b["kind"] == "mutableDimension":
        profile = written[0]["profile"]
        mx = written[0]["max_watermark"]
        st.update({
            "watermark_column": b["watermark"],
            "created_column": b.get("created"),
            "granularity": b["granularity"],
            # an empty window keeps the previous watermark: the next run re-reads from there
            "last_watermark": mx if mx is not None else prev.get("last_watermark"),
            "last_updated_at": profile.get(b["watermark"], {}).get("max") or prev.get("last_updated_at"),
            "last_created_at": (profile.get(b["created"], {}).get("max") if b.get("created") else None)
            or prev.get("last_created_at"),
        })
    elif b["kind"] in ("fact", "event"):
        dates = [w["date"] for w in written if w["rows"] > 0]
        st["last_event_date"] = max(dates + ([prev["last_event_date"]] if prev.get("last_event_date") else []), default=None)
    return st
