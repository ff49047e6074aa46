// The operational PostgreSQL database of the ampere platform (schema `source`).
// Columns and types follow the bronze contract (tools/uc/contracts/ampere_tables.json) without the
// lineage columns (`_…`) and the partition column the pipeline adds (snapshot_date, extract_date,
// event_date); keys are the merge_keys of dags/config/table_definitions.json.
import { bool, date, decimal, event, fact, int16, int32, mutableDimension, postgresSource, snapshot, table, text, timestamp } from "../../dsl/index.ts";
import { platform } from "../project.ts";

export const db = postgresSource({
  name: "ampere_db",
  schema: "source",
  connection: {
    host: "postgres-service",
    port: 5432,
    database: "ampere_db",
    user: platform.secrets.pgUser,
    password: platform.secrets.pgPassword,
  },
  tables: {
    // Snapshots: small dictionaries, copied in full for every run date.
    stores: table({
      columns: { id: int16(), city: text(), store_name: text() },
      keys: ["id"],
      behaviour: snapshot(),
    }),
    zones: table({
      columns: { id: int16(), store_id: int16(), zone_name: text() },
      keys: ["id"],
      behaviour: snapshot(),
    }),
    product_categories: table({
      columns: { id: int16(), category_name: text() },
      keys: ["id"],
      behaviour: snapshot(),
    }),
    order_statuses: table({
      columns: { id: int16(), order_status: text() },
      keys: ["id"],
      behaviour: snapshot(),
    }),
    delivery_type: table({
      columns: { id: int16(), courier_type: text() },
      keys: ["id"],
      behaviour: snapshot(),
    }),
    delivery_costing: table({
      columns: { zone_id: int16(), delivery_type_id: int16(), tariff: decimal(4, 2) },
      keys: ["zone_id", "delivery_type_id"],
      behaviour: snapshot(),
    }),
    assortment: table({
      columns: { product_id: int16(), store_id: int16() },
      keys: ["product_id", "store_id"],
      behaviour: snapshot(),
    }),

    // Mutable dimensions: only rows whose watermark moved since the last run (date cursor).
    clients: table({
      columns: {
        id: int32(),
        fullname: text(),
        preferred_store_id: int16(),
        registration_date: date(),
        updated_at: date(),
        churned: bool(),
      },
      keys: ["id"],
      behaviour: mutableDimension({ watermark: "updated_at", created: "registration_date", granularity: "day" }),
    }),
    costing: table({
      columns: { product_id: int16(), store_id: int16(), avg_cost: decimal(10, 2), valid_from: date(), valid_to: date() },
      keys: ["product_id", "store_id", "valid_from"],
      // table_definitions.json uses valid_from; the reference notes (and the UC contract) say valid_to.
      behaviour: mutableDimension({ watermark: "valid_from", granularity: "day" }),
    }),
    products: table({
      columns: {
        id: int32(),
        product_name: text(),
        price: decimal(10, 2),
        unit_type: text(),
        category_id: int16(),
        chance: decimal(4, 2),
        valid_from: date(),
        valid_to: date(),
      },
      keys: ["id", "valid_from"],
      // table_definitions.json uses valid_from; the reference notes (and the UC contract) say valid_to.
      behaviour: mutableDimension({ watermark: "valid_from", granularity: "day" }),
    }),
    delivery_resource: table({
      columns: {
        id: int16(),
        fullname: text(),
        delivery_type_id: int16(),
        store_id: int16(),
        created_at: date(),
        updated_at: date(),
        active_flag: bool(),
      },
      keys: ["id"],
      behaviour: mutableDimension({ watermark: "updated_at", granularity: "day" }),
    }),

    // Facts: keyed by an event date; orders and order_product are append-only, payments re-read 5 days.
    orders: table({
      columns: {
        id: int32(),
        client_id: int32(),
        order_date: date(),
        order_source_id: int16(),
        store_id: int16(),
        total_amount: decimal(12, 4),
      },
      keys: ["id"],
      behaviour: fact({ eventDate: "order_date", lookbackDays: 0 }),
    }),
    order_product: table({
      columns: { order_id: int32(), order_date: date(), product_id: int32(), quantity: decimal(6, 2), sales_price: decimal(10, 2) },
      keys: ["order_id", "product_id"],
      behaviour: fact({ eventDate: "order_date", lookbackDays: 0 }),
    }),
    payments: table({
      columns: { order_id: int32(), amount: decimal(12, 4), method: text(), payment_status: text(), payment_date: date() },
      keys: ["order_id", "payment_date"],
      behaviour: fact({ eventDate: "payment_date", lookbackDays: 5 }),
    }),

    // Events: keyed by an event time, deduplicated and merged over a 2-day window.
    order_status_history: table({
      columns: { order_id: int32(), order_status_id: int16(), status_datetime: timestamp() },
      keys: ["order_id", "status_datetime"],
      behaviour: event({ eventTime: "status_datetime", lookbackDays: 2 }),
    }),
    delivery_tracking: table({
      columns: { order_id: int32(), courier_id: int16(), delivery_status_id: int16(), status: text(), status_datetime: timestamp() },
      keys: ["order_id", "status_datetime"],
      behaviour: event({ eventTime: "status_datetime", lookbackDays: 2 }),
    }),
  },
});
