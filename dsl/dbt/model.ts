import { captureOrigin, KIND, type Origin } from "../internal/origin.ts";
import { snapshot } from "../internal/snapshot.ts";
import type { DataTest } from "./tests.ts";
import type { DbtSourceTable } from "./sources.ts";

/** Merged by `uniqueKey`; `C` are the columns it names, checked against the model's declared columns. */
export interface IncrementalMaterialization<C extends string = string> {
  readonly kind: "incremental";
  readonly uniqueKey: readonly C[];
  readonly lookbackDays?: number;
  /** Where incremental() was called (diagnostics about its columns point there). */
  readonly origin?: Origin | undefined;
}

/** How dbt builds a model; `C` are the columns it names. */
export type Materialization<C extends string = string> =
  | { readonly kind: "table" }
  | { readonly kind: "view" }
  | IncrementalMaterialization<C>;

/** Rebuilt in full every run. */
export const asTable = (): Materialization<never> => ({ kind: "table" });
/** A view over its inputs. */
export const asView = (): Materialization<never> => ({ kind: "view" });
/**
 * Only new or changed rows are merged, by `uniqueKey`; a full rebuild recreates it.
 * @param options.uniqueKey columns identifying a row. When the model declares `columns`, they
 *   must be among them: a type error, and DS086 when a name reaches the compiler untyped
 * @param options.lookbackDays daily runs reprocess this many days. @default 0
 * @example
 * model({ ..., materialized: incremental({ uniqueKey: ["order_id"], lookbackDays: 7 }), columns: { order_id: column("bigint") } })
 */
export function incremental<const K extends string>(options: { uniqueKey: readonly K[]; lookbackDays?: number }): IncrementalMaterialization<K> {
  return Object.freeze({ ...snapshot(options), kind: "incremental" as const, origin: captureOrigin() });
}

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

/** Settings of a dbt model. Its SQL is hand-written in `dbt/models/<sql>`. `C` are its declared column names. */
export interface ModelSpec<C extends string = string> {
  /** Model name (also its file name in the generated project); a dbt identifier: letters, digits and `_`, not starting with a digit, at most 63 characters (DS001 otherwise). */
  readonly name: string;
  /** SQL file under `dbt/models/`, e.g. `gold/fct_orders_sales.sql`: a relative path of letters, digits, `_`, `-`, `.` and `/` with no `..`, resolving (symlinks followed) inside `dbt/models/` (DS030 / DS001 otherwise). */
  readonly sql: string;
  /** Medallion layer; selects the schema and the selectors it belongs to. */
  readonly layer: "silver" | "gold";
  /** `incremental({ uniqueKey })` names declared `columns` (when the model declares any). @default asTable() */
  readonly materialized?: Materialization<NoInfer<C>>;
  /** dbt tags (the layer is always added): letters, digits, `_`, `-`, `:` and `.`, at most 63 characters. @default [] */
  readonly tags?: readonly string[];
  /** Relation name in the warehouse; a dbt identifier like `name`. @default the model name */
  readonly alias?: string;
  readonly description?: string;
  /** Columns with types (an enforced contract) and tests; column names are dbt identifiers. @default none (no contract) */
  readonly columns?: Readonly<Record<C, ModelColumn>>;
  /** Models and source tables the SQL reads; each must appear as ref()/source() in the SQL and vice versa. */
  readonly dependsOn: readonly (DbtModel | DbtSourceTable)[];
  /** @default not published */
  readonly publish?: Publish;
}

/** A declared dbt model; use it in other models' `dependsOn` and in `references(...)` tests. `C` are its declared column names. */
export interface DbtModel<C extends string = string> extends ModelSpec<C> {
  readonly [KIND]: "dbt-model";
  readonly origin: Origin | undefined;
}

/**
 * Declares a dbt model: configuration here, business logic in `dbt/models/<sql>`. The names of
 * its `columns` are captured: `incremental({ uniqueKey })` and `references(thisModel, field)` must
 * name one of them (a model without `columns` accepts any name).
 * @example
 * export const fctOrders = model({
 *   name: "fct_orders_sales", sql: "gold/fct_orders_sales.sql", layer: "gold",
 *   materialized: incremental({ uniqueKey: ["order_id"] }),
 *   columns: { order_id: column("bigint", { tests: [isNotNull(), isUnique()] }) },
 *   dependsOn: [silverSrc.tables.orders],
 *   publish: { postgres: { schema: "gold" } },
 * });
 */
export function model<C extends string = string>(spec: ModelSpec<C>): DbtModel<C> {
  // Read once: what lowering checks is what the compiler writes.
  return Object.freeze({ ...snapshot(spec), [KIND]: "dbt-model" as const, origin: captureOrigin() });
}
