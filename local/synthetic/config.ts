// Settings from the environment (the pods' contract) and their defaults. An empty value means
// the default, as the init DAG passes "" for an unset Airflow Variable.
import { UserError } from "./errors.ts";
import { MAX_INIT_CLIENTS } from "./ids.ts";

type Env = Readonly<Record<string, string | undefined>>;

/** Default seed of every stream. */
export const DEFAULT_SEED = 42;

/** Sizes of the initial data set (init). */
export interface InitSizes {
  /** N_OF_INIT_CLIENTS. @default 500 */
  readonly clients: number;
  /** N_DELIVERY_RESOURCE. @default 60 */
  readonly couriers: number;
}

/** Daily volumes (daily); names and meanings follow the reference generator. */
export interface DailyRates {
  /** AVG_ORDERS: orders per active client per week (divided by 7 for a day). @default 1.4 */
  readonly avgOrdersPerWeek: number;
  /** AVG_PRODUCTS, MIN_PRODUCTS, MAX_PRODUCTS: lines per order. @default 10, 5, 20 */
  readonly avgProducts: number;
  readonly minProducts: number;
  readonly maxProducts: number;
  /** CHURN_RATES "lo,hi": share of a store's active clients churning per day. @default 0.004,0.007 */
  readonly churnRates: readonly [number, number];
  /** NEW_CLIENTS_RATES "lo,hi": new clients per day as a share of a store's active clients. @default 0.006,0.01 */
  readonly newClientsRates: readonly [number, number];
}

export const DEFAULT_RATES: DailyRates = {
  avgOrdersPerWeek: 1.4,
  avgProducts: 10,
  minProducts: 5,
  maxProducts: 20,
  churnRates: [0.004, 0.007],
  newClientsRates: [0.006, 0.01],
};

const given = (env: Env, name: string): string | undefined => {
  const v = env[name]?.trim();
  return v === undefined || v === "" ? undefined : v;
};

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const v = given(env, name);
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new UserError(`${name}=${JSON.stringify(v)} must be a whole number from ${min} to ${max}`);
  return Number(v);
}

function decimal(env: Env, name: string, fallback: number, min: number, max: number): number {
  const v = given(env, name);
  if (v === undefined) return fallback;
  if (!/^\d+(\.\d+)?$/.test(v) || Number(v) < min || Number(v) > max) throw new UserError(`${name}=${JSON.stringify(v)} must be a number from ${min} to ${max}`);
  return Number(v);
}

function range(env: Env, name: string, fallback: readonly [number, number]): readonly [number, number] {
  const v = given(env, name);
  if (v === undefined) return fallback;
  const parts = v.split(",").map((s) => s.trim());
  const [lo, hi] = parts.map(Number) as [number, number];
  if (parts.length !== 2 || !parts.every((p) => /^\d+(\.\d+)?$/.test(p)) || lo > hi || hi > 1) {
    throw new UserError(`${name}=${JSON.stringify(v)} must be two shares "lo,hi" with 0 <= lo <= hi <= 1`);
  }
  return [lo, hi];
}

/** N_OF_INIT_CLIENTS and N_DELIVERY_RESOURCE (delivery_resource ids are smallint). */
export function initSizes(env: Env): InitSizes {
  return {
    clients: integer(env, "N_OF_INIT_CLIENTS", 500, 1, MAX_INIT_CLIENTS),
    couriers: integer(env, "N_DELIVERY_RESOURCE", 60, 1, 32_767),
  };
}

/** AVG_ORDERS, AVG_PRODUCTS, MIN_PRODUCTS, MAX_PRODUCTS, CHURN_RATES, NEW_CLIENTS_RATES. */
export function dailyRates(env: Env): DailyRates {
  const d = DEFAULT_RATES;
  const minProducts = integer(env, "MIN_PRODUCTS", d.minProducts, 1, 100);
  const maxProducts = integer(env, "MAX_PRODUCTS", Math.max(d.maxProducts, minProducts), minProducts, 100);
  const avgProducts = decimal(env, "AVG_PRODUCTS", Math.min(Math.max(d.avgProducts, minProducts), maxProducts), minProducts, maxProducts);
  const newClientsRates = range(env, "NEW_CLIENTS_RATES", d.newClientsRates);
  return {
    avgOrdersPerWeek: decimal(env, "AVG_ORDERS", d.avgOrdersPerWeek, 0, 7),
    avgProducts,
    minProducts,
    maxProducts,
    churnRates: range(env, "CHURN_RATES", d.churnRates),
    newClientsRates,
  };
}

/**
 * The seed: `--seed N` wins over SYNTH_SEED (for runners that keep the pod's command), else 42.
 * @example seedFrom(undefined, {}) // 42
 */
export function seedFrom(flag: string | undefined, env: Env): number {
  const v = flag ?? given(env, "SYNTH_SEED");
  if (v === undefined) return DEFAULT_SEED;
  if (!/^\d+$/.test(v) || Number(v) > 4_294_967_295) throw new UserError(`seed ${JSON.stringify(v)} must be a whole number from 0 to 4294967295`);
  return Number(v);
}

