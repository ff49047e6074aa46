import { captureOrigin, KIND, type Origin } from "../internal/origin.ts";
import { snapshot } from "../internal/snapshot.ts";
import type { DataTest } from "./tests.ts";
import type { DbtSourceTable } from "./sources.ts";

/** How dbt builds a model. */
export type Materialization =
  | { readonly kind: "table" }
  | { readonly kind: "view" }
  | { readonly kind: "incremental"; readonly uniqueKey: readonly string[]; readonly lookbackDays?: number };

/** Rebuilt in full every run. */
export const asTable = (): Materialization => ({ kind: "table" });
/** A view over its inputs. */
export const asView = (): Materialization => ({ kind: "view" });
/**
 * Only new or changed rows are merged, by `uniqueKey` (column names); a full rebuild recreates it.
 * @param options.lookbackDays daily runs reprocess this many days. @default 0
 * @example
 * materialized: incremental({ uniqueKey: ["order_id"], lookbackDays: 7 })
 */
export const incremental = (options: { uniqueKey: readonly string[]; lookbackDays?: number }): Materialization => Object.freeze({ ...snapshot(options), kind: "incremental" as const });

/** A declared column: its type (the contract) and data tests. */
export interface ModelColumn {
  readonly [KIND]: "model-column";
  readonly type: string;
  readonly description?: string;
  readonly tests: readonly DataTest[];
}

/**
 * A model column with its SQL type (enforced by the model contract): type words with an optional
 * precision, e.g. `bigint`, `varchar(255)`, `decimal(18, 2)`, `timestamp with time zone` (DS001 otherwise).
 * The description is free text: dbt gets it back verbatim, Jinja included.
 * @example
 * order_id: column("bigint", { tests: [isNotNull(), isUnique()] })
 */
export function column(type: string, options: { description?: string; tests?: readonly DataTest[] } = {}): ModelColumn {
  const { description, tests } = snapshot(options);
  return Object.freeze({ [KIND]: "model-column" as const, type, ...(description ? { description } : {}), tests: tests ?? [] });
}

/** Where a built model is published besides the DuckDB warehouse (after its tests passed). */
export interface Publish {
  /** Copy into the PostgreSQL serving database (schema, a dbt identifier). @default not published */
  readonly postgres?: { readonly schema: string };
  /** Write as a Delta table at `<lake.gold>/<alias or name>`. @default not published */
  readonly delta?: boolean;
}

/** Settings of a dbt model. Its SQL is hand-written in `dbt/models/<sql>`. */
export interface ModelSpec {
  /** Model name (also its file name in the generated project); a dbt identifier: letters, digits and `_`, not starting with a digit, at most 63 characters (DS001 otherwise). */
  readonly name: string;
  /** SQL file under `dbt/models/`, e.g. `gold/fct_orders_sales.sql`: a relative path of letters, digits, `_`, `-`, `.` and `/` with no `..`, resolving (symlinks followed) inside `dbt/models/` (DS030 / DS001 otherwise). */
  readonly sql: string;
  /** Medallion layer; selects the schema and the selectors it belongs to. */
  readonly layer: "silver" | "gold";
  /** @default asTable() */
  readonly materialized?: Materialization;
  /** dbt tags (the layer is always added): letters, digits, `_`, `-`, `:` and `.`, at most 63 characters. @default [] */
  readonly tags?: readonly string[];
  /** Relation name in the warehouse; a dbt identifier like `name`. @default the model name */
  readonly alias?: string;
  readonly description?: string;
  /** Columns with types (an enforced contract) and tests; column names are dbt identifiers. @default none (no contract) */
  readonly columns?: Readonly<Record<string, ModelColumn>>;
  /** Models and source tables the SQL reads; each must appear as ref()/source() in the SQL and vice versa. */
  readonly dependsOn: readonly (DbtModel | DbtSourceTable)[];
  /** @default not published */
  readonly publish?: Publish;
}

/** A declared dbt model; use it in other models' `dependsOn` and in `references(...)` tests. */
export interface DbtModel extends ModelSpec {
  readonly [KIND]: "dbt-model";
  readonly origin: Origin | undefined;
}

/**
 * Declares a dbt model: configuration here, business logic in `dbt/models/<sql>`.
 * @example
 * export const fctOrders = model({
 *   name: "fct_orders_sales", sql: "gold/fct_orders_sales.sql", layer: "gold",
 *   materialized: incremental({ uniqueKey: ["order_id"] }),
 *   columns: { order_id: column("bigint", { tests: [isNotNull(), isUnique()] }) },
 *   dependsOn: [silverSrc.tables.orders],
 *   publish: { postgres: { schema: "gold" } },
 * });
 */
export function model(spec: ModelSpec): DbtModel {
  // Read once: what lowering checks is what the compiler writes.
  return Object.freeze({ ...snapshot(spec), [KIND]: "dbt-model" as const, origin: captureOrigin() });
}
