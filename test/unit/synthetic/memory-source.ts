// The source database in memory, for the generator's unit tests: init's tables, days applied the
// way local/synthetic/run-daily.ts applies them, and the state a day is generated from.
import { addDays } from "../../../local/synthetic/dates.ts";
import { dailyData, PAYMENT_LOOKBACK_DAYS, type DayChanges } from "../../../local/synthetic/daily-data.ts";
import { DEFAULT_RATES, type DailyRates } from "../../../local/synthetic/config.ts";
import { initData } from "../../../local/synthetic/init-data.ts";
import type { Row, Tables } from "../../../local/synthetic/rows.ts";
import type { SourceState } from "../../../local/synthetic/state.ts";

export type MutableTables = Record<string, Row[]>;

export function stateOf(tables: Tables, date: string): SourceState {
  const byKey = <T>(rows: T[], ...keys: ((r: T) => number | string)[]) =>
    [...rows].sort((a, b) => { for (const k of keys) { const x = k(a), y = k(b); if (x !== y) return x < y ? -1 : 1; } return 0; });
  const lookbackFrom = addDays(date, -PAYMENT_LOOKBACK_DAYS);
  return {
    storeIds: tables.stores!.map((r) => Number(r.id)).sort((a, b) => a - b),
    clients: byKey([...tables.clients!], (r) => Number(r.id)).map((r) => ({ id: Number(r.id), preferredStoreId: Number(r.preferred_store_id), registrationDate: String(r.registration_date), updatedAt: String(r.updated_at), churned: Boolean(r.churned) })),
    couriers: byKey([...tables.delivery_resource!], (r) => Number(r.id)).map((r) => ({ id: Number(r.id), deliveryTypeId: Number(r.delivery_type_id), storeId: Number(r.store_id), createdAt: String(r.created_at), updatedAt: String(r.updated_at) })),
    products: byKey([...tables.products!], (r) => Number(r.id), (r) => String(r.valid_from)).map((r) => ({ id: Number(r.id), productName: String(r.product_name), price: String(r.price), unitType: String(r.unit_type), categoryId: Number(r.category_id), chance: String(r.chance), validFrom: String(r.valid_from), validTo: r.valid_to === null ? null : String(r.valid_to) })),
    assortment: byKey([...tables.assortment!], (r) => Number(r.product_id), (r) => Number(r.store_id)).map((r) => ({ productId: Number(r.product_id), storeId: Number(r.store_id) })),
    recentOrders: byKey(tables.orders!.filter((o) => String(o.order_date) >= lookbackFrom && String(o.order_date) < date), (r) => Number(r.id))
      .map((r) => ({ id: Number(r.id), clientId: Number(r.client_id), orderDate: String(r.order_date), storeId: Number(r.store_id), totalAmount: String(r.total_amount) })),
  };
}

/** Applies a day's changes (in order, on a fresh state: no later days exist). */
export function applyDay(tables: MutableTables, date: string, day: DayChanges): void {
  tables.clients!.push(...day.newClients);
  const churned = new Set(day.churnedClientIds);
  tables.clients = tables.clients!.map((c) => (churned.has(Number(c.id)) ? { ...c, churned: true, updated_at: date } : c));
  const couriers = new Map(day.courierUpdates.map((c) => [c.id, c.active_flag]));
  tables.delivery_resource = tables.delivery_resource!.map((c) => (couriers.has(Number(c.id)) ? { ...c, active_flag: couriers.get(Number(c.id))!, updated_at: date } : c));
  const closed = new Set(day.closedProductVersions.map((c) => `${c.id}/${c.validFrom}`));
  tables.products = tables.products!.map((p) => (closed.has(`${p.id}/${p.valid_from}`) ? { ...p, valid_to: addDays(date, -1) } : p));
  tables.products.push(...day.productVersions);
  tables.orders!.push(...day.orders);
  tables.order_product!.push(...day.orderProducts);
  tables.payments!.push(...day.payments);
  tables.order_status_history!.push(...day.statusEvents);
  tables.delivery_tracking!.push(...day.tracking);
}

/** init on `start`, then `days` daily runs from the day after; every day's changes kept. */
export function simulate(seed: number, start: string, days: number, rates: DailyRates = DEFAULT_RATES, sizes = { clients: 500, couriers: 60 }) {
  const tables: MutableTables = Object.fromEntries(Object.entries(initData(seed, start, sizes)).map(([k, v]) => [k, [...v]]));
  const changes: { date: string; day: DayChanges }[] = [];
  for (let i = 1; i <= days; i++) {
    const date = addDays(start, i);
    const day = dailyData(seed, date, rates, stateOf(tables, date));
    applyDay(tables, date, day);
    changes.push({ date, day });
  }
  return { tables, changes };
}
