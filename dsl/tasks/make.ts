import { z } from "zod";
import { KIND, type Origin } from "../internal/origin.ts";
import { validate, type DslIssue } from "../internal/issues.ts";
import { snapshot } from "../internal/snapshot.ts";
import { isKind } from "../values.ts";
import { TRIGGER_RULES, type Task, type TaskOptions } from "./common.ts";

const upstreamSchema = z.custom((v) => isKind(v, "task") || isKind(v, "branch-path"), {
  message: "expected a task or a branch path (task.ifTrue / task.ifFalse)",
});

export const taskOptionsSchema = z.object({
  after: z.array(upstreamSchema).optional(),
  triggerRule: z.enum(TRIGGER_RULES as [string, ...string[]]).optional(),
  retries: z.number().int().min(0).max(100).optional(),
  retryDelaySeconds: z.number().int().min(0).optional(),
  dependsOnPast: z.boolean().optional(),
  doc: z.string().optional(),
});

// Built once: zod compiles each schema object on its first parse, so a schema made per call costs
// a compilation per task.
const idSchema = z.string().min(1);
const optionsWithoutAfterSchema = taskOptionsSchema.omit({ after: true });
const afterSchema = taskOptionsSchema.pick({ after: true });

/** Builds a task object, validating kind-specific settings and the common options. */
export function makeTask<K extends string, S>(
  kind: K,
  id: string,
  spec: S,
  options: TaskOptions,
  specSchema: z.ZodType,
  origin: Origin | undefined,
  pipelineId: string,
  argumentIssues: readonly DslIssue[] = [],
): Task<K, S> {
  // Read once: validated values are the written ones. `after` is the exception: it may name tasks
  // declared later in the same tasks function (a forward reference), so pipeline() reads it once
  // when that function returned (finishTask).
  spec = snapshot(spec);
  const { after, ...rest } = options;
  options = { ...snapshot(rest), ...(after !== undefined ? { after } : {}) };
  const what = `task '${id}'`;
  return {
    [KIND]: "task",
    id,
    kind,
    spec,
    options,
    origin,
    pipelineId,
    issues: [
      ...argumentIssues,
      // A trigger's id may be left out: the compiler derives it from the target.
      ...(kind === "trigger" && id === "" ? [] : validate(idSchema, id, `${what} id`, origin)),
      // Settings that were not an object are one issue, not one per missing field.
      ...(argumentIssues.length > 0 ? [] : validate(specSchema, spec, what, origin)),
      ...validate(optionsWithoutAfterSchema, rest, what, origin),
    ],
  };
}

/**
 * Reads a task's `after` once, validates it and freezes the task. pipeline() calls it when the
 * tasks function returned, so forward references made inside that function are complete.
 */
export function finishTask(task: Task): void {
  const { after: raw, ...options } = task.options;
  const after = snapshot(raw);
  const issues = after === undefined ? [] : validate(afterSchema, { after }, `task '${task.id}'`, task.origin);
  // An invalid `after` (not an array, or holding something else than tasks) is reported once,
  // here, and left out: lowering only ever sees arrays of tasks and branch paths.
  Object.assign(task, {
    options: Object.freeze({ ...options, ...(after !== undefined && issues.length === 0 ? { after } : {}) }),
    issues: Object.freeze([...task.issues, ...issues]),
  });
  Object.freeze(task);
}

/** Splits a spec object into the common task options and the kind-specific rest. */
export function splitOptions<T extends TaskOptions>(input: T): [Omit<T, keyof TaskOptions>, TaskOptions] {
  const { after, triggerRule, retries, retryDelaySeconds, dependsOnPast, doc, ...rest } = input;
  const options: TaskOptions = { after, triggerRule, retries, retryDelaySeconds, dependsOnPast, doc };
  for (const key of Object.keys(options) as (keyof TaskOptions)[]) if (options[key] === undefined) delete (options as Record<string, unknown>)[key];
  return [rest, options];
}
