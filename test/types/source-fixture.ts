/** A typed source shared by the type fixtures of this folder (type-checked by tsc, never run). */
import { date, int64, k8sSecret, mutableDimension, postgresSource, snapshot, table, text } from "../../dsl/index.ts";

const secret = k8sSecret("pg", "user");

export const db = postgresSource({
  name: "shop",
  schema: "public",
  connection: { host: "pg", database: "shop", user: secret, password: secret },
  tables: {
    clients: table({
      columns: { id: int64(), fullname: text(), country: text(), updated_at: date(), registration_date: date() },
      keys: ["id"],
      behaviour: mutableDimension({ watermark: "updated_at" }),
    }),
    stores: table({ columns: { id: int64(), city: text() }, keys: ["id"], behaviour: snapshot() }),
  },
});
