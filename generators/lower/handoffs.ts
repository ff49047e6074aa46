import { isKind } from "../../dsl/values.ts";
import type { Pipeline } from "../../dsl/pipeline.ts";
import { error } from "../diagnostics/diagnostic.ts";
import type { IrProject, IrTriggerRule } from "../ir/types.ts";
import type { LowerContext } from "./context.ts";
import type { DatasetCollector } from "./datasets/collector.ts";
import { datasetAssetUri } from "./datasets/asset-uri.ts";
import type { DraftPipeline, DraftTask } from "./pipeline.ts";
import { triggerTaskId } from "./tasks.ts";
import { toposort } from "./toposort.ts";

/**
 * Completion asset of a pipeline (asset hand-offs from a pipeline whose data the compiler does
 * not know, or whose data writers do not cover all of its tasks; see `wireHandoffs`).
 */
export const pipelineAssetUri = (projectId: string, dagId: string): string => `pipeline://${projectId}/${dagId}`;

/** Tasks nothing else follows: where a pipeline "finishes". */
function sinks(p: DraftPipeline): DraftTask[] {
  const followed = new Set(p.tasks.flatMap((t) => t.upstream));
  return p.tasks.filter((t) => !followed.has(t.id));
}

/** Id of the task added when a pipeline has several final tasks and must publish its completion asset once. */
export const HANDOFF_TASK_ID = "handoff__done";

/**
 * The task that updates a pipeline's completion asset: its only final task, or an added
 * `handoff__done` that runs when all final tasks succeeded (so a partial success never starts
 * the downstream).
 */
function publisherOf(up: DraftPipeline, down: DraftPipeline): DraftTask {
  const existing = up.tasks.find((t) => t.id === HANDOFF_TASK_ID);
  if (existing) return existing;
  const finals = sinks(up);
  if (finals.length === 1) return finals[0]!;
  const task = { kind: "marker", id: HANDOFF_TASK_ID, origin: down.origin, upstream: finals.map((t) => t.id).sort(), triggerRule: "all_success", inlets: [], outlets: [], reads: [], writes: [] } as unknown as DraftTask;
  up.tasks.push(task);
  return task;
}

/** Layers of the bookkeeping a step keeps for itself: never what a downstream waits for. */
const BOOKKEEPING = new Set(["state", "registry", "quarantine"]);

const sortedUnique = (items: Iterable<string>) => [...new Set(items)].sort();

/** Sets every task's inlets and outlets: the asset URIs of the datasets it reads and writes. */
export function assignTaskAssets(drafts: readonly DraftPipeline[], datasets: DatasetCollector): void {
  const uri = (id: string) => datasetAssetUri(datasets.get(id)?.location ?? id);
  for (const d of drafts) {
    for (const t of d.tasks) {
      const io = datasets.taskIo({ dagId: d.dagId, taskId: t.id });
      Object.assign(t, { inlets: sortedUnique(io.reads.map(uri)), outlets: sortedUnique([...t.outlets, ...io.writes.map(uri)]) });
    }
  }
}

/** Trigger rules under which a task does not run when one of its upstream tasks failed. */
const STOPS_ON_FAILURE: ReadonlySet<IrTriggerRule> = new Set(["all_success"]);

/**
 * True when no task of `up` can fail while every writer of `handed` succeeds: each task that can
 * fail (every kind but markers) writes one of them, or is upstream of such a writer through
 * `all_success` edges only (its failure then keeps that writer from running, so that dataset
 * gets no asset event in this run).
 */
function writersCover(up: DraftPipeline, handed: ReadonlySet<string>, datasets: DatasetCollector): boolean {
  const covered = new Set(up.tasks.filter((t) => datasets.taskIo({ dagId: up.dagId, taskId: t.id }).writes.some((id) => handed.has(id))).map((t) => t.id));
  for (let changed = true; changed;) {
    changed = false;
    for (const t of up.tasks) {
      if (!covered.has(t.id) || !STOPS_ON_FAILURE.has(t.triggerRule)) continue;
      for (const u of t.upstream) if (!covered.has(u)) { covered.add(u); changed = true; }
    }
  }
  // Markers (EmptyOperator) never fail: Airflow's scheduler marks them successful without running them.
  return up.tasks.every((t) => covered.has(t.id) || t.kind === "marker");
}

/**
 * Wires `schedule: after(...)`: a trigger task appended to each upstream pipeline (`handoff:
 * "trigger"`), or (`handoff: "asset"`) an Airflow asset schedule on the upstream's data:
 *
 * - the datasets an upstream writes that this pipeline reads; when it reads none of them, the
 *   upstream's main outputs (everything it writes but watermark state, the apply registry and
 *   quarantine tables);
 * - plus the upstream's completion asset `pipeline://<project>/<dag id>` (published by its only
 *   final task or an added `handoff__done`) when it writes no dataset the compiler knows
 *   (markers, pods, http tasks) or when one of its tasks could fail while all the writers of
 *   those datasets succeed (a check after the load, a sibling task).
 *
 * A partial success of the upstream never starts the downstream: Airflow emits an asset event
 * for a task's outlets only when that task succeeds, and a DAG scheduled on a list of assets
 * runs only once every one of them has had an event since its last run (AND). Every task of
 * the upstream either writes one of the assets or keeps one of their writers from running when
 * it fails (all_success edges), or else the completion asset, updated only when every final
 * task succeeded, is part of the list. A dataset another pipeline writes as well (a full
 * rebuild of the same dbt models) starts the downstream when that pipeline updates all of them:
 * the schedule is on the data, not on who wrote it.
 */
export function wireHandoffs(drafts: DraftPipeline[], byObject: Map<Pipeline, DraftPipeline>, project: IrProject, ctx: LowerContext, datasets: DatasetCollector): void {
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
      const ioOf = (p: DraftPipeline) => p.tasks.map((t) => datasets.taskIo({ dagId: p.dagId, taskId: t.id }));
      const reads = new Set(ioOf(down).flatMap((io) => io.reads));
      const assets: string[] = [];
      const handed: string[] = [];
      for (const up of ups) {
        const writes = sortedUnique(ioOf(up).flatMap((io) => io.writes));
        const used = writes.filter((id) => reads.has(id));
        const chosen = used.length ? used : writes.filter((id) => !BOOKKEEPING.has(datasets.get(id)?.layer ?? ""));
        handed.push(...chosen);
        assets.push(...chosen.map((id) => datasetAssetUri(datasets.get(id)?.location ?? id)));
        if (chosen.length === 0 || !writersCover(up, new Set(chosen), datasets)) {
          const completion = pipelineAssetUri(project.id, up.dagId);
          const publisher = publisherOf(up, down);
          publisher.outlets = sortedUnique([...publisher.outlets, completion]);
          assets.push(completion);
        }
      }
      down.schedule = { kind: "assets", assets: sortedUnique(assets), datasets: sortedUnique(handed) };
      continue;
    }
    if (ups.length > 1) ctx.report(error("GR010", `pipeline '${down.id}' runs after ${ups.length} pipelines with trigger hand-offs, so it would run once per upstream`, down.origin));
    for (const up of ups) {
      const id = triggerTaskId(down.dagId, project.id);
      if (up.tasks.some((t) => t.id === id)) continue; // the author already placed this trigger
      const finals = sinks(up).map((t) => t.id).sort();
      up.tasks.push({ kind: "trigger", id, origin: down.origin, upstream: finals, triggerRule: "all_success", inlets: [], outlets: [], reads: [], writes: [], targetDagId: down.dagId, wait: false, pollSeconds: 60, resetDagRun: true } as DraftTask);
    }
    down.schedule = { kind: "triggered", by: ups.map((u) => u.dagId).sort() };
  }
}

/**
 * Pipelines that start each other in a loop: through after() or trigger tasks, and through
 * asset schedules (a pipeline scheduled on an asset another one's tasks update, data or
 * completion assets alike, including onData(...) schedules).
 */
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
