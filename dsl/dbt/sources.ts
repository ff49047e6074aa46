import { captureOrigin, KIND, type Origin } from "../internal/origin.ts";
import { snapshot } from "../internal/snapshot.ts";
import type { SilverTable } from "../medallion/silver.ts";
import type { SourceTable } from "../sources/table.ts";

/** A Delta table dbt reads as a source: a bronze table or a silver table built by Spark. */
export interface DbtSourceTable {
  readonly [KIND]: "dbt-source-table";
  /** dbt source name, e.g. `silver` (used as `source('silver', table)`). */
  readonly source: string;
  readonly name: string;
  readonly dataset: SourceTable | SilverTable;
  readonly origin: Origin | undefined;
}

/** A group of Delta tables dbt reads, addressed by table name. */
export interface DbtSource<T extends string = string> {
  readonly [KIND]: "dbt-source";
  readonly name: string;
  readonly layer: "bronze" | "silver";
  /** Column that tells how fresh a table is (freshness checks); a dbt identifier. @default none */
  readonly loadedAtField?: string;
  /** Warn / error when the newest row is older than this many hours. @default none */
  readonly freshness?: { readonly warnAfterHours?: number; readonly errorAfterHours?: number };
  readonly tables: Readonly<Record<T, DbtSourceTable>>;
  readonly origin: Origin | undefined;
}

const nameOf = (d: SourceTable | SilverTable): string => ("spec" in d && "table" in d ? d.spec.target ?? d.table.name : (d as SourceTable).name);

/**
 * Declares the Delta tables of one layer as a dbt source (each key names a table: use the
 * dataset's own name). Models refer to them with
 * `{{ source('<name>', '<table>') }}` in their SQL and with the handle in `dependsOn`.
 * @param name dbt source name (also its schema): a dbt identifier (letters, digits, `_`, at most 63 characters)
 * @param layer which lake root the tables live in
 * @example
 * export const silverSrc = dbtSource("silver", "silver", { clients: clientsSilver, orders: ordersSilver }, { loadedAtField: "_silver_ts", freshness: { warnAfterHours: 26 } });
 * silverSrc.tables.clients
 */
export function dbtSource<K extends string>(
  name: string,
  layer: "bronze" | "silver",
  datasets: Readonly<Record<K, SourceTable<any> | SilverTable>>,
  options: { loadedAtField?: string; freshness?: { warnAfterHours?: number; errorAfterHours?: number } } = {},
): DbtSource<K> {
  const origin = captureOrigin();
  // Read once: what lowering checks is what the compiler writes.
  datasets = snapshot(datasets);
  options = snapshot(options);
  const tables = {} as Record<K, DbtSourceTable>;
  for (const key of Object.keys(datasets) as K[]) {
    const dataset = datasets[key] as SourceTable | SilverTable;
    tables[key] = Object.freeze({ [KIND]: "dbt-source-table" as const, source: name, name: nameOf(dataset), dataset, origin });
  }
  return Object.freeze({ ...options, [KIND]: "dbt-source" as const, name, layer, tables: Object.freeze(tables), origin });
}
