// Silver (dbt-built staging) and gold marts on DuckDB, published to the serving PostgreSQL.
import {
  after, asTable, column, dbtProject, dbtRun, dbtSource, externalDag, incremental, isNotNull, isOneOf, isUnique, manual, model, references, satisfies,
} from "../dsl/index.ts";
import { bronze } from "./medallion.ts";
import { platform } from "./project.ts";
import { db } from "./sources/ampere-db.ts";

export const bronzeSrc = dbtSource("bronze", "bronze", { stores: db.tables.stores, clients: db.tables.clients, orders: db.tables.orders, payments: db.tables.payments }, {
  loadedAtField: "_bronze_last_apply_ts",
  freshness: { warnAfterHours: 26, errorAfterHours: 50 },
});

const stgClients = model({
  name: "stg_clients", sql: "silver/stg_clients.sql", layer: "silver", dependsOn: [bronzeSrc.tables.clients],
  columns: { client_id: column("integer", { tests: [isNotNull(), isUnique()] }) , client_name: column("varchar"), preferred_store_id: column("smallint"), registration_date: column("date"), updated_at: column("date"), churned: column("boolean") },
});
const stgStores = model({
  name: "stg_stores", sql: "silver/stg_stores.sql", layer: "silver", dependsOn: [bronzeSrc.tables.stores],
  columns: { store_id: column("smallint", { tests: [isNotNull(), isUnique()] }), city: column("varchar"), store_name: column("varchar") },
});
const stgOrders = model({
  name: "stg_orders", sql: "silver/stg_orders.sql", layer: "silver", dependsOn: [bronzeSrc.tables.orders],
  columns: { order_id: column("integer", { tests: [isNotNull(), isUnique()] }), client_id: column("integer"), order_date: column("date"), store_id: column("smallint"), total_amount: column("decimal(12,4)") },
});
const stgPayments = model({
  name: "stg_payments", sql: "silver/stg_payments.sql", layer: "silver", dependsOn: [bronzeSrc.tables.payments],
  columns: {
    order_id: column("integer", { tests: [isNotNull()] }), payment_date: column("date"),
    amount: column("decimal(12,4)", { tests: [satisfies("amount >= 0")] }), method: column("varchar"),
    payment_status: column("varchar", { tests: [isOneOf(["paid", "pending", "failed", "refunded"], { severity: "warn" })] }),
  },
});

export const dimClients = model({
  name: "dim_clients", sql: "gold/dim_clients.sql", layer: "gold", materialized: asTable(), dependsOn: [stgClients, stgStores],
  description: "One row per client with the city of the preferred store.",
  columns: { client_id: column("integer", { tests: [isNotNull(), isUnique()] }), client_name: column("varchar"), preferred_city: column("varchar"), registration_date: column("date"), churned: column("boolean") },
  publish: { postgres: { schema: "gold" }, delta: true },
});

export const fctOrdersSales = model({
  name: "fct_orders_sales", sql: "gold/fct_orders_sales.sql", layer: "gold",
  materialized: incremental({ uniqueKey: ["order_id"], lookbackDays: 7 }), dependsOn: [stgOrders, stgPayments],
  description: "Orders with the amount paid for them.",
  columns: {
    order_id: column("integer", { tests: [isNotNull(), isUnique()] }),
    client_id: column("integer", { tests: [references(dimClients, "client_id")] }),
    order_date: column("date", { tests: [isNotNull()] }), store_id: column("smallint"),
    total_amount: column("decimal(12,4)", { tests: [satisfies("total_amount >= 0")] }),
    paid_amount: column("decimal(14,4)", { tests: [satisfies("paid_amount >= 0")] }),
  },
  publish: { postgres: { schema: "gold" } },
});

export const warehouse = dbtProject({
  name: "ampere",
  image: platform.images.dbt,
  sources: [bronzeSrc],
  models: [stgClients, stgStores, stgOrders, stgPayments, dimClients, fctOrdersSales],
  duckdb: { path: "/tmp/ampere.duckdb", threads: 2, memoryLimit: "7GB" },
  serving: { host: "postgres-service", database: "ampere_serving", user: platform.secrets.pgUser, password: platform.secrets.pgPassword },
  artifacts: "s3://ampere-gold-ops/dbt",
});

const dbtPod = { project: warehouse, serviceAccount: "spark-operator-spark" };

export const silverGoldDaily = dbtRun({
  ...dbtPod,
  id: "silver_gold__dbt_duckdb__daily",
  description: "Builds silver staging and gold marts with dbt on DuckDB, tests them, and publishes the marts to PostgreSQL.",
  name: "silver_gold",
  schedule: after(bronze),
  mode: "daily_refresh",
  tags: ["layer:silver_gold", "system:dbt", "mode:daily"],
  triggers: [externalDag("ampere__curie__cache_refresh__post_gold")],
});

export const silverFullRebuild = dbtRun({
  ...dbtPod, id: "silver__dbt_duckdb__full_rebuild", name: "silver", taskId: "run__silver__dbt_full_rebuild",
  schedule: manual, mode: "full_rebuild", tags: ["layer:silver", "system:dbt", "mode:full_rebuild"],
});

export const goldFullRebuild = dbtRun({
  ...dbtPod, id: "gold__dbt_duckdb__full_rebuild", name: "gold", taskId: "run__gold__dbt_full_rebuild",
  schedule: manual, mode: "gold_only", fullRefresh: true, tags: ["layer:gold", "system:dbt", "mode:full_rebuild"],
});

export const goldRefreshFromSilver = dbtRun({
  ...dbtPod, id: "gold__refresh_from_silver__adhoc", name: "gold", taskId: "run__gold__dbt_refresh_from_silver",
  schedule: manual, mode: "gold_only", tags: ["layer:gold", "system:dbt", "mode:adhoc"],
});
