// Rows as the generator writes them: column name -> value in the text form PostgreSQL stores
// (decimals and dates as text, integers as numbers), so what we compute is what a dump shows.

/** One column value. */
export type Value = string | number | boolean | null;
/** One row, keyed by column name. */
export type Row = Readonly<Record<string, Value>>;
/** Rows per table name. */
export type Tables = Readonly<Record<string, readonly Row[]>>;
