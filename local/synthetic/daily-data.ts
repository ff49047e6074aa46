// One day of source data (`daily --run-date D`): new orders and their lines, the payments,
// status changes and deliveries that fall on D (also for orders of earlier days), new and churned
// clients, couriers going on and off duty, and now and then a price change. A pure function of
// seed, date, rates and the state before D, so a rerun of D writes the same rows again.
import { activeCouriers, flagSetOnDay, updatedOnDay } from "./couriers.ts";
import { addDays, dayNumber } from "./dates.ts";
import type { DailyRates } from "./config.ts";
import { UserError } from "./errors.ts";
import { DAILY_CLIENTS_BASE, MAX_CLIENTS_PER_DAY, MAX_ORDERS_PER_DAY, newClientId, orderId } from "./ids.ts";
import { fixed, units } from "./money.ts";
import { personName } from "./names.ts";
import { orderPlan } from "./order-plan.ts";
import { Rng } from "./prng.ts";
import type { Row } from "./rows.ts";
import type { ClientState, CourierState, OrderState, ProductVersion, SourceState } from "./state.ts";

/** How far back a day's payments reach (payments' lookbackDays in pipelines/sources/ampere-db.ts). */
export const PAYMENT_LOOKBACK_DAYS = 5;
/** Chance that a day changes one product's price (and then a second one). */
const PRICE_CHANGE_CHANCE = 0.35;
const SECOND_PRICE_CHANGE_CHANCE = 0.2;
const ORDER_SOURCE_WEIGHTS = [0.3, 0.45, 0.25]; // order_source_id 1..3

/** What a day changes; rows in table column names, sorted by their keys. */
export interface DayChanges {
  readonly newClients: readonly Row[];
  /** Clients churned on the day (their churned becomes true, updated_at the day). */
  readonly churnedClientIds: readonly number[];
  /** Couriers whose row changes on the day (updated_at becomes the day). */
  readonly courierUpdates: readonly { readonly id: number; readonly active_flag: boolean }[];
  /** New product versions (valid_from = the day) and the versions they close (valid_to = the day before). */
  readonly productVersions: readonly Row[];
  readonly closedProductVersions: readonly { readonly id: number; readonly validFrom: string }[];
  readonly orders: readonly Row[];
  readonly orderProducts: readonly Row[];
  readonly payments: readonly Row[];
  readonly statusEvents: readonly Row[];
  readonly tracking: readonly Row[];
}

/**
 * The client base of `date` before its own changes: registered before it, or on it by init (the
 * first clients are registered on the first day), and not churned before it. Clients this day
 * registered itself are not part of it, even when a later day changed them and they outlived the undo.
 */
export function clientBase(clients: readonly ClientState[], date: string): ClientState[] {
  return clients.filter((c) => (c.registrationDate < date || (c.registrationDate === date && c.id <= DAILY_CLIENTS_BASE)) && !(c.churned && c.updatedAt < date));
}

function byStore<T>(items: readonly T[], storeOf: (t: T) => number, storeId: number): T[] {
  return items.filter((t) => storeOf(t) === storeId);
}

function clientChanges(seed: number, date: string, rates: DailyRates, state: SourceState) {
  const base = clientBase(state.clients, date);
  const churned: number[] = [];
  const newClients: Row[] = [];
  for (const storeId of state.storeIds) {
    const storeBase = byStore(base, (c) => c.preferredStoreId, storeId);
    // Nobody churns on the day they registered.
    const churnable = storeBase.filter((c) => c.registrationDate < date).map((c) => c.id);
    const churn = new Rng(seed, "churn", date, storeId);
    churned.push(...churn.sample(churnable, churn.roundRandom(churnable.length * churn.between(...rates.churnRates))));
    const fresh = new Rng(seed, "new-clients", date, storeId);
    const n = fresh.roundRandom(storeBase.length * fresh.between(...rates.newClientsRates));
    for (let i = 0; i < n; i++) {
      if (newClients.length === MAX_CLIENTS_PER_DAY) throw new UserError(`more than ${MAX_CLIENTS_PER_DAY} new clients on ${date}: lower NEW_CLIENTS_RATES`);
      newClients.push({ id: newClientId(date, newClients.length + 1), fullname: personName(fresh), preferred_store_id: storeId, registration_date: date, updated_at: date, churned: false });
    }
  }
  churned.sort((a, b) => a - b);
  const gone = new Set(churned);
  // Who may order on the day: still active after the churn, or registered on it.
  const buyers = [
    ...base.filter((c) => !gone.has(c.id)).map((c) => ({ id: c.id, storeId: c.preferredStoreId })),
    ...newClients.map((c) => ({ id: Number(c.id), storeId: Number(c.preferred_store_id) })),
  ];
  return { churned, newClients, buyers };
}

/** The version of each product in force at the start of `date` (valid_from before it). */
function versionsBefore(products: readonly ProductVersion[], date: string): Map<number, ProductVersion> {
  const current = new Map<number, ProductVersion>();
  for (const v of products) if (v.validFrom < date && (current.get(v.id)?.validFrom ?? "") < v.validFrom) current.set(v.id, v);
  return current;
}

function priceChanges(seed: number, date: string, products: readonly ProductVersion[]) {
  const before = versionsBefore(products, date);
  const rng = new Rng(seed, "prices", date);
  const n = rng.chance(PRICE_CHANGE_CHANCE) ? (rng.chance(SECOND_PRICE_CHANGE_CHANCE) ? 2 : 1) : 0;
  const picked = rng.sample([...before.keys()].sort((a, b) => a - b), n).sort((a, b) => a - b);
  const versions: Row[] = [];
  const closed: { id: number; validFrom: string }[] = [];
  for (const id of picked) {
    const prev = before.get(id)!;
    const old = units(prev.price, 2);
    let cents = Math.max(10, Math.round(old * rng.between(0.9, 1.15)));
    if (cents === old) cents += 1;
    // A rerun of an older day: the new window ends where the next (later) one starts.
    const next = products.filter((v) => v.id === id && v.validFrom > date).sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1))[0];
    versions.push({
      id, product_name: prev.productName, price: fixed(cents, 2), unit_type: prev.unitType, category_id: prev.categoryId,
      chance: prev.chance, valid_from: date, valid_to: next ? addDays(next.validFrom, -1) : null,
    });
    closed.push({ id, validFrom: prev.validFrom });
  }
  return { versions, closed };
}

/** Lines per order: around the average, within min..max and the store's assortment. */
function lineCount(rng: Rng, rates: DailyRates, available: number): number {
  const spread = (rates.maxProducts - rates.minProducts) / 3;
  const n = Math.round(rates.avgProducts + (rng.float() + rng.float() + rng.float() - 1.5) * spread);
  return Math.min(available, Math.max(rates.minProducts, Math.min(rates.maxProducts, n)));
}

function orderLines(seed: number, id: number, date: string, rates: DailyRates, shelf: readonly ProductVersion[]) {
  const rng = new Rng(seed, "order-lines", id);
  const picked = rng.sampleWeighted(shelf.map((p) => units(p.chance, 2)), lineCount(rng, rates, shelf.length)).map((i) => shelf[i]!);
  let total = 0; // in 1/10000: quantity (1/100) times price (1/100)
  const lines = picked.sort((a, b) => a.id - b.id).map((p) => {
    const quantity = p.unitType === "kg" ? rng.int(10, 400) : rng.int(1, 4) * 100;
    const price = units(p.price, 2);
    total += quantity * price;
    return { order_id: id, order_date: date, product_id: p.id, quantity: fixed(quantity, 2), sales_price: fixed(price, 2) };
  });
  return { lines, total };
}

function newOrders(seed: number, date: string, rates: DailyRates, state: SourceState, buyers: readonly { id: number; storeId: number }[], prices: Map<number, ProductVersion>, onDuty: readonly CourierState[]) {
  const orders: Row[] = [];
  const lines: Row[] = [];
  for (const storeId of state.storeIds) {
    // No courier on duty: the store takes no orders that day.
    if (!onDuty.some((c) => c.storeId === storeId)) continue;
    const shelf = state.assortment.filter((a) => a.storeId === storeId).map((a) => prices.get(a.productId)).filter((p): p is ProductVersion => p !== undefined);
    if (shelf.length === 0) continue;
    const clientIds = byStore(buyers, (b) => b.storeId, storeId).map((b) => b.id);
    const rng = new Rng(seed, "orders", date, storeId);
    const n = Math.min(clientIds.length, rng.roundRandom(clientIds.length * (rates.avgOrdersPerWeek / 7) * rng.between(0.75, 1.25)));
    for (const clientId of rng.sample(clientIds, n)) {
      if (orders.length === MAX_ORDERS_PER_DAY) throw new UserError(`more than ${MAX_ORDERS_PER_DAY} orders on ${date}: lower AVG_ORDERS`);
      const id = orderId(date, orders.length + 1);
      const made = orderLines(seed, id, date, rates, shelf);
      lines.push(...made.lines);
      const source = new Rng(seed, "order-source", id).weighted(ORDER_SOURCE_WEIGHTS) + 1;
      orders.push({ id, client_id: clientId, order_date: date, order_source_id: source, store_id: storeId, total_amount: fixed(made.total, 4) });
    }
  }
  return { orders, lines };
}

/** Status events, deliveries and payments that fall on `date`, for its orders and the 5 days before. */
function dueOn(seed: number, date: string, couriers: readonly CourierState[], orders: readonly OrderState[]) {
  const onDuty = new Map<string, CourierState[]>();
  const statusEvents: Row[] = [];
  const tracking: Row[] = [];
  const payments: Row[] = [];
  for (const order of [...orders].sort((a, b) => a.id - b.id)) {
    if (order.orderDate > date || order.orderDate < addDays(date, -PAYMENT_LOOKBACK_DAYS)) continue;
    if (!onDuty.has(order.orderDate)) onDuty.set(order.orderDate, activeCouriers(seed, couriers, order.orderDate));
    const plan = orderPlan(seed, order, onDuty.get(order.orderDate)!.filter((c) => c.storeId === order.storeId));
    statusEvents.push(...plan.statusEvents.filter((e) => e.date === date).map((e) => e.row));
    tracking.push(...plan.tracking.filter((e) => e.date === date).map((e) => e.row));
    payments.push(...plan.payments.filter((e) => e.date === date).map((e) => e.row));
  }
  return { statusEvents, tracking, payments };
}

const asOrderState = (r: Row): OrderState => ({
  id: Number(r.id), clientId: Number(r.client_id), orderDate: String(r.order_date), storeId: Number(r.store_id), totalAmount: String(r.total_amount),
});

/**
 * The changes of day `date`, from the state before it.
 * @example
 * const day = dailyData(42, "2025-08-02", DEFAULT_RATES, state);
 * day.orders.every((o) => o.order_date === "2025-08-02"); // true
 */
export function dailyData(seed: number, date: string, rates: DailyRates, state: SourceState): DayChanges {
  const clients = clientChanges(seed, date, rates, state);
  const day = dayNumber(date);
  const courierUpdates = state.couriers
    .filter((c) => c.createdAt < date && updatedOnDay(seed, c.id, day))
    .map((c) => ({ id: c.id, active_flag: flagSetOnDay(seed, c.id, day) }));
  const changes = priceChanges(seed, date, state.products);
  const prices = versionsBefore(state.products, addDays(date, 1));
  for (const v of changes.versions) {
    const prev = prices.get(Number(v.id))!;
    prices.set(Number(v.id), { ...prev, price: String(v.price), validFrom: date, validTo: null });
  }
  const made = newOrders(seed, date, rates, state, clients.buyers, prices, activeCouriers(seed, state.couriers, date));
  const due = dueOn(seed, date, state.couriers, [...state.recentOrders, ...made.orders.map(asOrderState)]);
  return {
    newClients: clients.newClients,
    churnedClientIds: clients.churned,
    courierUpdates,
    productVersions: changes.versions,
    closedProductVersions: changes.closed,
    orders: made.orders,
    orderProducts: made.lines,
    ...due,
  };
}
