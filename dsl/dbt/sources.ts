import type { ColumnNames } from "../internal/column-names.ts";
import { captureOrigin, KIND, type Origin } from "../internal/origin.ts";
import { snapshot } from "../internal/snapshot.ts";
import type { SilverTable } from "../medallion/silver.ts";
import type { SourceTable } from "../sources/table.ts";
import type { LakeLayer } from "../system-columns.ts";
import type { DatasetColumns, LoadedAtField } from "./source-columns.ts";

/** A Delta table dbt reads as a source: a bronze table or a silver table built by Spark. `C` are its columns (for the editor). */
export interface DbtSourceTable<C extends string = string> extends ColumnNames<C> {
  readonly [KIND]: "dbt-source-table";
  /** dbt source name, e.g. `silver` (used as `source('silver', table)`). */
  readonly source: string;
  readonly name: string;
  readonly dataset: SourceTable | SilverTable;
  /** Its source is `{ external: true }`: written outside this project. */
  readonly external: boolean;
  readonly origin: Origin | undefined;
}

/** A group of Delta tables dbt reads, addressed by table name; `C` maps each table to its columns. */
export interface DbtSource<T extends string = string, C extends { readonly [K in T]: string } = { readonly [K in T]: string }> {
  readonly [KIND]: "dbt-source";
  readonly name: string;
  readonly layer: LakeLayer;
  /** Column that tells how fresh a table is (freshness checks); a dbt identifier. @default none */
  readonly loadedAtField?: string;
  /** Warn / error when the newest row is older than this many hours. @default none */
  readonly freshness?: { readonly warnAfterHours?: number; readonly errorAfterHours?: number };
  /** The tables are written outside this project (another team's jobs): nothing here must write them. @default false */
  readonly external?: boolean;
  readonly tables: { readonly [K in T]: DbtSourceTable<C[K]> };
  readonly origin: Origin | undefined;
}

const nameOf = (d: SourceTable | SilverTable): string => ("spec" in d && "table" in d ? d.spec.target ?? d.table.name : (d as SourceTable).name);

/**
 * Declares the Delta tables of one layer as a dbt source (each key names a table: use the
 * dataset's own name). Models refer to them with
 * `{{ source('<name>', '<table>') }}` in their SQL and with the handle in `dependsOn`.
 * @param name dbt source name (also its schema): a dbt identifier (letters, digits, `_`, at most 63 characters)
 * @param layer which lake root the tables live in
 * @param datasets the tables: source tables (bronze) or `silver(...)` declarations (silver)
 * @param options.loadedAtField a column every table of the source has: one of their own columns
 *   (silver tables after `rename`) or one the layer's job adds to every table (`SYSTEM_COLUMNS`,
 *   e.g. `_bronze_last_apply_ts`, `_silver_apply_ts`). Another name is a type error, and DS087
 *   when it reaches the compiler untyped. @default none (no freshness check)
 * @param options.freshness warn / error when the newest row is older than this many hours. @default none
 * @param options.external the tables are written outside this project, so no step here has to
 *   write them (GR026 otherwise). @default false
 * @example
 * export const silverSrc = dbtSource("silver", "silver", { clients: clientsSilver, orders: ordersSilver }, { loadedAtField: "_silver_apply_ts", freshness: { warnAfterHours: 26 } });
 * silverSrc.tables.clients
 */
export function dbtSource<const D extends Readonly<Record<string, SourceTable<any> | SilverTable>>, L extends LakeLayer>(
  name: string,
  layer: L,
  datasets: D,
  options: { loadedAtField?: NoInfer<LoadedAtField<D, L>>; freshness?: { warnAfterHours?: number; errorAfterHours?: number }; external?: boolean } = {},
): DbtSource<keyof D & string, { readonly [K in keyof D & string]: DatasetColumns<D[K]> }> {
  const origin = captureOrigin();
  // Read once: what lowering checks is what the compiler writes.
  datasets = snapshot(datasets);
  options = snapshot(options);
  const tables = {} as Record<string, DbtSourceTable>;
  for (const key of Object.keys(datasets)) {
    const dataset = datasets[key] as SourceTable | SilverTable;
    tables[key] = Object.freeze({ [KIND]: "dbt-source-table" as const, source: name, name: nameOf(dataset), dataset, external: options?.external === true, origin });
  }
  return Object.freeze({ ...options, [KIND]: "dbt-source" as const, name, layer, tables: Object.freeze(tables) as never, origin });
}
