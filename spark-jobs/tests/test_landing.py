"""Landing: JDBC extract -> Parquet, manifest, _SUCCESS, watermark state."""
import hashlib
import json
import os

import pytest

from lakehouse_jobs.errors import JobError
from lakehouse_jobs.schemas import schema_hash
from support import data, jobs, specs


def local(uri):
    return uri[len("file://"):]


def batch(lake, table, folder, run_id):
    mode = "snapshot" if folder.startswith("snapshot_date") else "incremental"
    return os.path.join(local(lake["raw"]), table, f"mode={mode}", folder, f"run_id={run_id}")


def manifest(path):
    with open(os.path.join(path, "_manifest.json")) as f:
        return json.load(f)


def state(lake, table):
    with open(os.path.join(local(lake["state"]), f"_state_{table}.json")) as f:
        return json.load(f)


def test_snapshot_batch_layout_manifest_and_success(spark, pg, lake):
    data.create(pg, "stores")
    data.insert(pg, "stores", [(1, "North", "A"), (2, "South", None), (3, "East", "C")])
    spec = specs.make("shop.landing.json", lake, pg, tables=["stores"])
    jobs.run(spark, spec, "2025-01-03", "scheduled__2025-01-03T04:15:00+00:00-1")

    out = batch(lake, "stores", "snapshot_date=2025-01-03", "scheduled__2025-01-03T04_15_00_00_00-1")
    names = sorted(n for n in os.listdir(out) if not n.startswith("."))
    parquet = [n for n in names if n.endswith(".parquet")]
    assert names == sorted(parquet + ["_SUCCESS", "_manifest.json"])
    assert os.path.getsize(os.path.join(out, "_SUCCESS")) == 0
    # _SUCCESS is written after the manifest
    assert os.path.getmtime(os.path.join(out, "_SUCCESS")) >= os.path.getmtime(os.path.join(out, "_manifest.json"))

    m = manifest(out)
    assert (m["table"], m["batch_type"], m["run_id"], m["row_count"], m["file_count"]) == (
        "stores", "snapshot", "scheduled__2025-01-03T04:15:00+00:00-1", 3, len(parquet))
    assert m["partition"] == {"field": "snapshot_date", "value": "2025-01-03"}
    for f in m["files"]:
        with open(os.path.join(out, f["name"]), "rb") as fh:
            body = fh.read()
        assert (len(body), hashlib.sha256(body).hexdigest()) == (f["size"], f["sha256"])
    df = spark.read.parquet("file://" + out)
    assert schema_hash(df.schema) == m["schema_hash"]
    assert m["columns"]["zone"] == {"min": "A", "max": "C", "null_count": 1}
    assert m["columns"]["id"] == {"min": "1", "max": "3", "null_count": 0}
    assert m["watermark"] is None and m["window"] is None
    assert m["query"].endswith(f'FROM "{pg.schema}"."stores"')
    assert all(c["status"] == "passed" for c in m["checks"])

    rows = {r["id"]: r for r in df.collect()}
    assert len(rows[1]["_row_hash"]) == 64 and rows[1]["_row_hash"] != rows[2]["_row_hash"]
    assert {(r["_ingest_run_id"], r["_source_system"], r["_source_table"], r["_op"]) for r in rows.values()} == {
        ("scheduled__2025-01-03T04:15:00+00:00-1", "shop_db", f"{pg.schema}.stores", "upsert")}
    assert state(lake, "stores")["last_run_id"] == "scheduled__2025-01-03T04:15:00+00:00-1"

    # the same run id again: already landed, nothing rewritten
    before = os.path.getmtime(os.path.join(out, "_SUCCESS"))
    jobs.run(spark, spec, "2025-01-03", "scheduled__2025-01-03T04:15:00+00:00-1")
    assert os.path.getmtime(os.path.join(out, "_SUCCESS")) == before


def test_mutable_dimension_bootstrap_then_watermark_advance(spark, pg, lake):
    data.create(pg, "clients", "products")
    data.insert(pg, "clients", [
        (1, "Ann", "ann@x.io", "2025-01-01", "2025-01-02 10:00:00", False),
        (2, "Bob", "bob@x.io", "2025-01-01", "2025-01-05 08:00:00", False),
        (3, "Cid", "cid@x.io", "2025-01-04", None, False),  # never updated: created column counts
    ])
    data.insert(pg, "products", [(1, "Tea", "3.50", "2025-01-05 09:00:00"), (2, "Jam", "2.00", "2025-01-05 09:30:00")])
    spec = specs.make("shop.landing.json", lake, pg, tables=["clients", "products"])
    jobs.run(spark, spec, "2025-01-05", "run-1")

    m1 = manifest(batch(lake, "clients", "extract_date=2025-01-05", "run-1"))
    assert (m1["batch_type"], m1["row_count"], m1["window"]) == ("bootstrap", 3, None)
    s1 = state(lake, "clients")
    assert (s1["last_watermark"], s1["last_run_id"], s1["granularity"]) == ("2025-01-05 08:00:00", "run-1", "day")
    assert state(lake, "products")["last_watermark"] == "2025-01-05 09:30:00"

    # between runs: an update, a new row without watermark, an untouched row
    pg.sql("UPDATE clients SET email = 'ann@new.io', updated_at = '2025-01-06 12:00:00' WHERE id = 1")
    data.insert(pg, "clients", [(4, "Dee", "dee@x.io", "2025-01-06", None, False)])
    pg.sql("UPDATE products SET price = 4.00, updated_at = '2025-01-06 07:00:00' WHERE id = 1")
    jobs.run(spark, spec, "2025-01-06", "run-2")

    m2 = manifest(batch(lake, "clients", "extract_date=2025-01-06", "run-2"))
    assert m2["batch_type"] == "incremental"
    assert m2["watermark"]["from"] == "2025-01-05" and m2["watermark"]["to"] == "2025-01-06"
    assert 'COALESCE("updated_at", "registration_date")' in m2["query"]
    raw = spark.read.parquet(lake["raw"] + "/clients/mode=incremental/extract_date=2025-01-06")
    got = {r["id"]: r["email"] for r in raw.collect()}
    # day windows include both ends: Bob's boundary day (01-05) is read again; Cid (01-04) is not
    assert got == {1: "ann@new.io", 2: "bob@x.io", 4: "dee@x.io"}
    assert state(lake, "clients")["last_watermark"] == "2025-01-06 12:00:00"

    p2 = manifest(batch(lake, "products", "extract_date=2025-01-06", "run-2"))
    assert p2["watermark"]["from"] == "2025-01-05 09:30:00" and p2["row_count"] == 1  # strictly after, timestamps

    # bronze upserts: one row per key, newest values
    jobs.run(spark, specs.make("shop.bronze.json", lake, tables=["clients", "products"]), "2025-01-06", "b-1")
    assert jobs.rows(spark, lake["bronze"] + "/clients", ["id", "email"]) == [
        (1, "ann@new.io"), (2, "bob@x.io"), (3, "cid@x.io"), (4, "dee@x.io")]
    assert jobs.rows(spark, lake["bronze"] + "/products", ["id", "price"]) == [(1, 4), (2, 2)]

    # state missing -> a full bootstrap again
    os.remove(os.path.join(local(lake["state"]), "_state_clients.json"))
    jobs.run(spark, spec, "2025-01-07", "run-3", tables=["clients"])
    assert manifest(batch(lake, "clients", "extract_date=2025-01-07", "run-3"))["batch_type"] == "bootstrap"


def test_facts_one_folder_per_event_date_and_lookback_window(spark, pg, lake):
    data.create(pg, "orders", "payments", "order_status_history")
    data.insert(pg, "orders", [(1, 1, "2025-01-01", "5.00", "new"), (2, 1, "2025-01-02", "7.00", "new")])
    data.insert(pg, "payments", [(1, "2025-01-01", "5.00"), (2, "2025-01-02", "7.00")])
    data.insert(pg, "order_status_history", [(1, "new", "2025-01-01 10:00:00"), (2, "new", "2025-01-02 23:59:59")])
    spec = specs.make("shop.landing.json", lake, pg, tables=["orders", "payments", "order_status_history"])
    jobs.run(spark, spec, "2025-01-02", "run-1")  # no state: the full table, one folder per date
    for table in ("orders", "payments", "order_status_history"):
        for day in ("2025-01-01", "2025-01-02"):
            m = manifest(batch(lake, table, f"event_date={day}", "run-1"))
            assert (m["batch_type"], m["row_count"], m["event_dates_covered"]) == ("bootstrap", 1, ["2025-01-01", "2025-01-02"])
    assert state(lake, "orders")["last_event_date"] == "2025-01-02"

    data.insert(pg, "orders", [(3, 2, "2025-01-05", "1.00", "new"), (4, 2, "2025-01-04", "1.00", "new")])
    data.insert(pg, "payments", [(3, "2025-01-03", "1.00"), (4, "2025-01-05", "1.00"), (5, "2025-01-02", "9.00")])
    jobs.run(spark, spec, "2025-01-05", "run-2")
    # lookback 0: the run date only -> order 4 (01-04) is not read
    assert manifest(batch(lake, "orders", "event_date=2025-01-05", "run-2"))["window"]["from"] == "2025-01-05"
    assert not os.path.exists(batch(lake, "orders", "event_date=2025-01-04", "run-2"))
    # lookback 3: [01-03, 01-06) -> payments 3 and 4, not 5 (01-02)
    m = manifest(batch(lake, "payments", "event_date=2025-01-03", "run-2"))
    assert (m["window"]["from"], m["window"]["to"], m["event_dates_covered"]) == ("2025-01-03", "2025-01-06",
                                                                                 ["2025-01-03", "2025-01-05"])
    assert not os.path.exists(batch(lake, "payments", "event_date=2025-01-02", "run-2"))


def test_failed_check_leaves_no_success_and_no_state(spark, pg, lake):
    data.create(pg, "stores", "orders")
    data.insert(pg, "stores", [(1, None, "A")])
    data.insert(pg, "orders", [(1, 1, "2025-01-01", "5.00", "new")])

    def strict_name(spec):  # declare stores.name NOT NULL; the source has a null
        next(c for c in specs.table(spec, "stores")["columns"] if c["name"] == "name")["nullable"] = False

    spec = specs.make("shop.landing.json", lake, pg, tables=["stores", "orders"], edit=strict_name)
    with pytest.raises(JobError) as e:
        jobs.run(spark, spec, "2025-01-03", "run-1")
    assert "stores" in str(e.value) and "not_null:name" in str(e.value) and "1 of 2 table(s)" in str(e.value)
    out = batch(lake, "stores", "snapshot_date=2025-01-03", "run-1")
    assert os.path.exists(os.path.join(out, "_manifest.json")) and not os.path.exists(os.path.join(out, "_SUCCESS"))
    assert not os.path.exists(os.path.join(local(lake["state"]), "_state_stores.json"))
    assert state(lake, "orders")["last_run_id"] == "run-1"  # the other table still landed


def test_missing_declared_column_is_a_clear_error(spark, pg, lake):
    data.create(pg, "stores")
    pg.sql("ALTER TABLE stores DROP COLUMN zone")
    spec = specs.make("shop.landing.json", lake, pg, tables=["stores"])
    with pytest.raises(JobError, match=r"declared column\(s\) \['zone'\] not found in the source table"):
        jobs.run(spark, spec, "2025-01-03", "run-1")


def test_unplaceable_rows_are_quarantined_and_the_chain_goes_on(spark, pg, lake):
    # placeholder rows without an event time (as the reference generator leaves them) and a
    # row without its key: no event_date folder / no key to merge on -> quarantine, not failure
    pg.sql("CREATE TABLE order_status_history (order_id int, status text, status_datetime timestamp)")
    data.insert(pg, "order_status_history", [
        (1, "new", "2025-01-01 10:00:00"), (2, "new", "2025-01-02 09:00:00"),
        (3, "placeholder", None), (4, "placeholder", None), (None, "orphan", "2025-01-02 11:00:00")])
    spec = specs.make("shop.landing.json", lake, pg, tables=["order_status_history"])
    jobs.run(spark, spec, "2025-01-02", "run-1")  # bootstrap: the whole table

    q = os.path.join(local(lake["quarantine"]), "_landing", "order_status_history", "run_id=run-1")
    held = sorted((r["order_id"] or 0, r["status"], tuple(r["_failed_rules"])) for r in spark.read.parquet("file://" + q).collect())
    assert held == [(0, "orphan", ("null_key:order_id",)),
                    (3, "placeholder", ("null_event_column:status_datetime", "null_key:status_datetime")),
                    (4, "placeholder", ("null_event_column:status_datetime", "null_key:status_datetime"))]
    for day, n in (("2025-01-01", 1), ("2025-01-02", 1)):
        m = manifest(batch(lake, "order_status_history", f"event_date={day}", "run-1"))
        assert m["row_count"] == n and all(c["status"] == "passed" for c in m["checks"])
        assert m["quarantine"] == {"rows": 3, "path": lake["quarantine"] + "/_landing/order_status_history/run_id=run-1",
                                   "rules": {"null_event_column:status_datetime": 2, "null_key:order_id": 1,
                                             "null_key:status_datetime": 2}}
    assert state(lake, "order_status_history")["last_event_date"] == "2025-01-02"

    # the next day is incremental (the state advanced); the unplaceable rows are still in the
    # source, so this run reports them again (placeholders: NULL matches every window; the
    # orphan's day is inside the 2-day lookback)
    data.insert(pg, "order_status_history", [(1, "paid", "2025-01-03 08:00:00")])
    jobs.run(spark, spec, "2025-01-03", "run-2")
    m = manifest(batch(lake, "order_status_history", "event_date=2025-01-03", "run-2"))
    assert (m["batch_type"], m["row_count"], m["quarantine"]["rows"]) == ("incremental", 1, 3)
    assert "IS NULL" in m["query"] and m["event_dates_covered"] == ["2025-01-02", "2025-01-03"]
    q2 = os.path.join(local(lake["quarantine"]), "_landing", "order_status_history", "run_id=run-2")
    assert sorted(r["order_id"] or 0 for r in spark.read.parquet("file://" + q2).collect()) == [0, 3, 4]

    # and bronze takes every placed row
    jobs.run(spark, specs.make("shop.bronze.json", lake, tables=["order_status_history"]), "2025-01-03", "b-1")
    assert jobs.rows(spark, lake["bronze"] + "/order_status_history", ["order_id", "status"]) == [
        (1, "new"), (1, "paid"), (2, "new")]
