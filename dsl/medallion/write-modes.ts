import { captureOrigin, type Origin } from "../internal/origin.ts";
import { snapshot } from "../internal/snapshot.ts";

/** Write modes that name no column: upserts on the keys, full replace, append. */
export interface KeyedWrite {
  readonly mode: "merge" | "scd1" | "overwrite" | "append";
  readonly deleteWhen?: string;
}

/** SCD type 2; `C` are the columns it names (`track`, `orderBy`), checked against the silver table's. */
export interface Scd2Write<C extends string = string> {
  readonly mode: "scd2";
  readonly track?: readonly C[];
  readonly orderBy?: C;
  readonly deleteWhen?: string;
  /** Where scd2() was called (diagnostics about its columns point there). */
  readonly origin?: Origin | undefined;
}

/** How silver rows are written into the target table; `C` are the columns it names. */
export type WriteMode<C extends string = string> = KeyedWrite | Scd2Write<C>;

/** Upsert on the keys: update on match, insert otherwise. @example write: merge() */
export const merge = (options: { deleteWhen?: string } = {}): KeyedWrite => Object.freeze({ ...snapshot(options), mode: "merge" as const });
/** Same as merge (SCD type 1: keep only the latest version). */
export const scd1 = (options: { deleteWhen?: string } = {}): KeyedWrite => Object.freeze({ ...snapshot(options), mode: "scd1" as const });
/** Replace the whole table every run. */
export const overwrite = (): KeyedWrite => Object.freeze({ mode: "overwrite" as const });
/** Append every row. */
export const append = (): KeyedWrite => Object.freeze({ mode: "append" as const });

/**
 * SCD type 2: keep every version with valid_from / valid_to / is_current. Columns are the silver
 * table's, by their name after `rename`; a name the table does not have is a type error, and
 * DS085 when it reaches the compiler untyped.
 * @param options.track columns whose change opens a new version. @default all non-key columns
 * @param options.orderBy column giving each version's valid_from. @default the dedupe ordering column
 * @param options.deleteWhen Spark SQL condition marking a delete (closes the current version). @default none
 * @example
 * silver(db.tables.clients, { rename: { fullname: "client_name" }, write: scd2({ track: ["client_name"], orderBy: "updated_at" }) })
 */
export function scd2<const C extends string = never>(options: { track?: readonly C[]; orderBy?: C; deleteWhen?: string } = {}): Scd2Write<C> {
  return Object.freeze({ ...snapshot(options), mode: "scd2" as const, origin: captureOrigin() });
}
