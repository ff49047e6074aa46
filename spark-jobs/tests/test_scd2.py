"""SCD type 2: duplicates, late and out-of-order rows, deletes, re-opened keys, reruns."""
from support import data, jobs, specs

T = ["order_status_history"]


def run_all(spark, lake, pg, run_date, run_id, tables=T):
    jobs.run(spark, specs.make("shop.landing.json", lake, pg, tables=tables), run_date, f"land-{run_id}")
    jobs.run(spark, specs.make("shop.bronze.json", lake, tables=tables), run_date, f"bronze-{run_id}")
    jobs.run(spark, specs.make("shop.silver.json", lake, tables=tables), run_date, f"silver-{run_id}")


def history(spark, lake, target="fct_order_status", key="order_id", value="status"):
    cols = [key, value, "valid_from", "valid_to", "is_current"]
    return [(r[0], r[1], str(r[2])[11:16], str(r[3])[11:16] if r[3] else None, r[4])
            for r in jobs.rows(spark, f"{lake['silver']}/{target}", cols, order=[key, "valid_from"])]


def test_scd2_timeline_with_late_out_of_order_rows_and_deletes(spark, pg, lake):
    data.create(pg, *T)
    data.insert(pg, "order_status_history", [
        (1, "new", "2025-01-03 10:00:00"), (1, "paid", "2025-01-03 11:00:00"),
        (1, "paid", "2025-01-03 11:00:00"),  # exact duplicate
        (1, "paid", "2025-01-03 11:30:00"),  # same status again: no new version
        (2, "new", "2025-01-03 10:00:00"),
    ])
    run_all(spark, lake, pg, "2025-01-03", "1")
    assert history(spark, lake) == [
        (1, "new", "10:00", "11:00", False), (1, "paid", "11:00", None, True),
        (2, "new", "10:00", None, True)]

    # next run: rows that happened BEFORE what silver already has arrive late, out of order
    data.insert(pg, "order_status_history", [
        (1, "shipped", "2025-01-04 12:00:00"),
        (1, "packed", "2025-01-03 10:30:00"),     # late: between 'new' and 'paid'
        (2, "new", "2025-01-03 09:00:00"),        # late, same status: the version starts earlier
        (2, "cancelled", "2025-01-04 13:00:00"),  # deleteWhen: closes the current version
    ])
    run_all(spark, lake, pg, "2025-01-04", "2")
    assert history(spark, lake) == [
        (1, "new", "10:00", "10:30", False), (1, "packed", "10:30", "11:00", False),
        (1, "paid", "11:00", "12:00", False), (1, "shipped", "12:00", None, True),
        (2, "new", "09:00", "13:00", False)]  # deleted: no current version

    # rerun of the whole chain with the same ids: nothing changes
    before = jobs.versions(spark, lake, ["fct_order_status"])
    run_all(spark, lake, pg, "2025-01-04", "2")
    assert jobs.versions(spark, lake, ["fct_order_status"]) == before

    # the deleted key comes back; a late row lands inside the closed version
    data.insert(pg, "order_status_history", [(2, "new", "2025-01-04 15:00:00"), (2, "paid", "2025-01-03 12:00:00")])
    run_all(spark, lake, pg, "2025-01-04", "3")
    assert history(spark, lake)[4:] == [
        (2, "new", "09:00", "12:00", False), (2, "paid", "12:00", "13:00", False),
        (2, "new", "15:00", None, True)]
    one_current = jobs.delta(spark, f"{lake['silver']}/fct_order_status").filter("is_current") \
        .groupBy("order_id").count().collect()
    assert sorted((r[0], r[1]) for r in one_current) == [(1, 1), (2, 1)]


def test_scd2_on_a_mutable_dimension(spark, pg, lake):
    """clients: versions by updated_at, tracked name/email, is_deleted closes the client."""
    data.create(pg, "clients")
    data.insert(pg, "clients", [(1, "Ann", "ann@x.io", "2025-01-01", "2025-01-02 10:00:00", False),
                                (2, "Bob", "bob@x.io", "2025-01-01", "2025-01-02 11:00:00", False)])
    run_all(spark, lake, pg, "2025-01-03", "1", tables=["clients"])
    pg.sql("UPDATE clients SET email = 'ann@new.io', updated_at = '2025-01-04 09:00:00' WHERE id = 1;"
           "UPDATE clients SET is_deleted = true, updated_at = '2025-01-04 10:00:00' WHERE id = 2")
    run_all(spark, lake, pg, "2025-01-04", "2", tables=["clients"])
    rows = jobs.rows(spark, f"{lake['silver']}/dim_clients", ["client_id", "email", "valid_from", "valid_to", "is_current"],
                     order=["client_id", "valid_from"])
    assert [(r[0], r[1], str(r[2]), str(r[3]) if r[3] else None, r[4]) for r in rows] == [
        (1, "ann@x.io", "2025-01-02 10:00:00", "2025-01-04 09:00:00", False),
        (1, "ann@new.io", "2025-01-04 09:00:00", None, True),
        (2, "bob@x.io", "2025-01-02 11:00:00", "2025-01-04 10:00:00", False)]
