import { pipeline, type Pipeline } from "../pipeline.ts";
import { snapshot } from "../internal/snapshot.ts";
import type { Schedule } from "../schedule.ts";
import type { Task } from "../tasks/common.ts";
import type { SparkStep } from "../tasks/spark.ts";
import type { PostgresSource, SourceTable } from "../sources/table.ts";
import type { Group } from "./group.ts";
import type { SilverTable } from "./silver.ts";
import type { ExternalDag } from "../tasks/trigger.ts";

/** Settings shared by the medallion steps. */
export interface StepSpec<M> {
  /** Pipeline id without the project prefix, e.g. `raw_landing__postgres_to_landing__daily`. */
  readonly id: string;
  readonly description?: string;
  /** When it runs, usually `after(previousStep)`. */
  readonly schedule: Schedule;
  /** Groups of tables; each becomes one SparkApplication. */
  readonly groups: readonly Group<M>[];
  /** Run the groups side by side or one after the other. @default "parallel" */
  readonly order?: "parallel" | "sequential";
  /** @default [] */
  readonly tags?: readonly string[];
  /** Concurrent runs. @default 1 */
  readonly maxActiveRuns?: number;
  /** DAGs to trigger when done (hand-offs to DAGs this project does not generate). @default [] */
  readonly triggers?: readonly ExternalDag[];
}

/**
 * The standard shape of a Spark step: `run__sparkapp__start` → one task per group
 * (`run__sparkapp__group_<name>`, parallel or sequential) → `run__sparkapp__done`.
 */
function sparkStep<M>(step: SparkStep, input: StepSpec<M>, source: PostgresSource<any> | undefined): Pipeline {
  // Read once: the task function below runs later and must see what pipeline() validated.
  const spec = snapshot(input);
  // Settings that are not an object: pipeline() reports them (DS001 at the author's call).
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) return pipeline(spec as never);
  return pipeline({
    id: spec.id,
    description: spec.description,
    schedule: spec.schedule,
    tags: spec.tags,
    maxActiveRuns: spec.maxActiveRuns,
    tasks: (t) => {
      const start = t.marker("run__sparkapp__start");
      let previous: Task[] = [start];
      const groupTasks: Task[] = [];
      for (const g of spec.groups) {
        const task = t.sparkGroup(`run__sparkapp__group_${g.name}`, {
          step,
          group: g as Group<SourceTable | SilverTable>,
          ...(source ? { source } : {}),
          after: spec.order === "sequential" ? previous : [start],
        });
        groupTasks.push(task);
        if (spec.order === "sequential") previous = [task];
      }
      const done = t.marker("run__sparkapp__done", { after: spec.order === "sequential" ? previous : groupTasks.length ? groupTasks : [start] });
      for (const target of spec.triggers ?? []) t.trigger(target, { after: [done] });
    },
  });
}

/**
 * Raw landing: each group's tables are read from the source over JDBC and landed as Parquet
 * with a manifest and `_SUCCESS`, advancing watermarks.
 * @example
 * export const rawLanding = landing({
 *   id: "raw_landing__postgres_to_landing__daily",
 *   source: db,
 *   schedule: after(generatorsDaily),
 *   groups: [group("snapshots-mutable-dims", [...db.snapshots, ...db.mutableDimensions]), group("facts-events", [...db.facts, ...db.events], { executors: 2 })],
 * });
 */
export function landing(input: StepSpec<SourceTable> & { readonly source: PostgresSource<any> }): Pipeline {
  const spec = snapshot(input);
  return sparkStep("landing", spec, spec?.source);
}

/**
 * Bronze: applies complete landed batches to Delta tables (snapshot replace, MERGE or append by
 * behaviour), exactly once per batch.
 * @param spec.order @default "parallel"
 * @example
 * export const bronze = bronzeLoad({ id: "bronze__landing_to_delta__daily", source: db, schedule: after(rawLanding), groups: [...], order: "sequential" });
 */
export function bronzeLoad(input: StepSpec<SourceTable> & { readonly source: PostgresSource<any> }): Pipeline {
  const spec = snapshot(input);
  return sparkStep("bronze", spec, spec?.source);
}

/**
 * Silver: cleans bronze tables into silver Delta tables (dedupe, casts, renames, quality rules
 * with quarantine, MERGE / SCD1 / SCD2).
 * @example
 * export const silverDaily = silverLoad({ id: "silver__bronze_to_silver__daily", schedule: after(bronze), groups: [group("dims", [clientsSilver])] });
 */
export function silverLoad(spec: StepSpec<SilverTable>): Pipeline {
  return sparkStep("silver", spec, undefined);
}
