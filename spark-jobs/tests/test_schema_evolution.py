"""Schema evolution: new source columns flow to bronze and silver; narrowing is refused."""
import pytest

from lakehouse_jobs.errors import SchemaEvolutionError
from support import data, jobs, specs

T = ["orders"]


def land_and_bronze(spark, lake, pg, run_date, run_id, landing_edit=None):
    jobs.run(spark, specs.make("shop.landing.json", lake, pg, tables=T, edit=landing_edit), run_date, f"land-{run_id}")
    jobs.run(spark, specs.make("shop.bronze.json", lake, tables=T), run_date, f"bronze-{run_id}")


def silver(spark, lake, run_date, run_id, **changes):
    def edit(spec):
        s = specs.table(spec, "orders")["silver"]
        for k, v in changes.items():
            s[k] = v
    jobs.run(spark, specs.make("shop.silver.json", lake, tables=T, edit=edit), run_date, f"silver-{run_id}")


def test_new_columns_flow_through_and_narrowing_is_refused(spark, pg, lake):
    data.create(pg, *T)
    data.insert(pg, "orders", [(1, 1, "2025-01-03", "10.00", "new")])
    land_and_bronze(spark, lake, pg, "2025-01-03", "1")
    silver(spark, lake, "2025-01-03", "1")

    # a column appears in PostgreSQL
    pg.sql("ALTER TABLE orders ADD COLUMN channel text")
    pg.sql("INSERT INTO orders VALUES (2, 1, '2025-01-04', 5.00, 'new', 'web')")
    land_and_bronze(spark, lake, pg, "2025-01-04", "2")
    assert jobs.rows(spark, lake["bronze"] + "/orders", ["id", "channel"]) == [(1, None), (2, "web")]

    before = jobs.versions(spark, lake, ["fct_orders"])
    with pytest.raises(SchemaEvolutionError, match=r"new column 'channel' \(string\) but schemaEvolution is 'fail'"):
        silver(spark, lake, "2025-01-04", "x1", schemaEvolution="fail")
    assert jobs.versions(spark, lake, ["fct_orders"]) == before
    silver(spark, lake, "2025-01-04", "2")
    assert jobs.rows(spark, lake["silver"] + "/fct_orders", ["order_id", "channel"]) == [(1, None), (2, "web")]

    # a cast that would narrow an existing silver column: refused, nothing written
    pg.sql("INSERT INTO orders VALUES (3, 2, '2025-01-05', 7.00, 'new', 'app')")
    land_and_bronze(spark, lake, pg, "2025-01-05", "3")
    before = jobs.versions(spark, lake, ["fct_orders"])
    with pytest.raises(SchemaEvolutionError) as e:
        silver(spark, lake, "2025-01-05", "x2", casts={"total_amount": "decimal(10,2)"})
    assert ("column 'total_amount': the table has decimal(14,2), this run produces decimal(10,2) — "
            "type narrowing is refused") in str(e.value)
    assert "nothing was written" in str(e.value)
    with pytest.raises(SchemaEvolutionError, match="incompatible type change is refused"):
        silver(spark, lake, "2025-01-05", "x3", casts={"total_amount": "string"})
    assert jobs.versions(spark, lake, ["fct_orders"]) == before

    # widening is applied (Delta type widening)
    silver(spark, lake, "2025-01-05", "3", casts={"total_amount": "decimal(16,2)"})
    df = jobs.delta(spark, lake["silver"] + "/fct_orders")
    assert dict(df.dtypes)["total_amount"] == "decimal(16,2)"
    assert sorted((r[0], r[1]) for r in df.select("order_id", "total_amount").collect()) == [(1, 10), (2, 5), (3, 7)]

    # bronze refuses a narrower landing type too, before touching anything
    def client_id_smallint(spec):
        next(c for c in specs.table(spec, "orders")["columns"] if c["name"] == "client_id")["type"] = "smallint"

    pg.sql("INSERT INTO orders VALUES (4, 3, '2025-01-06', 1.00, 'new', 'web')")
    jobs.run(spark, specs.make("shop.landing.json", lake, pg, tables=T, edit=client_id_smallint), "2025-01-06", "land-4")
    before = jobs.versions(spark, lake, T)
    with pytest.raises(SchemaEvolutionError, match="column 'client_id': the table has int, this run produces smallint"):
        jobs.run(spark, specs.make("shop.bronze.json", lake, tables=T), "2025-01-06", "bronze-4")
    assert jobs.versions(spark, lake, T) == before
