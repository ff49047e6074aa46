// Takes back what an earlier run of `daily` wrote for a date, so the rerun starts from the state
// before that date: its rows are deleted, its updates reverted. Rows a later day changed again
// are left as they are (the rerun does not touch them either).
import type pg from "pg";
import { courierOn } from "./couriers.ts";
import { addDays, dateOfDay } from "./dates.ts";
import { qualified, table } from "./ddl.ts";
import { DAILY_CLIENTS_BASE } from "./ids.ts";

const t = (name: string) => qualified(table(name));

/** Reverts `date`'s earlier run, inside the caller's transaction. */
export async function undoDay(client: pg.Client, seed: number, date: string): Promise<void> {
  const run = (sql: string, params: unknown[] = [date]) => client.query(sql, params);
  await run(`DELETE FROM ${t("order_product")} WHERE order_date = $1`);
  await run(`DELETE FROM ${t("orders")} WHERE order_date = $1`);
  await run(`DELETE FROM ${t("payments")} WHERE payment_date = $1`);
  for (const events of ["order_status_history", "delivery_tracking"]) {
    await run(`DELETE FROM ${t(events)} WHERE status_datetime >= $1 AND status_datetime < $2`, [`${date} 00:00:00`, `${addDays(date, 1)} 00:00:00`]);
  }
  // Clients the day registered (unless a later day changed them), and its churns.
  await run(`DELETE FROM ${t("clients")} WHERE id > ${DAILY_CLIENTS_BASE} AND registration_date = $1 AND updated_at = $1 AND NOT churned`);
  await run(`UPDATE ${t("clients")} SET churned = false, updated_at = registration_date WHERE churned AND updated_at = $1 AND registration_date < $1`);
  // Price changes: the window before a new version gets the new version's end back, then it goes.
  // Versions without an older one are init's and stay.
  await run(`UPDATE ${t("products")} p SET valid_to = d.valid_to FROM ${t("products")} d
    WHERE d.valid_from = $1 AND p.id = d.id
      AND p.valid_from = (SELECT max(q.valid_from) FROM ${t("products")} q WHERE q.id = d.id AND q.valid_from < $1)`);
  await run(`DELETE FROM ${t("products")} d WHERE d.valid_from = $1
    AND EXISTS (SELECT 1 FROM ${t("products")} q WHERE q.id = d.id AND q.valid_from < $1)`);
  // Couriers the day changed: back to what they were the day before (recomputed, see couriers.ts).
  const changed = await client.query<{ id: number; delivery_type_id: number; store_id: number; created_at: string }>(
    `SELECT id, delivery_type_id, store_id, created_at::text FROM ${t("delivery_resource")} WHERE updated_at = $1 AND created_at < $1 ORDER BY id`, [date]);
  for (const c of changed.rows) {
    const before = courierOn(seed, { id: c.id, deliveryTypeId: c.delivery_type_id, storeId: c.store_id, createdAt: c.created_at, updatedAt: date }, addDays(date, -1));
    await client.query(`UPDATE ${t("delivery_resource")} SET active_flag = $2, updated_at = $3 WHERE id = $1`, [c.id, before.active, dateOfDay(before.updatedAt)]);
  }
}
