"""Silver: renames, casts, dedupe, filters and quarantine, write modes, partitioning."""
import pytest

from lakehouse_jobs.errors import QualityError
from support import data, jobs, specs


def run_all(spark, lake, pg, tables, run_date, run_id, silver_edit=None):
    jobs.run(spark, specs.make("shop.landing.json", lake, pg, tables=tables), run_date, f"land-{run_id}")
    jobs.run(spark, specs.make("shop.bronze.json", lake, tables=tables), run_date, f"bronze-{run_id}")
    jobs.run(spark, specs.make("shop.silver.json", lake, tables=tables, edit=silver_edit), run_date, f"silver-{run_id}")


def zone_as_int(spec):
    specs.table(spec, "stores")["silver"]["casts"] = {"zone": "int"}


def quarantine(spark, lake, target, cols):
    return jobs.rows(spark, f"{lake['quarantine']}/{target}", cols + ["_failed_rules"], order=cols)


def test_filters_quarantine_casts_merge_and_deletes(spark, pg, lake):
    data.create(pg, "orders", "stores")
    data.insert(pg, "orders", [
        (1, 1, "2025-01-03", "10.00", "new"),
        (2, 2, "2025-01-03", "-1.00", "new"),     # amount_non_negative -> quarantine
        (3, None, "2025-01-03", "5.00", "new"),   # has_client (drop) -> dropped
        (4, 3, "2025-01-03", "-2.00", "weird"),   # two quarantine rules
        (5, None, "2025-01-03", "-3.00", "new"),  # a drop and a quarantine rule -> quarantine, both recorded
        (6, 1, "2025-01-03", "1.00", "paid"),
    ])
    data.insert(pg, "stores", [(1, "North", "1"), (2, "South", "x")])
    tables = ["orders", "stores"]
    run_all(spark, lake, pg, tables, "2025-01-03", "1", silver_edit=zone_as_int)

    silver = lake["silver"]
    assert jobs.rows(spark, f"{silver}/fct_orders", ["order_id", "client_id", "total_amount", "status"]) == [
        (1, 1, 10, "new"), (6, 1, 1, "paid")]
    df = jobs.delta(spark, f"{silver}/fct_orders")
    assert dict(df.dtypes)["total_amount"] == "decimal(14,2)" and "amount" not in df.columns  # rename + cast
    assert jobs.partition_columns(spark, f"{silver}/fct_orders") == ["order_date"]
    assert quarantine(spark, lake, "fct_orders", ["order_id", "total_amount", "status"]) == [
        (2, -1, "new", ["amount_non_negative"]),
        (4, -2, "weird", ["amount_non_negative", "known_status"]),
        (5, -3, "new", ["amount_non_negative", "has_client"])]
    # a value that does not cast: quarantined with its original text
    assert jobs.rows(spark, f"{silver}/dim_stores", ["store_id", "zone"]) == [(1, 1)]
    assert quarantine(spark, lake, "dim_stores", ["store_id", "zone"]) == [(2, "x", ["cast:zone"])]

    # silver again without new bronze rows: incremental modes write nothing, overwrite rewrites
    # the same rows, nothing is quarantined twice
    before = jobs.versions(spark, lake, ["fct_orders"])
    q_before = jobs.version(spark, f"{lake['quarantine']}/dim_stores")
    jobs.run(spark, specs.make("shop.silver.json", lake, tables=tables, edit=zone_as_int), "2025-01-03", "silver-1b")
    assert jobs.versions(spark, lake, ["fct_orders"]) == before
    assert jobs.rows(spark, f"{silver}/dim_stores", ["store_id", "zone"]) == [(1, 1)]
    assert quarantine(spark, lake, "dim_stores", ["store_id", "zone"]) == [(2, "x", ["cast:zone"])]
    assert jobs.version(spark, f"{lake['quarantine']}/dim_stores") >= q_before

    # the source changes and 2025-01-03 is landed again (a retried run): order 1 is deleted
    # upstream, 6 changes, 2 is fixed, 7 is new; 4 still has an unknown status
    pg.sql("UPDATE orders SET status = 'deleted' WHERE id = 1; UPDATE orders SET amount = 2.00 WHERE id = 6; "
           "UPDATE orders SET amount = 1.00 WHERE id = 2")
    data.insert(pg, "orders", [(7, 2, "2025-01-03", "8.00", "new")])
    jobs.run(spark, specs.make("shop.landing.json", lake, pg, tables=["orders"]), "2025-01-03", "land-2")
    jobs.run(spark, specs.make("shop.bronze.json", lake, tables=["orders"]), "2025-01-03", "bronze-2")

    def strict_status(spec):
        next(f for f in specs.table(spec, "orders")["silver"]["filters"] if f["name"] == "known_status")["onFail"] = "fail"

    # orders is refused; stores, in the same job, is still written (one bad table never stops the others)
    before = jobs.versions(spark, lake, ["fct_orders"])
    stores_before = jobs.version(spark, f"{silver}/dim_stores")
    with pytest.raises(QualityError, match=r"1 row\(s\) failed filter\(s\) with onFail 'fail' \['known_status'\]") as e:
        jobs.run(spark, specs.make("shop.silver.json", lake, tables=tables, edit=lambda s: (strict_status(s), zone_as_int(s))),
                 "2025-01-03", "s-x")
    assert "silver: 1 of 2 table(s) not written" in str(e.value) and "orders:" in str(e.value)
    assert jobs.versions(spark, lake, ["fct_orders"]) == before  # nothing written, quarantine included
    assert jobs.version(spark, f"{silver}/dim_stores") == stores_before + 1

    jobs.run(spark, specs.make("shop.silver.json", lake, tables=["orders"]), "2025-01-03", "silver-2")
    assert jobs.rows(spark, f"{silver}/fct_orders", ["order_id", "total_amount", "status", "_silver_run_id"]) == [
        (2, 1, "new", "silver-2"), (6, 2, "paid", "silver-2"), (7, 8, "new", "silver-2")]
    q = jobs.delta(spark, f"{lake['quarantine']}/fct_orders")
    assert q.count() == 3  # order 4 failed the same rules again: not quarantined twice


def latest_status(spec):
    """order_status_history as a plain upsert: the latest status per order."""
    s = specs.table(spec, "order_status_history")["silver"]
    s["dedupe"] = {"keys": ["order_id"], "orderBy": "status_datetime"}
    s["write"] = {"mode": "merge", "keys": ["order_id"]}


def test_dedupe_overwrite_append_and_scd1(spark, pg, lake):
    tables = ["order_status_history", "stores", "payments", "products"]
    data.create(pg, *tables)
    data.insert(pg, "order_status_history", [(1, "new", "2025-01-03 10:00:00"), (1, "paid", "2025-01-03 11:00:00"),
                                             (1, "paid", "2025-01-03 11:00:00"), (2, "new", "2025-01-03 09:00:00")])
    data.insert(pg, "stores", [(1, "North", "A"), (2, "South", "B")])
    data.insert(pg, "payments", [(1, "2025-01-03", "10.00")])
    data.insert(pg, "products", [(1, "Tea", "3.50", "2025-01-03 09:00:00")])
    run_all(spark, lake, pg, tables, "2025-01-03", "1", silver_edit=latest_status)
    silver = lake["silver"]
    assert jobs.rows(spark, f"{silver}/fct_order_status", ["order_id", "status"]) == [(1, "paid"), (2, "new")]

    pg.sql("DELETE FROM stores WHERE id = 2; UPDATE products SET price = 4.25, updated_at = '2025-01-04 08:00:00'")
    data.insert(pg, "stores", [(3, "East", "C")])
    data.insert(pg, "payments", [(2, "2025-01-04", "4.00")])  # the lookback re-reads payment 1 as well
    data.insert(pg, "order_status_history", [(2, "shipped", "2025-01-04 12:00:00")])
    run_all(spark, lake, pg, tables, "2025-01-04", "2", silver_edit=latest_status)
    assert jobs.rows(spark, f"{silver}/dim_stores", ["store_id", "name"]) == [(1, "North"), (3, "East")]  # overwrite
    assert jobs.rows(spark, f"{silver}/fct_payments", ["order_id", "amount"]) == [(1, 10), (2, 4)]  # appended once
    assert jobs.rows(spark, f"{silver}/dim_products", ["id", "price"]) == [(1, 4.25)]
    assert dict(jobs.delta(spark, f"{silver}/dim_products").dtypes)["price"] == "decimal(12,2)"
    assert jobs.rows(spark, f"{silver}/fct_order_status", ["order_id", "status"]) == [(1, "paid"), (2, "shipped")]

    # the same day landed again under a new run id: the append stays duplicate-free
    jobs.run(spark, specs.make("shop.landing.json", lake, pg, tables=["payments"]), "2025-01-04", "land-2b")
    jobs.run(spark, specs.make("shop.bronze.json", lake, tables=["payments"]), "2025-01-04", "bronze-2b")
    jobs.run(spark, specs.make("shop.silver.json", lake, tables=["payments"]), "2025-01-04", "silver-2b")
    assert jobs.rows(spark, f"{silver}/fct_payments", ["order_id", "amount"]) == [(1, 10), (2, 4)]
