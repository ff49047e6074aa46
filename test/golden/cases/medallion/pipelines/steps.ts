// Landing, bronze and silver of a three-table source, with SCD2, quality rules and hand-offs.
import { after, date, fact, group, int64, landing, manual, bronzeLoad, mutableDimension, postgresSource, silverLoad, silver, scd2, notNull, rule, snapshot, table, text, decimal } from "../../../../../dsl/index.ts";
import { platform } from "./project.ts";
export const db = postgresSource({
  name: "ampere_db", schema: "source",
  connection: { host: "postgres-service", database: "ampere_db", user: platform.secrets.pgUser, password: platform.secrets.pgPassword },
  tables: {
    stores: table({ columns: { id: int64(), name: text() }, keys: ["id"], behaviour: snapshot() }),
    clients: table({ columns: { id: int64(), name: text(), updated_at: date(), registration_date: date() }, keys: ["id"], behaviour: mutableDimension({ watermark: "updated_at", created: "registration_date" }) }),
    payments: table({ columns: { order_id: int64(), payment_date: date(), amount: decimal(12, 2) }, keys: ["order_id", "payment_date"], behaviour: fact({ eventDate: "payment_date", lookbackDays: 5 }) }),
  },
});
export const raw = landing({ id: "raw_landing__postgres_to_landing__daily", source: db, schedule: manual, groups: [group("snapshots-mutable-dims", [...db.snapshots, ...db.mutableDimensions], { executors: 1 }), group("facts-events", [...db.facts], { executors: 2, memory: "1536m", memoryOverhead: "512m" })] });
export const bronze = bronzeLoad({ id: "bronze__landing_to_delta__daily", source: db, schedule: after(raw), order: "sequential", groups: [group("snapshots-mutable-dims", [...db.snapshots, ...db.mutableDimensions]), group("facts-events", db.facts)] });
export const clientsSilver = silver(db.tables.clients, { dedupe: { by: ["id"], latest: "updated_at" }, rename: { name: "client_name" }, quality: [notNull("id"), rule("name_not_blank", "trim(client_name) <> ''")], write: scd2({ track: ["client_name"] }) });
export const silverDaily = silverLoad({ id: "silver__bronze_to_silver__daily", schedule: after(bronze), groups: [group("dims", [clientsSilver])] });
