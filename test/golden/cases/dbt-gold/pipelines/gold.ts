// Staging and gold models over two bronze tables, tests of every kind, publish to PostgreSQL and Delta.
import {
  asView, column, daily, dbtProject, dbtRun, dbtSource, decimal, incremental, int64, isNotNull, isOneOf, isUnique, manual, model, postgresSource,
  references, satisfies, snapshot, table, text,
} from "../../../../../dsl/index.ts";
import { platform } from "./project.ts";

const db = postgresSource({
  name: "shop", schema: "public",
  connection: { host: "pg", database: "shop", user: platform.secrets.pgUser, password: platform.secrets.pgPassword },
  tables: {
    customers: table({ columns: { id: int64(), name: text() }, keys: ["id"], behaviour: snapshot() }),
    orders: table({ columns: { id: int64(), customer_id: int64(), status: text(), amount: decimal(10, 2) }, keys: ["id"], behaviour: snapshot() }),
  },
});

// The bronze tables are written by another project's Spark jobs.
const bronze = dbtSource("bronze", "bronze", { customers: db.tables.customers, orders: db.tables.orders }, { loadedAtField: "_bronze_last_apply_ts", freshness: { warnAfterHours: 24 }, external: true });

const stgCustomers = model({
  name: "stg_customers", sql: "silver/stg_customers.sql", layer: "silver", materialized: asView(), dependsOn: [bronze.tables.customers],
  columns: { customer_id: column("bigint", { tests: [isNotNull(), isUnique()] }), name: column("varchar", { description: "Customer's {{ display }} name, 'quoted'" }) },
});

export const fctOrders = model({
  name: "fct_orders", sql: "gold/fct_orders.sql", layer: "gold", alias: "orders_fact", tags: ["finance"],
  materialized: incremental({ uniqueKey: ["order_id"], lookbackDays: 3 }),
  dependsOn: [bronze.tables.orders, stgCustomers],
  columns: {
    order_id: column("bigint", { tests: [isNotNull(), isUnique()] }),
    customer_id: column("bigint", { tests: [references(stgCustomers, "customer_id", { severity: "warn" })] }),
    status: column("varchar", { tests: [isOneOf(["new", "paid", "it's {{ odd }}"])] }),
    amount: column("decimal(10,2)", { tests: [satisfies("amount >= 0")] }),
  },
  publish: { postgres: { schema: "marts" }, delta: true },
});

export const warehouse = dbtProject({
  name: "shop", image: platform.images.dbt, sources: [bronze], models: [stgCustomers, fctOrders],
  serving: { host: "pg", database: "serving", user: platform.secrets.pgUser, password: platform.secrets.pgPassword },
  artifacts: "s3://ops/dbt",
});

export const daily_ = dbtRun({ id: "gold__dbt__daily", name: "gold", project: warehouse, schedule: daily, mode: "daily_refresh" });
export const rebuild = dbtRun({ id: "gold__dbt__full_rebuild", name: "gold", taskId: "run__gold__dbt_full_rebuild", project: warehouse, schedule: manual, mode: "full_rebuild", resources: { limits: { memory: "4Gi" } } });
