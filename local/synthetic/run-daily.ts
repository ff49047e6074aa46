// `daily --run-date D`: in one transaction, takes back an earlier run of D, reads the state before
// D, generates D and writes it. A rerun of D therefore leaves the same contents.
import type pg from "pg";
import type { DailyRates } from "./config.ts";
import { dailyData } from "./daily-data.ts";
import { addDays } from "./dates.ts";
import { qualified, source, table } from "./ddl.ts";
import { UserError } from "./errors.ts";
import { readState } from "./read-state.ts";
import type { Written } from "./run-init.ts";
import { undoDay } from "./undo-day.ts";
import { inTransaction, insertRows } from "./write.ts";

const t = (name: string) => qualified(table(name));
const name = (n: string) => `${source.schema}.${n}`;

async function firstDay(client: pg.Client): Promise<string> {
  const res = await client.query<{ first: string | null }>(`SELECT min(valid_from)::text AS first FROM ${t("products")}`);
  const first = res.rows[0]?.first;
  if (!first) throw new UserError(`${name("products")} is empty: run init first`);
  return first;
}

export async function runDaily(client: pg.Client, seed: number, date: string, rates: DailyRates): Promise<Written> {
  return inTransaction(client, async () => {
    const first = await firstDay(client);
    if (date < first) throw new UserError(`--run-date ${date} is before the first day of the data, ${first} (init's PROJECT_START_DATE)`);
    await undoDay(client, seed, date);
    const day = dailyData(seed, date, rates, await readState(client, date));
    const count = async (sql: string, params: unknown[]) => (await client.query(sql, params)).rowCount ?? 0;

    const newClients = await insertRows(client, table("clients"), day.newClients, "nothing");
    // Only rows no later day changed (a rerun of an older day must not undo a newer one).
    const churned = await count(`UPDATE ${t("clients")} SET churned = true, updated_at = $1 WHERE id = ANY($2::integer[]) AND NOT churned AND updated_at <= $1`, [date, day.churnedClientIds]);
    const couriers = await count(
      `UPDATE ${t("delivery_resource")} r SET active_flag = v.flag, updated_at = $1
       FROM (SELECT unnest($2::smallint[]) AS id, unnest($3::boolean[]) AS flag) v WHERE r.id = v.id AND r.updated_at <= $1`,
      [date, day.courierUpdates.map((c) => c.id), day.courierUpdates.map((c) => c.active_flag)]);
    const closed = await count(
      `UPDATE ${t("products")} SET valid_to = $1 WHERE (id, valid_from) IN (SELECT unnest($2::integer[]), unnest($3::date[]))`,
      [addDays(date, -1), day.closedProductVersions.map((c) => c.id), day.closedProductVersions.map((c) => c.validFrom)]);
    const versions = await insertRows(client, table("products"), day.productVersions);
    const facts: [string, number][] = [];
    for (const [tableName, rows] of [["orders", day.orders], ["order_product", day.orderProducts], ["payments", day.payments], ["order_status_history", day.statusEvents], ["delivery_tracking", day.tracking]] as const) {
      facts.push([tableName, await insertRows(client, table(tableName), rows)]);
    }
    return [
      [name("clients"), `${newClients} new, ${churned} churned`],
      [name("delivery_resource"), `${couriers} updated`],
      [name("products"), `${versions} new prices, ${closed} closed`],
      ...facts.map(([n, rows]) => [name(n), `${rows} rows`] as const),
    ];
  });
}
