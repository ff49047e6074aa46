import { pipeline, type Pipeline } from "../pipeline.ts";
import { snapshot } from "../internal/snapshot.ts";
import type { Schedule } from "../schedule.ts";
import type { ResourceAmounts } from "../tasks/pod.ts";
import type { ExternalDag } from "../tasks/trigger.ts";
import type { Text } from "../values.ts";
import type { DbtProject } from "./project.ts";

/** What a dbt run builds: everything incrementally, everything from scratch, or gold only. */
export type DbtMode = "daily_refresh" | "full_rebuild" | "gold_only";

/** Settings of a pipeline that runs the dbt project in a pod. */
export interface DbtRunSpec {
  /** Pipeline id without the project prefix, e.g. `silver_gold__dbt_duckdb__daily`. */
  readonly id: string;
  readonly description?: string;
  readonly project: DbtProject;
  readonly schedule: Schedule;
  /** Selector (generated in selectors.yml). */
  readonly mode: DbtMode;
  /** Rebuild incremental models from scratch (`--full-refresh`). @default mode === "full_rebuild" */
  readonly fullRefresh?: boolean;
  /** Name in task ids: `run__<name>__start`, `<task>`, `run__<name>__done`. */
  readonly name: string;
  /** Id of the dbt task. @default `run__<name>__dbt_build` */
  readonly taskId?: string;
  /** Extra environment of the dbt pod. @default {} */
  readonly env?: Readonly<Record<string, Text>>;
  /** @default requests 500m / 2Gi, limits 4 / 10Gi */
  readonly resources?: { readonly requests?: ResourceAmounts; readonly limits?: ResourceAmounts };
  /** @default the project placement's */
  readonly serviceAccount?: string;
  /** @default [] */
  readonly tags?: readonly string[];
  /** DAGs to trigger when done. @default [] */
  readonly triggers?: readonly ExternalDag[];
}

/**
 * A pipeline that runs the dbt project: `run__<name>__start` → the dbt pod → `run__<name>__done`.
 * @example
 * export const silverGoldDaily = dbtRun({ id: "silver_gold__dbt_duckdb__daily", name: "silver_gold", project: warehouse, schedule: after(bronze), mode: "daily_refresh" });
 */
export function dbtRun(input: DbtRunSpec): Pipeline {
  // Read once: the task function below runs later and must see what pipeline() validated.
  const spec = snapshot(input);
  // Settings that are not an object: pipeline() reports them (DS001 at the author's call).
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) return pipeline(spec as never);
  return pipeline({
    id: spec.id,
    description: spec.description,
    schedule: spec.schedule,
    tags: spec.tags,
    tasks: (t) => {
      const start = t.marker(`run__${spec.name}__start`);
      const run = t.dbt(spec.taskId ?? `run__${spec.name}__dbt_build`, {
        project: spec.project,
        mode: spec.mode,
        fullRefresh: spec.fullRefresh ?? spec.mode === "full_rebuild",
        ...(spec.env ? { env: spec.env } : {}),
        ...(spec.resources ? { resources: spec.resources } : {}),
        ...(spec.serviceAccount ? { serviceAccount: spec.serviceAccount } : {}),
        after: [start],
      });
      const done = t.marker(`run__${spec.name}__done`, { after: [run] });
      for (const target of spec.triggers ?? []) t.trigger(target, { after: [done] });
    },
  });
}
