/**
 * Type fixture: every place of silver() that names a column takes the silver table's column
 * names (source columns, `rename` applied), so a typo is a tsc error. Each `@ts-expect-error`
 * fails the type-check when the typing regresses (test/unit/types/fixtures.test.ts also checks
 * that each error is the column error).
 */
import { notNull, rule, scd2, silver } from "../../dsl/index.ts";
import { db } from "./source-fixture.ts";

const rename = { fullname: "client_name" } as const;

// quality: notNull() names a column the rule sees (after renames).
silver(db.tables.clients, { quality: [notNull("country")] });
// @ts-expect-error 'contry': a typo
silver(db.tables.clients, { quality: [notNull("contry")] });
silver(db.tables.clients, { rename, quality: [notNull("client_name")] });
// @ts-expect-error 'fullname': renamed, known as 'client_name' only
silver(db.tables.clients, { rename, quality: [notNull("fullname")] });
// free SQL names no column: accepted as is
silver(db.tables.clients, { quality: [rule("name_not_blank", "trim(whatever) <> ''")] });
// a rule declared once and shared fits every table that has its column
const idNotNull = notNull("id");
silver(db.tables.stores, { quality: [idNotNull] });

// partitionBy names the silver table's columns.
silver(db.tables.clients, { rename, partitionBy: ["registration_date"] });
// @ts-expect-error 'registration_dat': a typo
silver(db.tables.clients, { rename, partitionBy: ["registration_dat"] });
// @ts-expect-error 'fullname': renamed, known as 'client_name' only
silver(db.tables.clients, { rename, partitionBy: ["fullname"] });

// scd2 track and orderBy name the silver table's columns.
silver(db.tables.clients, { rename, write: scd2({ track: ["client_name", "country"], orderBy: "updated_at" }) });
// @ts-expect-error 'cuntry': a typo in track
silver(db.tables.clients, { rename, write: scd2({ track: ["client_name", "cuntry"] }) });
// @ts-expect-error 'fullname': renamed, known as 'client_name' only
silver(db.tables.clients, { rename, write: scd2({ track: ["fullname"] }) });
// @ts-expect-error 'updatedat': a typo in orderBy
silver(db.tables.clients, { rename, write: scd2({ orderBy: "updatedat" }) });

// dedupe runs after renames too.
silver(db.tables.clients, { rename, dedupe: { by: ["id"], latest: "updated_at" } });
// @ts-expect-error 'updated': a typo in dedupe.latest
silver(db.tables.clients, { rename, dedupe: { by: ["id"], latest: "updated" } });
// @ts-expect-error 'idd': a typo in dedupe.by
silver(db.tables.clients, { rename, dedupe: { by: ["idd"], latest: "updated_at" } });

// rename keys are source columns.
silver(db.tables.clients, { rename: { fullname: "client_name", country: "country_code" } });
// @ts-expect-error 'fulname': a typo in a rename key
silver(db.tables.clients, { rename: { fulname: "client_name" } });
// @ts-expect-error 'contry': a typo in a rename key next to a valid one
silver(db.tables.clients, { rename: { fullname: "client_name", contry: "country_code" } });
