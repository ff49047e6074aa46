import { z } from "zod";
import { captureOrigin, KIND, type Origin } from "./internal/origin.ts";
import { validate, type DslIssue } from "./internal/issues.ts";
import { snapshot } from "./internal/snapshot.ts";
import { registerBuilt } from "./internal/registry.ts";
import { isKind } from "./values.ts";
import type { Schedule } from "./schedule.ts";
import type { Task, TaskOptions, Upstream, TriggerRule } from "./tasks/common.ts";
import { finishTask, makeTask, splitOptions } from "./tasks/make.ts";
import { objectArgument } from "./internal/arguments.ts";
import { podSpecSchema, type PodSpec } from "./tasks/pod.ts";
import { triggerSpecSchema, type ExternalDag, type TriggerSpec } from "./tasks/trigger.ts";
import { branchSpecSchema, withPaths, type BranchSpec, type BranchTask } from "./tasks/branch.ts";
import { sparkGroupSpecSchema, type SparkGroupSpec } from "./tasks/spark.ts";
import { dbtTaskSpecSchema, type DbtTaskSpec } from "./tasks/dbt.ts";
import { httpPollSpecSchema, httpSpecSchema, type HttpPollSpec, type HttpSpec } from "./tasks/http.ts";

/** Declares the tasks of a pipeline; each method returns a handle to use in later tasks' `after`. */
export interface TaskBuilder {
  /**
   * A task that does nothing: a start/done marker that makes the graph readable.
   * @example
   * const start = t.marker("run__sparkapp__start");
   */
  marker(id: string, options?: TaskOptions): Task<"marker">;
  /**
   * Joins several paths (typically the two paths of a branch).
   * @param options.triggerRule @default "noneFailedMinOneSuccess"
   * @example
   * t.join("run__sparkapp__registry_ready", { after: [skip, init] })
   */
  join(id: string, options: TaskOptions & { readonly after: readonly Upstream[] }): Task<"marker">;
  /**
   * Runs a container in a Kubernetes pod.
   * @example
   * t.pod("run__pre_raw__daily", { image: platform.images.generator, args: ["--run-date", runDate] })
   */
  pod(id: string, spec: PodSpec): Task<"pod", Omit<PodSpec, keyof TaskOptions>>;
  /**
   * Starts a run of another pipeline with this run's logical date.
   * @example
   * t.trigger(rawLanding, { after: [generate] })
   */
  trigger(target: Pipeline | ExternalDag, spec?: TriggerSpec): Task<"trigger", { readonly target: Pipeline | ExternalDag } & Omit<TriggerSpec, keyof TaskOptions>>;
  /**
   * Chooses between two paths at run time.
   * @example
   * const check = t.branch("run__cleanup_check", { when: anyOf(weekday("sunday"), variableFlag("bronze_optimization")) });
   * t.marker("cleanup__go", { after: [check.ifTrue] });
   */
  branch(id: string, spec: BranchSpec): BranchTask;
  /**
   * Calls an HTTP API once; fails unless the status is expected.
   * @example
   * t.http("run__refresh__trigger", { connection: platform.connections.api, endpoint: "/refresh", expectStatus: [202] })
   */
  http(id: string, spec: HttpSpec): Task<"http", Omit<HttpSpec, keyof TaskOptions>>;
  /**
   * Polls an HTTP API until a JSON field has the wanted value (or changed).
   * @example
   * t.waitForHttp("run__refresh__status", { connection: platform.connections.api, endpoint: "/status", until: { field: "state", equals: "done" } })
   */
  waitForHttp(id: string, spec: HttpPollSpec): Task<"httpPoll", Omit<HttpPollSpec, keyof TaskOptions>>;
  /**
   * Runs one group of tables through a medallion step as a SparkApplication. The medallion
   * builders (landing, bronzeLoad, silverLoad) use it; use it directly to add a group to a custom pipeline.
   * @example
   * t.sparkGroup("run__sparkapp__group_dims", { step: "bronze", group: group("dims", db.mutableDimensions), source: db })
   */
  sparkGroup(id: string, spec: SparkGroupSpec): Task<"spark", Omit<SparkGroupSpec, keyof TaskOptions>>;
  /**
   * Runs the dbt project in a pod (what dbtRun() uses).
   * @example
   * t.dbt("run__gold__dbt_build", { project: warehouse, mode: "gold_only", fullRefresh: false })
   */
  dbt(id: string, spec: DbtTaskSpec): Task<"dbt", Omit<DbtTaskSpec, keyof TaskOptions>>;
}

/** Settings of a pipeline (one Airflow DAG). */
export interface PipelineSpec {
  /** Id without the project prefix; the DAG id is `<project id>__<id>`. Use `layer__what__cadence`. */
  readonly id: string;
  /** What the pipeline does; becomes the DAG's description and documentation. */
  readonly description?: string;
  /** When it runs: `cron(...)`, `daily`, `manual`, `after(otherPipeline)`, ... */
  readonly schedule: Schedule;
  /** Airflow tags, e.g. `layer:bronze`. @default [] */
  readonly tags?: readonly string[];
  /** Run missed intervals since the start date. @default false */
  readonly catchup?: boolean;
  /** Concurrent runs allowed. @default 1 */
  readonly maxActiveRuns?: number;
  /** Tasks wait for their own success in the previous run. @default false */
  readonly dependsOnPast?: boolean;
  /** Task retries. @default the project's */
  readonly retries?: number;
  /** Seconds between retries. @default the project's */
  readonly retryDelaySeconds?: number;
  /** Owner shown in Airflow. @default the project's */
  readonly owner?: string;
  /** Declares the tasks, in any order; dependencies come from each task's `after`. */
  readonly tasks: (t: TaskBuilder) => void;
}

/** A declared pipeline; other pipelines refer to it with `after(...)` or `t.trigger(...)`. */
export interface Pipeline extends Omit<PipelineSpec, "tasks"> {
  readonly [KIND]: "pipeline";
  readonly tasks: readonly Task[];
  readonly origin: Origin | undefined;
  readonly issues: readonly DslIssue[];
}

/** What pipeline() accepts (also walked by tests to find every numeric field). */
export const pipelineSchema = z
  .object({
    id: z.string().min(1),
    description: z.string().optional(),
    schedule: z.custom((v) => isKind(v, "schedule"), { message: "expected cron(...), a preset such as daily, manual, after(...) or onData(...)" }),
    tags: z.array(z.string().min(1)).optional(),
    catchup: z.boolean().optional(),
    maxActiveRuns: z.number().int().positive().optional(),
    dependsOnPast: z.boolean().optional(),
    retries: z.number().int().min(0).max(100).optional(),
    retryDelaySeconds: z.number().int().min(0).optional(),
    owner: z.string().min(1).optional(),
    tasks: z.custom((v) => typeof v === "function", { message: "expected a function (t) => { ... }" }),
  })
  .strict();

// Built once, not per task: zod compiles a schema on its first parse.
const markerSchema = z.object({});
const triggerSchema = triggerSpecSchema.extend({ target: z.custom((v) => isKind(v, "pipeline") || isKind(v, "external-dag"), { message: "expected a pipeline or externalDag(...)" }) });

function taskBuilder(pipelineId: string, tasks: Task[]): TaskBuilder {
  const add = <T extends Task>(task: T): T => (tasks.push(task), task);
  /** Builds one task of `kind` from `(id, settings)`; settings that are not an object are a DS001 issue. */
  const build = (kind: string, id: string, settings: unknown, schema: z.ZodType, defaults: TaskOptions = {}): Task => {
    const origin = captureOrigin();
    // Not snapshotted here: `after` may be filled later (a forward reference); makeTask copies the rest.
    const [spec, bad] = objectArgument(settings, `task '${id}'`, origin);
    const [rest, options] = splitOptions({ ...defaults, ...spec });
    return add(makeTask(kind, id, rest, options, schema, origin, pipelineId, bad));
  };
  return {
    marker: (id, options) => build("marker", id, options, markerSchema) as Task<"marker">,
    join: (id, options) => build("marker", id, options, markerSchema, { triggerRule: "noneFailedMinOneSuccess" }) as Task<"marker">,
    pod: (id, spec) => build("pod", id, spec, podSpecSchema) as ReturnType<TaskBuilder["pod"]>,
    trigger: (target, spec) => {
      const origin = captureOrigin();
      const [settings, bad] = objectArgument(snapshot(spec), "t.trigger(...)", origin);
      const [rest, options] = splitOptions(settings as TriggerSpec);
      return add(makeTask("trigger", rest.id ?? "", { target, ...rest }, options, triggerSchema, origin, pipelineId, bad));
    },
    branch: (id, spec) => {
      const origin = captureOrigin();
      const [settings, bad] = objectArgument(snapshot(spec), `task '${id}'`, origin);
      const [rest, options] = splitOptions(settings as unknown as BranchSpec);
      return add(withPaths(makeTask("branch", id, rest, options, branchSpecSchema, origin, pipelineId, bad)));
    },
    http: (id, spec) => build("http", id, spec, httpSpecSchema) as ReturnType<TaskBuilder["http"]>,
    sparkGroup: (id, spec) => build("spark", id, spec, sparkGroupSpecSchema) as ReturnType<TaskBuilder["sparkGroup"]>,
    dbt: (id, spec) => build("dbt", id, spec, dbtTaskSpecSchema) as ReturnType<TaskBuilder["dbt"]>,
    waitForHttp: (id, spec) => build("httpPoll", id, spec, httpPollSpecSchema) as ReturnType<TaskBuilder["waitForHttp"]>,
  };
}

/**
 * Declares a pipeline: one Airflow DAG with its tasks.
 * @example
 * export const generatorsDaily = pipeline({
 *   id: "pre_raw__generators__daily",
 *   schedule: cron("15 4 * * *"),
 *   tags: ["layer:pre_raw"],
 *   tasks: (t) => {
 *     const run = t.pod("run__pre_raw__daily", { image: platform.images.generator, args: ["--run-date", runDate] });
 *     t.trigger(rawLanding, { after: [run] });
 *   },
 * });
 */
export function pipeline(input: PipelineSpec): Pipeline {
  const origin = captureOrigin();
  // Read once: what is validated below is what the compiler writes.
  const [settings, bad] = objectArgument(snapshot(input), "pipeline settings", origin);
  const spec = settings as unknown as PipelineSpec;
  const issues = bad.length > 0 ? bad : validate(pipelineSchema, spec, `pipeline '${spec.id}'`, origin);
  const tasks: Task[] = [];
  if (typeof spec.tasks === "function") {
    try {
      spec.tasks(taskBuilder(spec.id, tasks));
    } catch (error) {
      // A mistake inside the author's task function: report it at the pipeline, keep going.
      issues.push({ code: "DS002", message: `pipeline '${spec.id}': declaring its tasks failed: ${(error as Error)?.message ?? String(error)}`, origin });
    }
  }
  // Tasks are frozen once the tasks function returned: nothing can change what was validated.
  for (const task of tasks) finishTask(task);
  const { tasks: _omit, ...rest } = spec;
  return registerBuilt(Object.freeze({ ...rest, [KIND]: "pipeline" as const, tasks: Object.freeze(tasks), origin, issues: Object.freeze(issues) }));
}
