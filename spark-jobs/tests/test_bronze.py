"""Bronze: discovery of complete batches, the apply registry, write strategies, lineage."""
from support import data, jobs, specs

# one table per write strategy: snapshot replace, dimension merge, fact replace-per-date, event merge
ALL = ["stores", "clients", "orders", "order_status_history"]


def seed(pg):
    data.create(pg, *ALL)
    data.insert(pg, "stores", [(1, "North", "A"), (2, "South", "B")])
    data.insert(pg, "clients", [(1, "Ann", "ann@x.io", "2025-01-01", "2025-01-02 10:00:00", False)])
    data.insert(pg, "orders", [(1, 1, "2025-01-02", "10.00", "new"), (2, 1, "2025-01-03", "4.00", "new")])
    data.insert(pg, "order_status_history", [(1, "new", "2025-01-03 10:00:00"), (1, "new", "2025-01-03 10:00:00"),
                                             (1, "paid", "2025-01-03 11:00:00")])


def snapshot_of(spark, lake):
    """Business content of every bronze table (lineage columns excluded)."""
    out = {}
    for t in ALL:
        df = jobs.delta(spark, f"{lake['bronze']}/{t}")
        cols = [c for c in df.columns if not c.startswith("_")]
        out[t] = sorted(tuple(r) for r in df.select(*cols).collect())
    return out


def registry(spark, lake):
    return jobs.delta(spark, lake["registry"])


def test_rerun_applies_nothing_twice(spark, pg, lake):
    seed(pg)
    land = specs.make("shop.landing.json", lake, pg, tables=ALL)
    bronze = specs.make("shop.bronze.json", lake, tables=ALL)
    jobs.run(spark, land, "2025-01-03", "run-1")
    jobs.run(spark, bronze, "2025-01-03", "bronze-1")
    first = snapshot_of(spark, lake)
    versions = jobs.versions(spark, lake, ALL)
    assert first["order_status_history"] == [(1, "new", jobs.ts("2025-01-03 10:00:00"), jobs.d("2025-01-03")),
                                             (1, "paid", jobs.ts("2025-01-03 11:00:00"), jobs.d("2025-01-03"))]

    # landing and bronze again with the same ids: nothing new anywhere
    jobs.run(spark, land, "2025-01-03", "run-1")
    jobs.run(spark, bronze, "2025-01-03", "bronze-2")
    assert snapshot_of(spark, lake) == first
    assert jobs.versions(spark, lake, ALL) == versions
    reg = registry(spark, lake)
    assert reg.groupBy("batch_path").count().filter("count > 1").count() == 0
    assert reg.filter("status = 'applied'").count() == reg.count() == 5  # 4 tables, orders has 2 dates

    # a retried landing (new run id, same date) lands the same rows again: bronze content
    # unchanged, and no bronze table gets a new Delta version (replace and MERGE alike)
    jobs.run(spark, land, "2025-01-03", "run-1-retry")
    jobs.run(spark, bronze, "2025-01-03", "bronze-3")
    assert snapshot_of(spark, lake) == first
    assert registry(spark, lake).groupBy("batch_path").count().filter("count > 1").count() == 0
    after = jobs.versions(spark, lake, ALL)
    assert {k: v for k, v in after.items() if k != "registry"} == {k: v for k, v in versions.items() if k != "registry"}
    retried = registry(spark, lake).filter("landing_run_id = 'run-1-retry'").collect()  # incremental: 1 orders date
    assert len(retried) == 4 and all(r["status"] == "applied" and "no commit" in r["detail"] for r in retried)

    # lineage columns
    row = jobs.delta(spark, lake["bronze"] + "/clients").collect()[0]
    # an unchanged re-read does not touch a merged row: its lineage is the run that last changed it
    assert row["_bronze_last_run_id"] == "bronze-1" and row["_ingest_run_id"] == "run-1"
    assert row["_bronze_last_manifest_path"].endswith(
        "/clients/mode=incremental/extract_date=2025-01-03/run_id=run-1/_manifest.json")
    stores = jobs.delta(spark, lake["bronze"] + "/stores").collect()  # the retry changed nothing: not rewritten
    assert {(r["_ingest_run_id"], r["_bronze_last_run_id"]) for r in stores} == {("run-1", "bronze-1")}
    assert row["_bronze_last_apply_ts"] is not None


def test_snapshot_newest_batch_per_date_supersedes_older(spark, pg, lake):
    data.create(pg, "stores")
    data.insert(pg, "stores", [(1, "North", "A"), (2, "South", "B")])
    land = specs.make("shop.landing.json", lake, pg, tables=["stores"])
    bronze = specs.make("shop.bronze.json", lake, tables=["stores"])
    jobs.run(spark, land, "2025-01-03", "run-a")
    pg.sql("DELETE FROM stores WHERE id = 2; UPDATE stores SET zone = 'Z' WHERE id = 1")
    jobs.run(spark, land, "2025-01-03", "run-b")  # same date, landed twice before bronze runs
    data.insert(pg, "stores", [(3, "East", "C")])
    jobs.run(spark, land, "2025-01-04", "run-c")
    jobs.run(spark, bronze, "2025-01-04", "bronze-1")
    assert jobs.rows(spark, lake["bronze"] + "/stores", ["snapshot_date", "id", "zone", "_ingest_run_id"]) == [
        (jobs.d("2025-01-03"), 1, "Z", "run-b"),
        (jobs.d("2025-01-04"), 1, "Z", "run-c"), (jobs.d("2025-01-04"), 3, "C", "run-c")]
    status = {r["landing_run_id"]: (r["status"], r["partition_value"]) for r in registry(spark, lake).collect()}
    assert status == {"run-a": ("superseded", "2025-01-03"), "run-b": ("applied", "2025-01-03"),
                      "run-c": ("applied", "2025-01-04")}
    assert "snapshot_date" in jobs.partition_columns(spark, lake["bronze"] + "/stores")


def test_lookback_facts_and_events_merge_without_duplicates(spark, pg, lake):
    data.create(pg, "payments", "order_status_history", "orders")
    data.insert(pg, "payments", [(1, "2025-01-02", "10.00"), (2, "2025-01-03", "3.00")])
    data.insert(pg, "orders", [(1, 1, "2025-01-03", "1.00", "new")])
    data.insert(pg, "order_status_history", [(1, "new", "2025-01-02 10:00:00")])
    tables = ["payments", "order_status_history", "orders"]
    land = specs.make("shop.landing.json", lake, pg, tables=tables)
    bronze = specs.make("shop.bronze.json", lake, tables=tables)
    jobs.run(spark, land, "2025-01-03", "run-1")
    jobs.run(spark, bronze, "2025-01-03", "b-1")

    # next day: a correction inside the payments lookback, new rows, a duplicated event,
    # and an order row that changed after its day was landed (lookback 0: not re-read)
    pg.sql("UPDATE payments SET amount = 30.00 WHERE order_id = 2")
    data.insert(pg, "payments", [(3, "2025-01-04", "5.00")])
    data.insert(pg, "order_status_history", [(1, "paid", "2025-01-03 09:00:00"), (1, "paid", "2025-01-03 09:00:00")])
    data.insert(pg, "orders", [(2, 1, "2025-01-04", "2.00", "new")])
    jobs.run(spark, land, "2025-01-04", "run-2")
    jobs.run(spark, bronze, "2025-01-04", "b-2")
    assert jobs.rows(spark, lake["bronze"] + "/payments", ["order_id", "payment_date", "amount"]) == [
        (1, jobs.d("2025-01-02"), 10), (2, jobs.d("2025-01-03"), 30), (3, jobs.d("2025-01-04"), 5)]
    assert jobs.rows(spark, lake["bronze"] + "/order_status_history", ["order_id", "status", "event_date"]) == [
        (1, "new", jobs.d("2025-01-02")), (1, "paid", jobs.d("2025-01-03"))]
    assert jobs.rows(spark, lake["bronze"] + "/orders", ["id", "order_date"]) == [
        (1, jobs.d("2025-01-03")), (2, jobs.d("2025-01-04"))]
    # the re-read window landed 2025-01-03 again for payments: merged, counted once
    reg = registry(spark, lake).filter("table_name = 'payments' AND partition_value = '2025-01-03'")
    assert sorted(r["landing_run_id"] for r in reg.collect()) == ["run-1", "run-2"]
