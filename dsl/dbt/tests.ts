import { captureOrigin, KIND, type Origin } from "../internal/origin.ts";
import { snapshot } from "../internal/snapshot.ts";
import type { DbtModel } from "./model.ts";
import type { DbtSourceTable } from "./sources.ts";

/** How a failing data test is reported: `error` fails the run, `warn` only logs. */
export type Severity = "error" | "warn";

/** A dbt data test on a column. */
export type DataTest =
  | { readonly [KIND]: "data-test"; readonly kind: "not_null" | "unique"; readonly severity: Severity }
  | { readonly [KIND]: "data-test"; readonly kind: "accepted_values"; readonly values: readonly (string | number)[]; readonly severity: Severity }
  | { readonly [KIND]: "data-test"; readonly kind: "relationships"; readonly to: DbtModel | DbtSourceTable; readonly field: string; readonly severity: Severity; readonly origin?: Origin | undefined }
  | { readonly [KIND]: "data-test"; readonly kind: "expression"; readonly expression: string; readonly severity: Severity };

interface TestOptions {
  /** @default "error" */
  readonly severity?: Severity;
}

/**
 * The column is never null.
 * @example
 * columns: { id: column("bigint", { tests: [isNotNull()] }) }
 */
export const isNotNull = (o: TestOptions = {}): DataTest => ({ [KIND]: "data-test", kind: "not_null", severity: o.severity ?? "error" });
/** No two rows share a value. */
export const isUnique = (o: TestOptions = {}): DataTest => ({ [KIND]: "data-test", kind: "unique", severity: o.severity ?? "error" });
/**
 * Every value is one of `values`.
 * @example
 * isOneOf(["new", "paid", "shipped"])
 */
export const isOneOf = (values: readonly (string | number)[], o: TestOptions = {}): DataTest => Object.freeze({ [KIND]: "data-test" as const, kind: "accepted_values" as const, values: snapshot(values), severity: o.severity ?? "error" });
/**
 * Every value exists in `field` of another model or source table (a foreign key).
 * @param to a model (from `model(...)`) or a source table (`src.tables.x` of a `dbtSource(...)`)
 * @param field a column of `to`: one of the model's declared `columns` (any name when it declares
 *   none), or of the source table as dbt sees it (silver tables after `rename`). A wrong name is a
 *   type error, and DS086 when it reaches the compiler untyped
 * @param o.severity @default "error"
 * @example
 * client_id: column("integer", { tests: [references(dimClients, "client_id")] })
 */
export function references<C extends string>(to: DbtModel<C> | DbtSourceTable<C>, field: NoInfer<C>, o: TestOptions = {}): DataTest {
  return { [KIND]: "data-test", kind: "relationships", to, field, severity: o.severity ?? "error", origin: captureOrigin() };
}
/**
 * A SQL condition every row of the model satisfies (an expression test).
 * @example
 * satisfies("amount >= 0", { severity: "warn" })
 */
export const satisfies = (expression: string, o: TestOptions = {}): DataTest => ({ [KIND]: "data-test", kind: "expression", expression, severity: o.severity ?? "error" });
