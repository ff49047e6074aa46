import type { DbtModel } from "./dbt/model.ts";
import type { DbtSourceTable } from "./dbt/sources.ts";
import { captureOrigin, KIND, type Origin } from "./internal/origin.ts";
import type { SilverTable } from "./medallion/silver.ts";
import type { Pipeline } from "./pipeline.ts";
import type { SourceTable } from "./sources/table.ts";

/** A cron expression, evaluated in UTC. */
export interface CronSchedule { readonly [KIND]: "schedule"; readonly kind: "cron"; readonly cron: string }
/** A named cadence (`@daily`, `@hourly`, ...). */
export interface PresetSchedule { readonly [KIND]: "schedule"; readonly kind: "preset"; readonly preset: Preset }
/** Only started by hand (or by an explicit trigger task). */
export interface ManualSchedule { readonly [KIND]: "schedule"; readonly kind: "manual" }
/** Started when the named upstream pipelines finish (trigger task or Airflow assets, per project `handoff`). */
export interface AfterSchedule { readonly [KIND]: "schedule"; readonly kind: "after"; readonly upstream: readonly Pipeline[] }

export type Preset = "@hourly" | "@daily" | "@weekly" | "@monthly" | "@yearly";
/** When a pipeline runs. */
export type Schedule = CronSchedule | PresetSchedule | ManualSchedule | AfterSchedule | DataSchedule;

/**
 * Runs on a cron expression (UTC), read the way Airflow reads it: five fields (minute hour
 * day-of-month month day-of-week), optionally a sixth (seconds) and seventh (year); names
 * (`jan`, `mon`), lists, ranges (wrapping ones too: `fri-mon`), steps, `?`, `L` (last day of
 * the month), `15W` (nearest weekday), `1#2` (second Monday), `L5` (last Friday), and presets
 * (`@daily`, `@quarterly`, ...). What Airflow refuses is a compile error (DS006); so is an
 * expression that never fires, such as `0 0 31 2 *` (DS080), and random `R` fields.
 * @example
 * schedule: cron("15 4 * * *")   // every day at 04:15
 * schedule: cron("0 2 L * *")    // the last day of every month at 02:00
 */
export function cron(expression: string): CronSchedule {
  return Object.freeze({ [KIND]: "schedule" as const, kind: "cron" as const, cron: expression });
}

const preset = (name: Preset): PresetSchedule => Object.freeze({ [KIND]: "schedule" as const, kind: "preset" as const, preset: name });
/** Once an hour, at minute 0. */
export const hourly = preset("@hourly");
/** Once a day, at midnight UTC. */
export const daily = preset("@daily");
/** Once a week, Sunday midnight UTC. */
export const weekly = preset("@weekly");
/** Once a month, on the 1st at midnight UTC. */
export const monthly = preset("@monthly");
/** Once a year, on January 1st. */
export const yearly = preset("@yearly");
/** Never on a clock: started by hand or by another pipeline's trigger task. */
export const manual: ManualSchedule = Object.freeze({ [KIND]: "schedule" as const, kind: "manual" as const });

/**
 * Runs after the given pipelines finish successfully. With project `handoff: "trigger"` (default)
 * the upstream DAG gets a `trigger__<this pipeline>` task at its end that passes its logical date;
 * with `handoff: "asset"` this pipeline is scheduled on the Airflow assets of the datasets the
 * upstream writes: those of them this pipeline reads, else the upstream's main outputs (not its
 * watermark state, apply registry or quarantine); an upstream that writes no dataset the
 * compiler knows (markers, pods) publishes `pipeline://<project>/<dag id>` when it finished.
 * @example
 * schedule: after(generatorsDaily)
 */
export function after(...upstream: Pipeline[]): AfterSchedule {
  return Object.freeze({ [KIND]: "schedule" as const, kind: "after" as const, upstream: Object.freeze([...upstream]) });
}

/** Formats an external dataset can be in (what its readers expect). */
export type ExternalFormat = "postgres" | "parquet" | "json" | "delta" | "duckdb" | "iceberg";

/** A dataset written outside this project, known by its Airflow asset URI. */
export interface ExternalDataset {
  readonly [KIND]: "external-dataset";
  readonly uri: string;
  readonly format: ExternalFormat;
  readonly origin: Origin | undefined;
}

/**
 * Declares a dataset another project or system writes, by the URI its writer publishes as an
 * Airflow asset, so that a pipeline can be scheduled on it with `onData(...)`. The URI must be
 * one Airflow keeps as written: `s3://bucket/key` (`s3a://` is read as `s3://`),
 * `postgres://host:port/database/schema/table`, `file:///path`, or a scheme of your own starting
 * with `x-`; no user info, query or fragment (DS090 otherwise).
 * @param spec.uri the dataset's URI
 * @param spec.format its storage format. @default "delta"
 * @example
 * const fxRates = externalDataset({ uri: "s3://finance-lake/gold/fx_rates", format: "delta" });
 * export const revenue = pipeline({ id: "gold__revenue", schedule: onData(fxRates, ordersSilver), tasks: (t) => { ... } });
 */
export function externalDataset(spec: { readonly uri: string; readonly format?: ExternalFormat }): ExternalDataset {
  return Object.freeze({ [KIND]: "external-dataset" as const, uri: spec?.uri, format: spec?.format ?? "delta", origin: captureOrigin() });
}

/** Anything `onData(...)` can wait for: a table handle the DSL already has, or an external dataset. */
export type DataHandle = SourceTable<any> | SilverTable<any> | DbtModel<any> | DbtSourceTable<any> | ExternalDataset;

/** Runs when every one of these datasets was updated (Airflow assets). */
export interface DataSchedule { readonly [KIND]: "schedule"; readonly kind: "data"; readonly datasets: readonly DataHandle[]; readonly origin: Origin | undefined }

/**
 * Runs when every one of the given datasets has been updated since this pipeline's last run
 * (an Airflow asset schedule: AND of all of them). A dataset is a table handle: a source table
 * (the operational table itself, `source:<source>.<table>`; a landing step of the project must
 * land it, so its location is known), a `silver(...)` table, a dbt `model(...)` (its relation
 * in the DuckDB file), a table of a `dbtSource(...)` (the bronze or silver Delta table; use
 * `{ external: true }` when another project writes it), or an `externalDataset(...)`. A dataset
 * nobody writes, neither a task of this project nor declared external, is GR028. Works with
 * either project `handoff` mode.
 * @example
 * schedule: onData(silverSrc.tables.orders, externalDataset({ uri: "s3://finance-lake/gold/fx_rates" }))
 */
export function onData(first: DataHandle, ...rest: DataHandle[]): DataSchedule {
  return Object.freeze({ [KIND]: "schedule" as const, kind: "data" as const, datasets: Object.freeze([first, ...rest]), origin: captureOrigin() });
}
