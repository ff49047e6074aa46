import { isKind } from "../../dsl/values.ts";
import type { Pipeline } from "../../dsl/pipeline.ts";
import { error } from "../diagnostics/diagnostic.ts";
import type { IrProject } from "../ir/types.ts";
import type { LowerContext } from "./context.ts";
import type { DraftPipeline, DraftTask } from "./pipeline.ts";
import { triggerTaskId } from "./tasks.ts";
import { toposort } from "./toposort.ts";

/** Asset URI a pipeline publishes when it finishes (asset hand-offs). */
export const pipelineAssetUri = (projectId: string, dagId: string): string => `pipeline://${projectId}/${dagId}`;

/** Tasks nothing else follows: where a pipeline "finishes". */
function sinks(p: DraftPipeline): DraftTask[] {
  const followed = new Set(p.tasks.flatMap((t) => t.upstream));
  return p.tasks.filter((t) => !followed.has(t.id));
}

/** Id of the task added when a pipeline has several final tasks and must publish its asset once. */
export const HANDOFF_TASK_ID = "handoff__done";

/**
 * The task that updates a pipeline's asset: its only final task, or an added `handoff__done`
 * that runs when all final tasks succeeded (so a partial success never starts the downstream).
 */
function publisherOf(up: DraftPipeline, down: DraftPipeline): DraftTask {
  const finals = sinks(up);
  if (finals.length === 1) return finals[0]!;
  const existing = up.tasks.find((t) => t.id === HANDOFF_TASK_ID);
  if (existing) return existing;
  const task = { kind: "marker", id: HANDOFF_TASK_ID, origin: down.origin, upstream: finals.map((t) => t.id).sort(), triggerRule: "all_success", outlets: [], reads: [], writes: [] } as unknown as DraftTask;
  up.tasks.push(task);
  return task;
}

/**
 * Wires `schedule: after(...)`: a trigger task appended to each upstream pipeline, or an asset
 * the upstream's final tasks update and the downstream is scheduled on.
 */
export function wireHandoffs(drafts: DraftPipeline[], byObject: Map<Pipeline, DraftPipeline>, project: IrProject, ctx: LowerContext): void {
  for (const down of drafts) {
    const schedule = down.source.schedule;
    if (schedule?.kind !== "after") continue;
    const ups = schedule.upstream.map((u) => {
      if (!isKind(u, "pipeline")) {
        // after(undefined): typically a pipeline read before its file finished loading, or a typo.
        const got = u === null ? "null" : typeof u === "object" ? "an object" : typeof u;
        ctx.report(error("DS001", `pipeline '${down.id}': after(...) expects pipelines, got ${got}`, down.origin, "pass the pipeline object an exported pipeline(...) returned, e.g. after(rawLanding)"));
        return undefined;
      }
      const draft = byObject.get(u);
      if (!draft) ctx.report(error("GR007", `pipeline '${down.id}' runs after pipeline '${u?.id}', which is not exported from any file in pipelines/`, down.origin));
      return draft;
    }).filter((d): d is DraftPipeline => d !== undefined);
    if (project.handoff === "asset") {
      const uris = ups.map((up) => pipelineAssetUri(project.id, up.dagId));
      for (const up of ups) publisherOf(up, down).outlets = [...new Set([...publisherOf(up, down).outlets, pipelineAssetUri(project.id, up.dagId)])].sort();
      down.schedule = { kind: "assets", assets: [...new Set(uris)].sort() };
      continue;
    }
    if (ups.length > 1) ctx.report(error("GR010", `pipeline '${down.id}' runs after ${ups.length} pipelines with trigger hand-offs, so it would run once per upstream`, down.origin));
    for (const up of ups) {
      const id = triggerTaskId(down.dagId, project.id);
      if (up.tasks.some((t) => t.id === id)) continue; // the author already placed this trigger
      const finals = sinks(up).map((t) => t.id).sort();
      up.tasks.push({ kind: "trigger", id, origin: down.origin, upstream: finals, triggerRule: "all_success", outlets: [], reads: [], writes: [], targetDagId: down.dagId, wait: false, pollSeconds: 60, resetDagRun: true } as DraftTask);
    }
    down.schedule = { kind: "triggered", by: ups.map((u) => u.dagId).sort() };
  }
}

/** Pipelines that start each other in a loop (through after() or trigger tasks). */
export function checkPipelineCycles(drafts: DraftPipeline[], ctx: LowerContext): void {
  const byDag = new Map(drafts.map((d) => [d.dagId, d]));
  // Index the hand-off edges once: who triggers a DAG, who publishes an asset.
  const triggeredBy = new Map<string, Set<string>>();
  const publishers = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string, value: string) => map.set(key, (map.get(key) ?? new Set()).add(value));
  for (const d of drafts) {
    for (const t of d.tasks) {
      if (t.kind === "trigger" && byDag.has(t.targetDagId)) add(triggeredBy, t.targetDagId, d.dagId);
      for (const asset of t.outlets) add(publishers, asset, d.dagId);
    }
  }
  const upstreamOf = (dagId: string): string[] => {
    const ups = new Set(triggeredBy.get(dagId) ?? []);
    const self = byDag.get(dagId);
    if (self?.schedule.kind === "assets") for (const asset of self.schedule.assets) for (const p of publishers.get(asset) ?? []) ups.add(p);
    return [...ups].sort();
  };
  const { cycle } = toposort(drafts.map((d) => d.dagId), upstreamOf);
  if (cycle) {
    const first = byDag.get(cycle[0]!)!;
    ctx.report(error("GR005", `pipelines ${cycle.map((c) => `'${byDag.get(c)!.id}'`).join(" → ")} → '${first.id}' hand off to each other (cycle)`, first.origin));
  }
}
