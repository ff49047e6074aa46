import { captureOrigin, KIND, type Origin } from "../internal/origin.ts";

/** What happens to rows that fail a quality rule. */
export type OnFail = "quarantine" | "drop" | "fail";

/**
 * A row-level quality rule: a Spark SQL boolean expression every valid row satisfies.
 * `C` are the columns it names (none for free SQL): `silver()` accepts it only when the silver
 * table has them.
 */
export interface Rule<C extends string = string> {
  readonly [KIND]: "rule";
  readonly name: string;
  readonly sql: string;
  readonly onFail: OnFail;
  /** Columns the rule names, checked against the silver table's (none for free SQL, whose text is scanned instead). */
  readonly columns: readonly C[];
  readonly origin: Origin | undefined;
}

/**
 * A quality rule written as free Spark SQL, evaluated after renames and casts (so it names the
 * silver table's columns). The compiler checks the column names it uses (DS088 for one the silver
 * table does not have, at this call's line); SQL it cannot judge (a lambda, a subquery) is DS089, a
 * warning, and the silver job refuses a condition it cannot evaluate.
 * @param name rule name, reported with every failing row
 * @param sql a Spark SQL condition every valid row satisfies
 * @param options.onFail @default "quarantine"
 * @example
 * rule("amount_positive", "amount > 0", { onFail: "quarantine" })
 */
export function rule(name: string, sql: string, options: { onFail?: OnFail } = {}): Rule<never> {
  const { onFail } = options;
  return Object.freeze({ [KIND]: "rule" as const, name, sql, onFail: onFail ?? "quarantine", columns: Object.freeze([]), origin: captureOrigin() });
}

const ident = (column: string) => `\`${column.replace(/`/g, "``")}\``;

/**
 * The column must not be null (rule `<column>_not_null`).
 * @param column a column of the silver table, by its name after `rename` (rules run after
 *   renames and casts); a name the table does not have is a type error, and DS085 when it
 *   reaches the compiler untyped
 * @param options.onFail @default "quarantine"
 * @example
 * silver(db.tables.clients, { rename: { fullname: "client_name" }, quality: [notNull("id"), notNull("client_name", { onFail: "drop" })] })
 */
export function notNull<const C extends string>(column: C, options: { onFail?: OnFail } = {}): Rule<C> {
  // rule() records the author's line: origins skip the DSL's own frames.
  return Object.freeze({ ...rule(`${column}_not_null`, `${ident(column)} IS NOT NULL`, options), columns: Object.freeze([column]) });
}
