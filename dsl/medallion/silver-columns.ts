/**
 * Type-level column names of a silver table: its source table's columns with `rename` applied.
 * A renamed column is known by its new name only (the silver job renames first, then casts,
 * dedupes, checks rules and writes).
 */

/**
 * What `rename` accepts: source column → new name. A key that is not a source column makes its
 * value's type a sentence saying so (the type error then names the key).
 */
export type RenameMap<R, S extends string> = {
  readonly [K in keyof R]?: K extends S ? string : `'${K & string}' is not a column of the source table`;
};

/** Columns `S` after renames `R`: renamed ones by their new name, the others as they are. */
export type SilverColumns<S extends string, R> = S extends keyof R ? (R[S] extends string ? R[S] : S) : S;
