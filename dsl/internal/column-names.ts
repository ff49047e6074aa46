/**
 * Type-only key of the column names a handle offers to the editor (`SilverTable<C>`,
 * `DbtSourceTable<C>`): builders never set it, so it costs nothing at run time. Lowering finds the
 * columns from the declaration itself and reports a wrong name that reached it untyped.
 */
export const COLUMN_NAMES: unique symbol = Symbol.for("lakehouse-compiler.column-names");

/** What a handle of columns `C` carries: nothing at run time, `C` for the type checker. */
export interface ColumnNames<C extends string> {
  readonly [COLUMN_NAMES]?: C;
}
