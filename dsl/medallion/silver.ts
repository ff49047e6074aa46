import { captureOrigin, KIND, type Origin } from "../internal/origin.ts";
import { snapshot } from "../internal/snapshot.ts";
import type { ColumnType } from "../sources/columns.ts";
import type { SourceTable } from "../sources/table.ts";

/** What happens to rows that fail a quality rule. */
export type OnFail = "quarantine" | "drop" | "fail";

/** A row-level quality rule: a Spark SQL boolean expression every valid row satisfies. */
export interface Rule {
  readonly [KIND]: "rule";
  readonly name: string;
  readonly sql: string;
  readonly onFail: OnFail;
}

/**
 * A quality rule written as a Spark SQL condition (evaluated after renames and casts).
 * @param options.onFail @default "quarantine"
 * @example
 * rule("amount_positive", "amount > 0", { onFail: "quarantine" })
 */
export function rule(name: string, sql: string, options: { onFail?: OnFail } = {}): Rule {
  const { onFail } = options;
  return Object.freeze({ [KIND]: "rule" as const, name, sql, onFail: onFail ?? "quarantine" });
}

const ident = (column: string) => `\`${column.replace(/`/g, "``")}\``;

/**
 * The column must not be null.
 * @example
 * notNull("id")
 */
export function notNull(column: string, options: { onFail?: OnFail } = {}): Rule {
  return rule(`${column}_not_null`, `${ident(column)} IS NOT NULL`, options);
}

/** How silver rows are written into the target table. */
export type WriteMode =
  | { readonly mode: "merge" | "scd1" | "overwrite" | "append"; readonly deleteWhen?: string }
  | { readonly mode: "scd2"; readonly track?: readonly string[]; readonly orderBy?: string; readonly deleteWhen?: string };

/** Upsert on the keys: update on match, insert otherwise. @example write: merge() */
export const merge = (options: { deleteWhen?: string } = {}): WriteMode => Object.freeze({ ...snapshot(options), mode: "merge" as const });
/** Same as merge (SCD type 1: keep only the latest version). */
export const scd1 = (options: { deleteWhen?: string } = {}): WriteMode => Object.freeze({ ...snapshot(options), mode: "scd1" as const });
/** Replace the whole table every run. */
export const overwrite = (): WriteMode => Object.freeze({ mode: "overwrite" as const });
/** Append every row. */
export const append = (): WriteMode => Object.freeze({ mode: "append" as const });
/**
 * SCD type 2: keep every version with valid_from / valid_to / is_current.
 * @param options.track columns whose change opens a new version. @default all non-key columns
 * @param options.orderBy column giving each version's valid_from. @default the dedupe ordering column
 * @param options.deleteWhen Spark SQL condition marking a delete (closes the current version). @default none
 * @example
 * write: scd2({ track: ["name"], orderBy: "updated_at" })
 */
export const scd2 = (options: { track?: readonly string[]; orderBy?: string; deleteWhen?: string } = {}): WriteMode => Object.freeze({ ...snapshot(options), mode: "scd2" as const });

/** How a source table becomes a silver table. */
export interface SilverSpec<C extends string> {
  /** Silver table name. @default the source table's name */
  readonly target?: string;
  /** Keep one row per key: the latest by an ordering column. @default none */
  readonly dedupe?: { readonly by: readonly C[]; readonly latest: C };
  /** Column renames (old → new). @default {} */
  readonly rename?: Partial<Record<C, string>>;
  /** Type casts (column → Spark SQL type, e.g. "date", "decimal(12,2)"). @default {} */
  readonly cast?: Partial<Record<C, string>>;
  /** Row rules; failing rows are quarantined, dropped or fail the job. @default [] */
  readonly quality?: readonly Rule[];
  /** @default merge() on the table keys */
  readonly write?: WriteMode;
  /** Partition columns of the silver table. @default [] */
  readonly partitionBy?: readonly string[];
  /** New source columns are added to the target ("addColumns") or refused ("fail"). @default "addColumns" */
  readonly schemaEvolution?: "addColumns" | "fail";
}

/** A silver table declaration: its source table and transformations. */
export interface SilverTable {
  readonly [KIND]: "silver-table";
  readonly table: SourceTable;
  readonly spec: SilverSpec<string>;
  readonly origin: Origin | undefined;
}

/**
 * Declares how a source table is cleaned into silver. Column names are typed.
 * @example
 * export const clientsSilver = silver(db.tables.clients, {
 *   dedupe: { by: ["id"], latest: "updated_at" },
 *   quality: [notNull("id"), rule("name_not_blank", "trim(name) <> ''")],
 *   write: scd2({ track: ["name"] }),
 * });
 */
export function silver<C extends Record<string, ColumnType>>(table: SourceTable<C>, spec: SilverSpec<keyof C & string> = {}): SilverTable {
  // Read once: what lowering checks is what the compiler writes.
  return Object.freeze({ [KIND]: "silver-table" as const, table: table as unknown as SourceTable, spec: snapshot(spec) as SilverSpec<string>, origin: captureOrigin() });
}
