import type { ColumnNames } from "../internal/column-names.ts";
import { captureOrigin, KIND, type Origin } from "../internal/origin.ts";
import { snapshot } from "../internal/snapshot.ts";
import type { ColumnType } from "../sources/columns.ts";
import type { SourceTable } from "../sources/table.ts";
import type { Rule } from "./rules.ts";
import type { RenameMap, SilverColumns } from "./silver-columns.ts";
import type { WriteMode } from "./write-modes.ts";

/**
 * How a source table becomes a silver table. `S` are the source table's columns, `R` the rename
 * map, `C` the silver table's columns (`S` renamed by `R`): everything after the rename names `C`.
 */
export interface SilverSpec<S extends string = string, R = Readonly<Record<string, string>>, C extends string = S> {
  /** Silver table name. @default the source table's name */
  readonly target?: string;
  /** Keep one row per key: the latest by an ordering column (silver columns, after renames). @default none */
  readonly dedupe?: { readonly by: readonly C[]; readonly latest: C };
  /** Column renames (source column → new name), applied first. @example rename: { fullname: "client_name" } @default {} */
  readonly rename?: R;
  /** Type casts (source column → Spark SQL type, e.g. "date", "decimal(12,2)"). @default {} */
  readonly cast?: Partial<Record<S, string>>;
  /** Row rules (`notNull(column)`, `rule(name, sql)`), on the silver columns; failing rows are quarantined, dropped or fail the job. @default [] */
  readonly quality?: readonly Rule<C>[];
  /** @default merge() on the table keys */
  readonly write?: WriteMode<C>;
  /** Partition columns of the silver table (silver columns, after renames). @example partitionBy: ["order_date"] @default [] */
  readonly partitionBy?: readonly C[];
  /** New source columns are added to the target ("addColumns") or refused ("fail"). @default "addColumns" */
  readonly schemaEvolution?: "addColumns" | "fail";
}

/** A silver table declaration: its source table and transformations. `C` are its columns (for the editor). */
export interface SilverTable<C extends string = string> extends ColumnNames<C> {
  readonly [KIND]: "silver-table";
  readonly table: SourceTable;
  readonly spec: SilverSpec;
  readonly origin: Origin | undefined;
}

/**
 * Declares how a source table is cleaned into silver. Column names are typed: `rename` keys are
 * source columns; `dedupe`, `quality` rules, `write: scd2(...)` and `partitionBy` name the silver
 * table's columns, i.e. after `rename` (a renamed column by its new name only); `cast` keys are
 * source columns. A wrong name is a type error, and DS010 / DS085 when it reaches the compiler
 * untyped.
 * @param table a table of a `postgresSource(...)`
 * @param spec transformations. @default {} (copy with merge() on the table keys)
 * @example
 * export const clientsSilver = silver(db.tables.clients, {
 *   rename: { fullname: "client_name" },
 *   dedupe: { by: ["id"], latest: "updated_at" },
 *   quality: [notNull("id"), rule("name_not_blank", "trim(client_name) <> ''")],
 *   write: scd2({ track: ["client_name"] }),
 *   partitionBy: ["registration_date"],
 * });
 */
export function silver<T extends Record<string, ColumnType>, const R extends RenameMap<R, keyof T & string> = {}>(
  table: SourceTable<T>,
  spec: SilverSpec<keyof T & string, R & NoInfer<{ readonly [K in keyof T]?: string }>, NoInfer<SilverColumns<keyof T & string, R>>> = {},
): SilverTable<SilverColumns<keyof T & string, R>> {
  // Read once: what lowering checks is what the compiler writes.
  return Object.freeze({ [KIND]: "silver-table" as const, table: table as unknown as SourceTable, spec: snapshot(spec) as SilverSpec, origin: captureOrigin() });
}
