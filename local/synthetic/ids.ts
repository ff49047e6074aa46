// Ids of generated rows derive from the day that created them, so a rerun of an earlier day gets
// the same ids again even when later days exist (a "max(id) + 1" would not).
import { dayNumber } from "./dates.ts";

/** Initial clients are 1..N; clients registered by `daily` start above this. */
export const MAX_INIT_CLIENTS = 99_999_999;
export const MAX_CLIENTS_PER_DAY = 9_999;
export const MAX_ORDERS_PER_DAY = 99_999;
/** Clients registered by `daily` have ids above this one. */
export const DAILY_CLIENTS_BASE = 100_000_000;

/** Client registered on `date` as the k-th (1-based) new client of that day. */
export function newClientId(date: string, k: number): number {
  return DAILY_CLIENTS_BASE + dayNumber(date) * (MAX_CLIENTS_PER_DAY + 1) + k;
}

/** The k-th (1-based) order of `date`; fits `integer` up to 2058. */
export function orderId(date: string, k: number): number {
  return dayNumber(date) * (MAX_ORDERS_PER_DAY + 1) + k;
}
