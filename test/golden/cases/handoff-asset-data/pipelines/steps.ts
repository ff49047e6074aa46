// Landing, bronze and silver with asset hand-offs: each step is scheduled on the datasets the
// step before writes and it reads; a mart waits for a silver table and another team's table.
import { after, bronzeLoad, date, externalDataset, group, int64, landing, manual, mutableDimension, onData, pipeline, postgresSource, silver, silverLoad, snapshot, table, text } from "../../../../../dsl/index.ts";
import { platform } from "./project.ts";
export const db = postgresSource({
  name: "ampere_db", schema: "source",
  connection: { host: "postgres-service", database: "ampere_db", user: platform.secrets.pgUser, password: platform.secrets.pgPassword },
  tables: {
    stores: table({ columns: { id: int64(), name: text() }, keys: ["id"], behaviour: snapshot() }),
    clients: table({ columns: { id: int64(), name: text(), updated_at: date(), registration_date: date() }, keys: ["id"], behaviour: mutableDimension({ watermark: "updated_at", created: "registration_date" }) }),
  },
});
export const raw = landing({ id: "raw_landing__postgres_to_landing__daily", source: db, schedule: manual, groups: [group("all", db.all)] });
export const bronze = bronzeLoad({ id: "bronze__landing_to_delta__daily", source: db, schedule: after(raw), groups: [group("all", db.all)] });
export const clientsSilver = silver(db.tables.clients, { dedupe: { by: ["id"], latest: "updated_at" } });
export const silverDaily = silverLoad({ id: "silver__bronze_to_silver__daily", schedule: after(bronze), groups: [group("dims", [clientsSilver])] });
const fxRates = externalDataset({ uri: "s3a://finance-lake/gold/fx_rates", format: "delta" });
export const mart = pipeline({
  id: "gold__client_mart__on_data",
  schedule: onData(clientsSilver, fxRates),
  tasks: (t) => {
    t.marker("build");
  },
});
