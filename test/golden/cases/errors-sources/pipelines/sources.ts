// Invalid sources and tables: each table below has one mistake; the source has a bad port and fetch size.
import { date, fact, group, int64, landing, manual, postgresSource, snapshot, table, text } from "../../../../../dsl/index.ts";
import { platform } from "./project.ts";

export const db = postgresSource({
  name: "src",
  schema: "public",
  connection: { host: "pg", port: 70000, database: "db", user: platform.secrets.pgUser, password: platform.secrets.pgPassword, fetchSize: 0 },
  tables: {
    "../../etc": table({ columns: { id: int64() }, keys: ["id"], behaviour: snapshot() }),
    no_keys: table({ columns: { id: int64() }, keys: [], behaviour: snapshot() }),
    bad_key: table({ columns: { id: int64() }, keys: ["ident" as "id"], behaviour: snapshot() }),
    late_facts: table({ columns: { id: int64(), day: date() }, keys: ["id"], behaviour: fact({ eventDate: "day", lookbackDays: -1 }) }),
    no_behaviour: table({ columns: { id: int64(), name: text() }, keys: ["id"] } as never),
  },
});

export const rawLanding = landing({
  id: "landing__daily",
  schedule: manual,
  source: db,
  groups: [group("all", db.all)],
});
