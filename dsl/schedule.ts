import { KIND } from "./internal/origin.ts";
import type { Pipeline } from "./pipeline.ts";

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
export type Schedule = CronSchedule | PresetSchedule | ManualSchedule | AfterSchedule;

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
 * with `handoff: "asset"` the upstream publishes an Airflow asset this pipeline is scheduled on.
 * @example
 * schedule: after(generatorsDaily)
 */
export function after(...upstream: Pipeline[]): AfterSchedule {
  return Object.freeze({ [KIND]: "schedule" as const, kind: "after" as const, upstream: Object.freeze([...upstream]) });
}
