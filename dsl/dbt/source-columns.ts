/** Type-level column names of dbt source tables, for `dbtSource(..., { loadedAtField })` and `references(...)`. */
import type { SilverTable } from "../medallion/silver.ts";
import type { ColumnType } from "../sources/columns.ts";
import type { SourceTable } from "../sources/table.ts";
import type { LakeLayer, SystemColumn } from "../system-columns.ts";

/** The columns dbt sees in a dataset: a source table's own, a silver table's after `rename`. */
export type DatasetColumns<D> =
  D extends SilverTable<infer C> ? C : D extends SourceTable<infer T extends Record<string, ColumnType>> ? keyof T & string : string;

/** The columns every dataset of `D` has (the intersection of their column names). */
export type ColumnsOfEvery<D> =
  { [K in keyof D]: (columns: DatasetColumns<D[K]>) => void }[keyof D] extends (columns: infer Every) => void ? Every & string : never;

/**
 * What a source's `loadedAtField` may name: a column every table has, own or added by the layer's
 * job. (Through `infer`, so that the editor shows the names rather than this alias.)
 */
export type LoadedAtField<D, L extends LakeLayer> = ColumnsOfEvery<D> | SystemColumn<L> extends infer Names extends string ? Names : never;
