import type { Pipeline } from "../../dsl/pipeline.ts";
import type { Task, TriggerRule, Upstream } from "../../dsl/tasks/common.ts";
import type { BranchPath } from "../../dsl/tasks/common.ts";
import { isKind } from "../../dsl/values.ts";
import { error } from "../diagnostics/diagnostic.ts";
import type { IrPipeline, IrSchedule, IrTask, IrTriggerRule } from "../ir/types.ts";
import { lowerTaskBody, triggerTaskId, type TaskEnv } from "./tasks.ts";

/** A pipeline while it is being lowered: tasks may still gain hand-off triggers and outlets. */
export interface DraftPipeline extends Omit<IrPipeline, "tasks" | "schedule"> {
  schedule: IrSchedule;
  tasks: DraftTask[];
  readonly source: Pipeline;
}
/** Tasks stay mutable until the graph is frozen: hand-offs add outlets. */
export type DraftTask = IrTask & { inlets: readonly string[]; outlets: readonly string[] };

const RULES: Record<TriggerRule, IrTriggerRule> = {
  allSuccess: "all_success", allFailed: "all_failed", allDone: "all_done", allDoneMinOneSuccess: "all_done_min_one_success",
  allSkipped: "all_skipped", oneSuccess: "one_success", oneDone: "one_done", oneFailed: "one_failed", noneFailed: "none_failed",
  noneFailedMinOneSuccess: "none_failed_min_one_success", noneSkipped: "none_skipped", always: "always",
};

function scheduleOf(p: Pipeline): IrSchedule {
  const s = p.schedule;
  if (!s) return { kind: "manual" };
  switch (s.kind) {
    case "cron": return { kind: "cron", cron: s.cron };
    case "preset": return { kind: "preset", preset: s.preset };
    case "after": return { kind: "triggered", by: [] }; // wired by the hand-off step
    case "data": return { kind: "assets", assets: [], datasets: [] }; // resolved by DataScheduleResolver
    default: return { kind: "manual" };
  }
}

/** Lowers one pipeline's own declarations (hand-offs between pipelines come later). */
export function lowerPipeline(p: Pipeline, file: string, dagId: string, env: TaskEnv): DraftPipeline {
  const { ctx, project } = env;
  ctx.reportIssues(p.issues);
  const ids = new Map<Task, string>();
  const seen = new Map<string, Task>();
  const kept: Task[] = [];
  for (const task of p.tasks) {
    ctx.reportIssues(task.issues);
    let id = task.id;
    if (task.kind === "trigger" && !id) {
      const target = (task.spec as { target: Pipeline }).target;
      const targetId = isKind(target, "external-dag") ? (target as unknown as { dagId: string }).dagId : env.dagIdOf(target) ?? `${project.id}__${target?.id}`;
      id = triggerTaskId(targetId, project.id);
    }
    if (seen.has(id)) {
      // Tasks after the duplicate follow the id it declared: one mistake, one diagnostic (no GR003).
      ids.set(task, id);
      ctx.report(error("GR002", `task id '${id}' is declared twice in pipeline '${p.id}'`, ctx.ref(task.origin), `first declared at ${ctx.ref(seen.get(id)!.origin)?.file}:${ctx.ref(seen.get(id)!.origin)?.line}`));
      continue;
    }
    seen.set(id, task);
    ids.set(task, id);
    kept.push(task);
  }
  if (kept.length === 0 && p.issues.length === 0) ctx.report(error("GR008", `pipeline '${p.id}' declares no tasks`, ctx.ref(p.origin)));

  const paths = new Map<string, { ifTrue: Set<string>; ifFalse: Set<string> }>();
  const tasks: DraftTask[] = kept.map((task) => {
    const id = ids.get(task)!;
    const where = ctx.ref(task.origin);
    const upstream = new Set<string>();
    for (const up of (task.options.after ?? []) as Upstream[]) {
      const isPath = isKind(up, "branch-path");
      const target = isPath ? (up as BranchPath).branch : (up as Task);
      const upId = ids.get(target);
      if (upId === undefined) {
        ctx.report(error("GR003", `task '${id}' follows '${target?.id}', which is not a task of pipeline '${p.id}'${target?.pipelineId && target.pipelineId !== p.id ? ` (it belongs to '${target.pipelineId}')` : ""}`, where));
        continue;
      }
      upstream.add(upId);
      if (target.kind === "branch") {
        if (!isPath) {
          ctx.report(error("GR006", `task '${id}' follows branch '${upId}' without choosing a path`, where));
          continue;
        }
        const entry = paths.get(upId) ?? { ifTrue: new Set(), ifFalse: new Set() };
        ((up as BranchPath).path ? entry.ifTrue : entry.ifFalse).add(id);
        paths.set(upId, entry);
      }
    }
    const body = lowerTaskBody(task, where, env);
    const o = task.options;
    return {
      ...body,
      id,
      origin: where,
      upstream: [...upstream].sort(),
      triggerRule: RULES[o.triggerRule ?? "allSuccess"] ?? "all_success",
      ...(o.retries !== undefined ? { retries: o.retries } : {}),
      ...(o.retryDelaySeconds !== undefined ? { retryDelaySeconds: o.retryDelaySeconds } : {}),
      ...(o.dependsOnPast !== undefined ? { dependsOnPast: o.dependsOnPast } : {}),
      ...(o.doc !== undefined ? { doc: o.doc } : {}),
      inlets: [],
      outlets: [],
      reads: [],
      writes: [],
    } as DraftTask;
  });
  for (const task of tasks) {
    const branchPaths = paths.get(task.id);
    if (task.kind === "branch" && branchPaths) {
      Object.assign(task, { ifTrue: [...branchPaths.ifTrue].sort(), ifFalse: [...branchPaths.ifFalse].sort() });
    }
  }
  return {
    id: p.id,
    dagId,
    file,
    origin: ctx.ref(p.origin),
    description: p.description,
    schedule: scheduleOf(p),
    tags: [...new Set(p.tags ?? [])],
    catchup: p.catchup ?? false,
    maxActiveRuns: p.maxActiveRuns ?? 1,
    dependsOnPast: p.dependsOnPast ?? false,
    retries: p.retries ?? project.retries,
    retryDelaySeconds: p.retryDelaySeconds ?? project.retryDelaySeconds,
    owner: p.owner ?? project.owner,
    startDate: project.startDate,
    tasks,
    source: p,
  };
}
