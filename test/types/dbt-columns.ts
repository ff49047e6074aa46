/**
 * Type fixture: every place of the dbt DSL that names a column takes the declared names, so a
 * typo is a tsc error. Each `@ts-expect-error` fails the type-check when the typing regresses
 * (test/unit/types/fixtures.test.ts also checks that each error is the column error).
 */
import { column, dbtSource, incremental, model, references, silver } from "../../dsl/index.ts";
import { db } from "./source-fixture.ts";

const clientsSilver = silver(db.tables.clients, { rename: { fullname: "client_name" } });
const storesSilver = silver(db.tables.stores);

// loadedAtField: a column every table of the source has, or one the layer's job adds.
dbtSource("bronze", "bronze", { clients: db.tables.clients, stores: db.tables.stores }, { loadedAtField: "_bronze_last_apply_ts" });
dbtSource("bronze", "bronze", { clients: db.tables.clients, stores: db.tables.stores }, { loadedAtField: "id" });
// @ts-expect-error '_bronze_last_aply_ts': a typo of a system column
dbtSource("bronze", "bronze", { clients: db.tables.clients }, { loadedAtField: "_bronze_last_aply_ts" });
// @ts-expect-error 'updated_at': a column of clients only, not of stores
dbtSource("bronze", "bronze", { clients: db.tables.clients, stores: db.tables.stores }, { loadedAtField: "updated_at" });
// @ts-expect-error '_silver_apply_ts': a silver system column, not in a bronze source
dbtSource("bronze", "bronze", { clients: db.tables.clients }, { loadedAtField: "_silver_apply_ts" });
dbtSource("silver", "silver", { clients: clientsSilver, stores: storesSilver }, { loadedAtField: "_silver_apply_ts" });
// @ts-expect-error 'fullname': renamed, the silver table knows it as 'client_name' only
dbtSource("silver", "silver", { clients: clientsSilver }, { loadedAtField: "fullname" });
dbtSource("silver", "silver", { clients: clientsSilver }, { loadedAtField: "client_name" });

const silverSrc = dbtSource("silver", "silver", { clients: clientsSilver, stores: storesSilver });

// incremental uniqueKey names the model's declared columns.
model({ name: "fct", sql: "gold/fct.sql", layer: "gold", dependsOn: [], materialized: incremental({ uniqueKey: ["order_id"] }), columns: { order_id: column("bigint") } });
// @ts-expect-error 'ordr_id': a typo in uniqueKey
model({ name: "fct", sql: "gold/fct.sql", layer: "gold", dependsOn: [], materialized: incremental({ uniqueKey: ["ordr_id"] }), columns: { order_id: column("bigint") } });
// a model that declares no columns accepts any key
model({ name: "raw", sql: "gold/raw.sql", layer: "gold", dependsOn: [], materialized: incremental({ uniqueKey: ["anything"] }) });

// references(to, field) names a column of the referenced model or source table.
const dimClients = model({ name: "dim_clients", sql: "gold/dim_clients.sql", layer: "gold", dependsOn: [], columns: { client_id: column("bigint"), client_name: column("varchar") } });
model({ name: "fct", sql: "gold/fct.sql", layer: "gold", dependsOn: [], columns: { client_id: column("bigint", { tests: [references(dimClients, "client_id")] }) } });
// @ts-expect-error 'clint_id': a typo in the references() field of a model
model({ name: "fct", sql: "gold/fct.sql", layer: "gold", dependsOn: [], columns: { client_id: column("bigint", { tests: [references(dimClients, "clint_id")] }) } });
model({ name: "fct", sql: "gold/fct.sql", layer: "gold", dependsOn: [], columns: { client_id: column("bigint", { tests: [references(silverSrc.tables.clients, "client_name")] }) } });
// @ts-expect-error 'fullname': a references() field of a silver source table by its old name
model({ name: "fct", sql: "gold/fct.sql", layer: "gold", dependsOn: [], columns: { client_id: column("bigint", { tests: [references(silverSrc.tables.clients, "fullname")] }) } });
