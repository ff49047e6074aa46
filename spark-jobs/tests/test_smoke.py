from support import data, jobs, specs


def seed(pg):
    data.create(pg)
    data.insert(pg, "stores", [(1, "North", "A"), (2, "South", "B")])
    data.insert(pg, "clients", [(1, "Ann", "ann@x.io", "2025-01-01", "2025-01-02 10:00:00", False),
                                (2, "Bob", "bob-at-x.io", "2025-01-01", "2025-01-02 11:00:00", False)])
    data.insert(pg, "products", [(1, "Tea", "3.50", "2025-01-02 09:00:00")])
    data.insert(pg, "orders", [(1, 1, "2025-01-02", "10.00", "new"), (2, 2, "2025-01-03", "-1.00", "new"),
                               (3, None, "2025-01-03", "5.00", "new")])
    data.insert(pg, "payments", [(1, "2025-01-02", "10.00")])
    data.insert(pg, "order_status_history", [(1, "new", "2025-01-02 10:00:00"), (1, "paid", "2025-01-02 11:00:00"),
                                             (1, "paid", "2025-01-02 11:00:00")])


def test_all_layers_smoke(spark, pg, lake):
    seed(pg)
    jobs.run(spark, specs.make("shop.landing.json", lake, pg), "2025-01-03", "run-1")
    jobs.run(spark, specs.make("shop.bronze.json", lake), "2025-01-03", "bronze-1")
    jobs.run(spark, specs.make("shop.silver.json", lake), "2025-01-03", "silver-1")
    for t in ("dim_stores", "dim_clients", "dim_products", "fct_orders", "fct_payments", "fct_order_status"):
        df = jobs.delta(spark, f"{lake['silver']}/{t}")
        print(t, df.columns)
        df.show(truncate=False)
    jobs.delta(spark, f"{lake['quarantine']}/fct_orders").show(truncate=False)
    jobs.delta(spark, f"{lake['quarantine']}/dim_clients").show(truncate=False)
