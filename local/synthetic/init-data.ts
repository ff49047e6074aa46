// The initial data set (`init`): the dictionaries, the assortment and its costs, and the first
// clients and couriers, all dated at the project's first day. A pure function of seed, date, sizes.
import type { InitSizes } from "./config.ts";
import { DELIVERY_TYPES, ORDER_STATUSES, PRODUCT_CATEGORIES, PRODUCTS, STORES, ZONES } from "./dictionaries.ts";
import { fixed } from "./money.ts";
import { personName } from "./names.ts";
import { Rng } from "./prng.ts";
import type { Row, Tables } from "./rows.ts";

/** Each store drops 1-2 products of every category from its assortment. */
function assortment(seed: number): Row[] {
  const rows: Row[] = [];
  for (const store of STORES) {
    const rng = new Rng(seed, "assortment", store.id);
    for (const category of PRODUCT_CATEGORIES) {
      const ids = PRODUCTS.filter((p) => p.category_id === category.id).map((p) => p.id);
      const dropped = new Set(rng.sample(ids, rng.int(1, 2)));
      for (const id of ids) if (!dropped.has(id)) rows.push({ product_id: id, store_id: store.id });
    }
  }
  return rows.sort((a, b) => Number(a.product_id) - Number(b.product_id) || Number(a.store_id) - Number(b.store_id));
}

/** What each store pays for what it sells: 55-80 % of the price. */
function costing(seed: number, start: string, sold: readonly Row[]): Row[] {
  return sold.map((a) => {
    const product = PRODUCTS[Number(a.product_id) - 1]!;
    const rng = new Rng(seed, "costing", product.id, Number(a.store_id));
    const cents = Math.max(1, Math.round(product.priceCents * rng.between(0.55, 0.8)));
    return { product_id: product.id, store_id: Number(a.store_id), avg_cost: fixed(cents, 2), valid_from: start, valid_to: null };
  });
}

/** Tariff per zone and courier type: dearer for later stores and faster couriers. */
function deliveryCosting(seed: number): Row[] {
  return ZONES.flatMap((zone) => DELIVERY_TYPES.map((type) => {
    const cents = 160 + 8 * (zone.store_id - 1) + [0, 55, 90][type.id - 1]! + new Rng(seed, "tariff", zone.id, type.id).int(0, 9);
    return { zone_id: zone.id, delivery_type_id: type.id, tariff: fixed(cents, 2) };
  }));
}

function clients(seed: number, start: string, n: number): Row[] {
  const rng = new Rng(seed, "init-clients");
  return Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    fullname: personName(rng),
    preferred_store_id: rng.pick(STORES).id,
    registration_date: start,
    updated_at: start,
    churned: false,
  }));
}

/** The first couriers cover every store and courier type, so every store can deliver every way. */
function couriers(seed: number, start: string, n: number): Row[] {
  const rng = new Rng(seed, "init-couriers");
  const weights = DELIVERY_TYPES.map((t) => t.weight);
  return Array.from({ length: n }, (_, i) => {
    const covering = i < STORES.length * DELIVERY_TYPES.length;
    return {
      id: i + 1,
      fullname: personName(rng),
      delivery_type_id: covering ? DELIVERY_TYPES[Math.floor(i / STORES.length)]!.id : DELIVERY_TYPES[rng.weighted(weights)]!.id,
      store_id: covering ? STORES[i % STORES.length]!.id : rng.pick(STORES).id,
      created_at: start,
      updated_at: start,
      active_flag: true,
    };
  });
}

/**
 * Every table's rows after `init`. Facts and events start empty.
 * @example initData(42, "2025-08-01", { clients: 500, couriers: 60 }).clients.length // 500
 */
export function initData(seed: number, start: string, sizes: InitSizes): Tables {
  const sold = assortment(seed);
  return {
    stores: STORES.map((s) => ({ ...s })),
    zones: ZONES.map((z) => ({ ...z })),
    product_categories: PRODUCT_CATEGORIES.map((c) => ({ ...c })),
    order_statuses: ORDER_STATUSES.map((s) => ({ ...s })),
    delivery_type: DELIVERY_TYPES.map(({ id, courier_type }) => ({ id, courier_type })),
    delivery_costing: deliveryCosting(seed),
    assortment: sold,
    clients: clients(seed, start, sizes.clients),
    costing: costing(seed, start, sold),
    products: PRODUCTS.map((p) => ({
      id: p.id, product_name: p.product_name, price: fixed(p.priceCents, 2), unit_type: p.unit_type, category_id: p.category_id,
      chance: fixed(p.chanceHundredths, 2), valid_from: start, valid_to: null,
    })),
    delivery_resource: couriers(seed, start, sizes.couriers),
    orders: [], order_product: [], payments: [], order_status_history: [], delivery_tracking: [],
  };
}
