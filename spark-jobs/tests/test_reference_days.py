"""Three days of reference-shaped source data (support/reference_days.py: NULL placeholder event
times, late payments, corrections, deleted future rows) through the committed facts-events job
specs: every day lands and reaches bronze, the landing quarantine holds exactly the rows that
cannot be placed, the state advances, and a retried day (new try number) leaves every bronze
table's Delta version unchanged.
"""
import datetime as dt
import json

from support import generated as G
from support import jobs
from support.reference_days import ReferenceDays
from test_generated_specs import Pair, as_date, deploy, run_folder, run_id  # noqa: F401 (deploy: fixture)

TABLES = ["orders", "order_product", "payments", "order_status_history", "delivery_tracking"]
FIRST = dt.date(2025, 1, 3)


def quarantined(spark, pair, table, day, try_number=1):
    """(order_id, status) of the rows landing quarantined for a table on a day, or None."""
    uri = f"{pair.landing['lake']['quarantine']}/_landing/{table}/{run_folder(day, try_number)}"
    if not exists(spark, uri):
        return None
    return sorted((r["order_id"], r["status"]) for r in spark.read.parquet(uri).collect())


def exists(spark, uri):
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(uri)
    return path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).exists(path)


def placeable_until(pair, table, day):
    """Source rows bronze must hold after `day`: event column set and not after `day` (distinct:
    bronze deduplicates events)."""
    spec = pair.specs[table]
    b = spec["behaviour"]
    i = [c["name"] for c in spec["columns"]].index(b["eventDate"] if b["kind"] == "fact" else b["eventTime"])
    return sorted({r for r in pair.source.rows(spec) if r[i] is not None and as_date(r[i]) <= day}, key=G.sort_key)


def null_event_rows(pair):
    spec = pair.specs["delivery_tracking"]
    cols = [c["name"] for c in spec["columns"]]
    rows = [r for r in pair.source.rows(spec) if r[cols.index("status_datetime")] is None]
    return sorted((r[cols.index("order_id")], r[cols.index("status")]) for r in rows)


def test_three_reference_days_land_reach_bronze_and_a_retry_changes_nothing(spark, deploy):
    pair = deploy(("landing-facts-events", "bronze-facts-events", TABLES))
    # the reference source allows NULL event times (the spec declares the key column NOT NULL)
    pair.source.execute(f"ALTER TABLE {G.ident(pair.source.schema)}.delivery_tracking "
                        f"ALTER COLUMN status_datetime DROP NOT NULL")
    days = ReferenceDays(pair.source, pair.specs, FIRST)
    state_dir = pair.landing["lake"]["state"][len("file://"):]

    for k in range(3):
        day = days.day(k)
        days.write(k)
        pair.run(spark, "landing", day)  # raises if any table failed
        pair.run(spark, "bronze", day)
        # the quarantine holds exactly the placeholders (all still in the source), nothing else
        assert quarantined(spark, pair, "delivery_tracking", day) == null_event_rows(pair), day
        assert len(null_event_rows(pair)) == (3, 5, 9)[k]
        for t in TABLES[:-1]:
            assert quarantined(spark, pair, t, day) is None, (t, day)
        for t in TABLES:
            with open(f"{state_dir}/_state_{t}.json") as f:
                assert json.load(f)["last_run_id"] == run_id(day), (t, day)
            # every placeable row up to the run date, never a (later deleted) future row
            assert pair.bronze_table(spark, t).business() == placeable_until(pair, t, day), (t, day)
        pair.assert_no_batch_applied_twice(spark)

    last = days.day(2)
    manifest = f"{pair.landing['lake']['raw']}/delivery_tracking/mode=incremental/event_date={last}/{run_folder(last)}"
    m = json.loads(open(manifest[len("file://"):] + "/_manifest.json").read())
    assert m["quarantine"]["rows"] == 9 and m["quarantine"]["rules"]["null_event_column:status_datetime"] == 9

    # Airflow retries the last day: new try number, new run id, the same rows landed again
    before = pair.versions(spark)
    pair.run(spark, "landing", last, try_number=2)
    pair.run(spark, "bronze", last, try_number=2)
    after = pair.versions(spark)
    assert {t: after[t] for t in TABLES} == {t: before[t] for t in TABLES}
    assert quarantined(spark, pair, "delivery_tracking", last, try_number=2) == null_event_rows(pair)
    for t in TABLES:
        assert pair.bronze_table(spark, t).business() == placeable_until(pair, t, last), t
