// daily's data, simulated in memory over several days from init: deterministic for a seed and
// date (and the same earlier days), and every day consistent: unique keys, totals that add up,
// dates on the run date, statuses the dbt tests accept, the lookback windows exercised.
import { describe, expect, it } from "vitest";
import { DEFAULT_RATES, dailyRates, seedFrom } from "../../../local/synthetic/config.ts";
import { clientBase, dailyData } from "../../../local/synthetic/daily-data.ts";
import { addDays } from "../../../local/synthetic/dates.ts";
import { ORDER_STATUS, PAYMENT_STATUSES } from "../../../local/synthetic/dictionaries.ts";
import { units } from "../../../local/synthetic/money.ts";
import type { Row } from "../../../local/synthetic/rows.ts";
import { simulate, stateOf } from "./memory-source.ts";
import { violations } from "./invariants.ts";

const START = "2025-08-01";
const DAYS = 12;
const run = simulate(42, START, DAYS);
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
const ordersById = new Map(run.tables.orders!.map((o) => [Number(o.id), o]));

describe("daily data", () => {
  it("is identical for the same seed, date and earlier days", () => {
    expect(JSON.stringify(simulate(42, START, 4).changes)).toBe(JSON.stringify(simulate(42, START, 4).changes));
    // One day again from the same state: the same rows.
    const state = stateOf(simulate(42, START, 3).tables, addDays(START, 4));
    expect(dailyData(42, addDays(START, 4), DEFAULT_RATES, state)).toEqual(dailyData(42, addDays(START, 4), DEFAULT_RATES, state));
  });

  it("differs for another seed", () => {
    const other = simulate(43, START, 2);
    expect(other.changes[1]!.day.orders).not.toEqual(run.changes[1]!.day.orders);
  });

  it("keeps every table consistent: declared columns, unique keys, no NULL in keys and event dates", () => {
    expect(violations(run.tables)).toEqual([]);
  });

  it("makes a small day by default: tens to a hundred-odd orders, a few new and churned clients", () => {
    for (const { day } of run.changes) {
      expect(day.orders.length).toBeGreaterThanOrEqual(50);
      expect(day.orders.length).toBeLessThanOrEqual(150);
      expect(day.newClients.length).toBeLessThanOrEqual(15);
      expect(day.churnedClientIds.length).toBeLessThanOrEqual(15);
    }
    expect(run.changes.some(({ day }) => day.newClients.length > 0)).toBe(true);
    expect(run.changes.some(({ day }) => day.churnedClientIds.length > 0)).toBe(true);
  });

  it("dates a day's orders, lines, payments and events on the run date", () => {
    for (const { date, day } of run.changes) {
      for (const o of [...day.orders, ...day.orderProducts]) expect(o.order_date).toBe(date);
      for (const p of day.payments) expect(p.payment_date).toBe(date);
      for (const e of [...day.statusEvents, ...day.tracking]) expect(String(e.status_datetime).slice(0, 10)).toBe(date);
      for (const c of day.newClients) expect([c.registration_date, c.updated_at, c.churned]).toEqual([date, date, false]);
    }
  });

  it("adds up: an order's total is the sum of its lines, payments pay it, amounts are never negative", () => {
    const lineSums = new Map<number, number>();
    for (const l of run.tables.order_product!) {
      lineSums.set(Number(l.order_id), (lineSums.get(Number(l.order_id)) ?? 0) + units(String(l.quantity), 2) * units(String(l.sales_price), 2));
      expect(units(String(l.quantity), 2)).toBeGreaterThan(0);
    }
    for (const o of run.tables.orders!) {
      expect(units(String(o.total_amount), 4)).toBe(lineSums.get(Number(o.id)));
      expect(units(String(o.total_amount), 4)).toBeGreaterThan(0);
    }
    for (const p of run.tables.payments!) {
      expect(PAYMENT_STATUSES).toContain(p.payment_status);
      expect(units(String(p.amount), 4)).toBeGreaterThanOrEqual(0);
      expect(p.amount).toBe(ordersById.get(Number(p.order_id))!.total_amount);
    }
  });

  it("only lets existing, not yet churned clients order, and only from their store", () => {
    const clients = new Map(run.tables.clients!.map((c) => [Number(c.id), c]));
    for (const o of run.tables.orders!) {
      const c = clients.get(Number(o.client_id));
      expect(c, `client of order ${o.id}`).toBeDefined();
      expect(String(c!.registration_date) <= String(o.order_date)).toBe(true);
      if (c!.churned) expect(String(c!.updated_at) > String(o.order_date)).toBe(true);
      expect(o.store_id).toBe(c!.preferred_store_id);
    }
  });

  it("pays orders of the previous 1-5 days too (the payments' 5-day lookback matters)", () => {
    const lags = run.tables.payments!.map((p) => daysBetween(String(ordersById.get(Number(p.order_id))!.order_date), String(p.payment_date)));
    expect(Math.min(...lags)).toBe(0);
    expect(Math.max(...lags)).toBe(5);
    expect(lags.filter((l) => l >= 2).length).toBeGreaterThan(5);
  });

  it("moves orders of the previous 1-2 days on (the events' 2-day window matters)", () => {
    for (const table of ["order_status_history", "delivery_tracking"]) {
      const lags = run.tables[table]!.map((e) => daysBetween(String(ordersById.get(Number(e.order_id))!.order_date), String(e.status_datetime).slice(0, 10)));
      expect(new Set(lags)).toEqual(new Set([0, 1, 2]));
    }
  });

  it("gives every order a life in order: created first, then packing and delivery or a cancellation", () => {
    const byOrder = new Map<number, Row[]>();
    for (const e of run.tables.order_status_history!) byOrder.set(Number(e.order_id), [...(byOrder.get(Number(e.order_id)) ?? []), e]);
    let cancelled = 0;
    for (const [id, events] of byOrder) {
      const sorted = [...events].sort((a, b) => (String(a.status_datetime) < String(b.status_datetime) ? -1 : 1));
      const statuses = sorted.map((e) => e.order_status_id);
      // Orders of the last two days may still be open.
      const open = String(ordersById.get(id)!.order_date) >= addDays(START, DAYS - 1);
      if (statuses.includes(ORDER_STATUS.cancelled)) { cancelled++; expect(statuses).toEqual([ORDER_STATUS.created, ORDER_STATUS.cancelled]); }
      else if (!open) expect(statuses).toEqual([ORDER_STATUS.created, ORDER_STATUS.packing, ORDER_STATUS.delivered]);
      else expect(statuses[0]).toBe(ORDER_STATUS.created);
    }
    expect(cancelled).toBeGreaterThan(0);
    expect(byOrder.size).toBe(run.tables.orders!.length);
  });

  it("delivers with couriers of the order's store", () => {
    const couriers = new Map(run.tables.delivery_resource!.map((c) => [Number(c.id), c]));
    for (const t of run.tables.delivery_tracking!) {
      expect(couriers.get(Number(t.courier_id))!.store_id).toBe(ordersById.get(Number(t.order_id))!.store_id);
    }
  });

  it("changes prices now and then, closing the old window the day before the new one", () => {
    const long = simulate(42, START, 30, DEFAULT_RATES, { clients: 50, couriers: 20 });
    const versions = new Map<number, Row[]>();
    for (const p of long.tables.products!) versions.set(Number(p.id), [...(versions.get(Number(p.id)) ?? []), p]);
    const changed = [...versions.values()].filter((v) => v.length > 1);
    expect(changed.length).toBeGreaterThan(2);
    for (const chain of versions.values()) {
      const sorted = [...chain].sort((a, b) => (String(a.valid_from) < String(b.valid_from) ? -1 : 1));
      sorted.forEach((v, i) => expect(v.valid_to).toBe(i + 1 < sorted.length ? addDays(String(sorted[i + 1]!.valid_from), -1) : null));
    }
    // Lines are sold at the price in force on the order's day.
    const line = long.tables.order_product!.find((l) => changed.some((c) => c[0]!.id === l.product_id && String(l.order_date) >= String(c[1]!.valid_from)));
    expect(line).toBeDefined();
    const chain = versions.get(Number(line!.product_id))!;
    const inForce = chain.find((v) => String(v.valid_from) <= String(line!.order_date) && (v.valid_to === null || String(v.valid_to) >= String(line!.order_date)))!;
    expect(line!.sales_price).toBe(inForce.price);
    expect(inForce.valid_from).not.toBe(START);
    expect(long.changes.some(({ day }) => day.courierUpdates.length > 0)).toBe(true);
  });

  it("starts a day from its client base: not its own new clients, even when a later day churned them", () => {
    const D = "2025-08-05";
    const c = (id: number, registrationDate: string, updatedAt: string, churned: boolean) => ({ id, preferredStoreId: 1, registrationDate, updatedAt, churned });
    const base = clientBase([
      c(1, START, START, false), // init's, registered on the first day
      c(2, START, "2025-08-04", true), // churned before D
      c(3, START, D, true), // churned on D: still in D's base
      c(4, START, "2025-08-07", true), // churned later
      c(100_000_000 + 9347 * 10_000 + 1, D, "2025-08-07", true), // registered by D itself, churned later
      c(100_000_000 + 9348 * 10_000 + 1, "2025-08-06", "2025-08-06", false), // registered later
    ], D);
    expect(base.map((x) => x.id)).toEqual([1, 3, 4]);
    expect(clientBase([c(1, D, D, false)], D).map((x) => x.id)).toEqual([1]);
  });

  it("reads its volumes and seed from the environment; empty means the default", () => {
    expect(dailyRates({})).toEqual(DEFAULT_RATES);
    expect(dailyRates({ AVG_ORDERS: "", CHURN_RATES: "" })).toEqual(DEFAULT_RATES);
    expect(dailyRates({ AVG_ORDERS: "3.5", CHURN_RATES: "0.01,0.02" })).toMatchObject({ avgOrdersPerWeek: 3.5, churnRates: [0.01, 0.02] });
    expect(() => dailyRates({ CHURN_RATES: "0.5" })).toThrow('CHURN_RATES="0.5" must be two shares "lo,hi" with 0 <= lo <= hi <= 1');
    expect(() => dailyRates({ AVG_ORDERS: "-1" })).toThrow("AVG_ORDERS");
    expect(seedFrom(undefined, {})).toBe(42);
    expect(seedFrom(undefined, { SYNTH_SEED: "7" })).toBe(7);
    expect(seedFrom("9", { SYNTH_SEED: "7" })).toBe(9);
    expect(() => seedFrom("x", {})).toThrow('seed "x" must be a whole number');
  });
});
