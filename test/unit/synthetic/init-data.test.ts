// init's data set: deterministic for a seed and first day, every declared table filled with rows
// of exactly its columns, keys unique, no NULL where the declaration forbids it, all dated at the
// first day, couriers for every store and courier type.
import { describe, expect, it } from "vitest";
import { initSizes } from "../../../local/synthetic/config.ts";
import { initData } from "../../../local/synthetic/init-data.ts";
import { db } from "../../../pipelines/sources/ampere-db.ts";
import { violations } from "./invariants.ts";

const START = "2025-08-01";
const SIZES = { clients: 500, couriers: 60 };

describe("init data", () => {
  it("is identical for the same seed and first day", () => {
    expect(JSON.stringify(initData(42, START, SIZES))).toBe(JSON.stringify(initData(42, START, SIZES)));
  });

  it("differs for another seed", () => {
    const a = initData(42, START, SIZES);
    const b = initData(7, START, SIZES);
    expect(b.clients).not.toEqual(a.clients);
    expect(b.assortment).not.toEqual(a.assortment);
    // The dictionaries are fixed.
    expect(b.stores).toEqual(a.stores);
    expect(b.order_statuses).toEqual(a.order_statuses);
  });

  it("fills every declared table with rows of exactly its columns, unique keys and no NULL where forbidden", () => {
    const data = initData(42, START, SIZES);
    expect(Object.keys(data).sort()).toEqual(Object.keys(db.tables).sort());
    expect(violations(data)).toEqual([]);
  });

  it("has the requested sizes and dates everything at the first day", () => {
    const data = initData(42, START, { clients: 37, couriers: 20 });
    expect(data.clients).toHaveLength(37);
    expect(data.delivery_resource).toHaveLength(20);
    for (const c of data.clients!) expect([c.registration_date, c.updated_at, c.churned]).toEqual([START, START, false]);
    for (const c of data.delivery_resource!) expect([c.created_at, c.updated_at, c.active_flag]).toEqual([START, START, true]);
    for (const p of data.products!) expect([p.valid_from, p.valid_to]).toEqual([START, null]);
    for (const c of data.costing!) expect([c.valid_from, c.valid_to]).toEqual([START, null]);
    for (const t of ["orders", "order_product", "payments", "order_status_history", "delivery_tracking"]) expect(data[t]).toEqual([]);
  });

  it("gives every store a courier of every type and costs exactly what it sells", () => {
    const data = initData(42, START, { clients: 10, couriers: 15 });
    const pairs = new Set(data.delivery_resource!.map((c) => `${c.store_id}/${c.delivery_type_id}`));
    expect(pairs.size).toBe(15);
    expect(data.costing!.map((c) => `${c.product_id}/${c.store_id}`)).toEqual(data.assortment!.map((a) => `${a.product_id}/${a.store_id}`));
    const productIds = new Set(data.products!.map((p) => p.id));
    expect(data.assortment!.every((a) => productIds.has(a.product_id!))).toBe(true);
    const zoneIds = new Set(data.zones!.map((z) => z.id));
    expect(data.delivery_costing!.every((d) => zoneIds.has(d.zone_id!))).toBe(true);
  });

  it("reads its sizes from the init pod's environment; empty means the default", () => {
    expect(initSizes({})).toEqual({ clients: 500, couriers: 60 });
    expect(initSizes({ N_OF_INIT_CLIENTS: "", N_DELIVERY_RESOURCE: "" })).toEqual({ clients: 500, couriers: 60 });
    expect(initSizes({ N_OF_INIT_CLIENTS: "1200", N_DELIVERY_RESOURCE: "90" })).toEqual({ clients: 1200, couriers: 90 });
    expect(() => initSizes({ N_OF_INIT_CLIENTS: "many" })).toThrow('N_OF_INIT_CLIENTS="many" must be a whole number from 1 to 99999999');
    expect(() => initSizes({ N_DELIVERY_RESOURCE: "40000" })).toThrow("N_DELIVERY_RESOURCE=\"40000\" must be a whole number from 1 to 32767");
  });
});
