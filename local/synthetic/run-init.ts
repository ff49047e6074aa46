// `init`: (re)creates schema `source` with every declared table and fills the initial data set,
// in one transaction. A rerun drops and recreates the tables, so it gives the same contents.
import type pg from "pg";
import type { InitSizes } from "./config.ts";
import { createTableSql, qualified, ident, source } from "./ddl.ts";
import { initData } from "./init-data.ts";
import { inTransaction, insertRows } from "./write.ts";

/** Rows written per table, in declaration order. */
export type Written = readonly (readonly [table: string, what: string])[];

export async function runInit(client: pg.Client, seed: number, start: string, sizes: InitSizes): Promise<Written> {
  const data = initData(seed, start, sizes);
  return inTransaction(client, async () => {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${ident(source.schema)}`);
    const written: [string, string][] = [];
    for (const t of source.all) {
      await client.query(`DROP TABLE IF EXISTS ${qualified(t)}`);
      await client.query(createTableSql(t));
      const rows = data[t.name];
      if (!rows) throw new Error(`init has no rows for declared table '${t.name}' (extend local/synthetic/init-data.ts)`);
      written.push([`${source.schema}.${t.name}`, `${await insertRows(client, t, rows)} rows`]);
    }
    return written;
  });
}
