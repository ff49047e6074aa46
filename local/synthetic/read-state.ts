// Reads the state a day is generated from (state.ts), every list in key order, dates and
// decimals as text so nothing passes through a time zone or a float.
import type pg from "pg";
import { addDays } from "./dates.ts";
import { qualified, table } from "./ddl.ts";
import { PAYMENT_LOOKBACK_DAYS } from "./daily-data.ts";
import type { SourceState } from "./state.ts";

const t = (name: string) => qualified(table(name));

/** The state before `date` (call it after undoing `date`'s own earlier run). */
export async function readState(client: pg.Client, date: string): Promise<SourceState> {
  const q = async <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => (await client.query<R>(sql, params)).rows;
  const stores = await q<{ id: number }>(`SELECT id FROM ${t("stores")} ORDER BY id`);
  const clients = await q<{ id: number; preferred_store_id: number; registration_date: string; updated_at: string; churned: boolean }>(
    `SELECT id, preferred_store_id, registration_date::text, updated_at::text, churned FROM ${t("clients")} ORDER BY id`);
  const couriers = await q<{ id: number; delivery_type_id: number; store_id: number; created_at: string; updated_at: string }>(
    `SELECT id, delivery_type_id, store_id, created_at::text, updated_at::text FROM ${t("delivery_resource")} ORDER BY id`);
  const products = await q<{ id: number; product_name: string; price: string; unit_type: string; category_id: number; chance: string; valid_from: string; valid_to: string | null }>(
    `SELECT id, product_name, price::text, unit_type, category_id, chance::text, valid_from::text, valid_to::text FROM ${t("products")} ORDER BY id, valid_from`);
  const assortment = await q<{ product_id: number; store_id: number }>(`SELECT product_id, store_id FROM ${t("assortment")} ORDER BY product_id, store_id`);
  const orders = await q<{ id: number; client_id: number; order_date: string; store_id: number; total_amount: string }>(
    `SELECT id, client_id, order_date::text, store_id, total_amount::text FROM ${t("orders")} WHERE order_date >= $1 AND order_date < $2 ORDER BY id`,
    [addDays(date, -PAYMENT_LOOKBACK_DAYS), date]);
  return {
    storeIds: stores.map((r) => r.id),
    clients: clients.map((r) => ({ id: r.id, preferredStoreId: r.preferred_store_id, registrationDate: r.registration_date, updatedAt: r.updated_at, churned: r.churned })),
    couriers: couriers.map((r) => ({ id: r.id, deliveryTypeId: r.delivery_type_id, storeId: r.store_id, createdAt: r.created_at, updatedAt: r.updated_at })),
    products: products.map((r) => ({ id: r.id, productName: r.product_name, price: r.price, unitType: r.unit_type, categoryId: r.category_id, chance: r.chance, validFrom: r.valid_from, validTo: r.valid_to })),
    assortment: assortment.map((r) => ({ productId: r.product_id, storeId: r.store_id })),
    recentOrders: orders.map((r) => ({ id: r.id, clientId: r.client_id, orderDate: r.order_date, storeId: r.store_id, totalAmount: r.total_amount })),
  };
}
