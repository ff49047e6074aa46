import { KIND } from "../internal/origin.ts";
import { snapshot as readOnce } from "../internal/snapshot.ts";

/** Full copy of the table for every run date. */
export interface SnapshotBehaviour { readonly [KIND]: "behaviour"; readonly kind: "snapshot" }
/** Only rows changed since the last run, found by a watermark column. */
export interface MutableDimensionBehaviour<C extends string = string> {
  readonly [KIND]: "behaviour";
  readonly kind: "mutableDimension";
  readonly watermark: C;
  readonly created?: C;
  readonly granularity: "day" | "timestamp";
}
/** Facts keyed by an event date; re-read `lookbackDays` days to catch late rows (merge), or append when 0. */
export interface FactBehaviour<C extends string = string> {
  readonly [KIND]: "behaviour";
  readonly kind: "fact";
  readonly eventDate: C;
  readonly lookbackDays: number;
}
/** Event stream keyed by an event time, deduplicated and merged over a lookback window. */
export interface EventBehaviour<C extends string = string> {
  readonly [KIND]: "behaviour";
  readonly kind: "event";
  readonly eventTime: C;
  readonly lookbackDays: number;
  readonly dedup: boolean;
}
/** How a table changes, which decides how it is extracted and applied. */
export type Behaviour<C extends string = string> = SnapshotBehaviour | MutableDimensionBehaviour<C> | FactBehaviour<C> | EventBehaviour<C>;

/**
 * The table is copied in full for every run date (small dictionaries).
 * @example
 * behaviour: snapshot()
 */
export function snapshot(): SnapshotBehaviour {
  return Object.freeze({ [KIND]: "behaviour" as const, kind: "snapshot" as const });
}

/**
 * Rows change in place; extract those whose `watermark` moved since the last run.
 * @param options.created used when the watermark is null (rows never updated). @default none
 * @param options.granularity `day` re-reads the boundary day (bronze upserts absorb it). @default "day"
 * @example
 * behaviour: mutableDimension({ watermark: "updated_at", created: "registration_date" })
 */
// NoInfer on the results: the table's column names check these literals (a typo is a type
// error naming the right column) instead of widening them to string.
export function mutableDimension<W extends string, R extends string = never>(options: { watermark: W; created?: R; granularity?: "day" | "timestamp" }): NoInfer<MutableDimensionBehaviour<W | R>> {
  return Object.freeze({ granularity: "day" as const, ...readOnce(options), [KIND]: "behaviour" as const, kind: "mutableDimension" as const });
}

/**
 * Facts with an event date. With `lookbackDays: 0` rows are appended; with more, the window is re-read and merged.
 * @param options.lookbackDays @default 0
 * @example
 * behaviour: fact({ eventDate: "payment_date", lookbackDays: 5 })
 */
export function fact<C extends string>(options: { eventDate: C; lookbackDays?: number }): NoInfer<FactBehaviour<C>> {
  return Object.freeze({ lookbackDays: 0, ...readOnce(options), [KIND]: "behaviour" as const, kind: "fact" as const });
}

/**
 * Events with an event time; deduplicated by key and merged over the lookback window.
 * @param options.lookbackDays @default 2
 * @param options.dedup @default true
 * @example
 * behaviour: event({ eventTime: "status_datetime", lookbackDays: 2 })
 */
export function event<C extends string>(options: { eventTime: C; lookbackDays?: number; dedup?: boolean }): NoInfer<EventBehaviour<C>> {
  return Object.freeze({ lookbackDays: 2, dedup: true, ...readOnce(options), [KIND]: "behaviour" as const, kind: "event" as const });
}
