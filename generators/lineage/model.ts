/**
 * The lineage view model: a plain, JSON-ready picture of `IrGraph.datasets` and the tasks that
 * move data between them. The Mermaid and HTML renderers read only this, so both show the same
 * graph, and its order is fixed here (sorted ids), which makes every output byte-deterministic.
 */
import type { IrDataset } from "../ir/datasets.ts";
import type { IrDataTest, IrGraph, Json, SourceRef } from "../ir/types.ts";
import { compareBytes } from "../writer/byte-order.ts";

/**
 * Medallion order of the layers (columns left to right), then the jobs' bookkeeping (landing
 * state, the bronze apply registry) and other teams' tables; unknown layers follow, sorted.
 */
export const LAYER_ORDER: readonly string[] = ["source", "raw", "bronze", "silver", "quarantine", "gold", "serving", "state", "registry", "external"];

/** One quality rule attached to a dataset: a silver filter or a dbt data test on a column. */
export interface LineageRule {
  readonly kind: "silver" | "dbt";
  /** The column it tests (dbt tests); silver rules are free SQL over the row. */
  readonly column?: string;
  /** Rule name (silver) or test kind (dbt: not_null, unique, ...). */
  readonly name: string;
  /** What it checks, in words a reader can act on: the SQL, the accepted values, the relation. */
  readonly detail: string;
  /** Silver: what happens to failing rows (quarantine, drop, fail). dbt: error or warn. */
  readonly onFail: string;
}

export interface LineageTaskRef {
  /** `dagId/taskId`: neither Airflow id may hold `/`, so the key is unique. */
  readonly key: string;
  readonly dagId: string;
  readonly taskId: string;
}

export interface LineageDataset {
  readonly id: string;
  readonly layer: string;
  readonly name: string;
  readonly location: string;
  readonly format: string;
  readonly external: boolean;
  readonly columns: readonly { readonly name: string; readonly type: string; readonly nullable: boolean; readonly system: boolean }[];
  readonly keys: readonly string[];
  readonly partitionBy: readonly string[];
  readonly producers: readonly LineageTaskRef[];
  readonly consumers: readonly (LineageTaskRef & { readonly format: string })[];
  readonly origin: SourceRef | null;
  readonly rules: readonly LineageRule[];
}

export interface LineageTask extends LineageTaskRef {
  /** The pipeline id (without the project prefix). */
  readonly pipeline: string;
  readonly kind: string;
  readonly reads: readonly string[];
  readonly writes: readonly string[];
  readonly origin: SourceRef | null;
}

export interface LineagePipeline {
  readonly id: string;
  readonly dagId: string;
  readonly file: string;
  readonly origin: SourceRef | null;
  /** Keys of its tasks that read or write datasets, in the pipeline's task order. */
  readonly tasks: readonly string[];
}

/** An edge of the lineage: dataset → task (the task reads it) or task → dataset (writes it). */
export interface LineageEdge {
  readonly kind: "read" | "write";
  readonly dataset: string;
  readonly task: string;
}

export interface LineageModel {
  readonly project: string;
  /** Layers that hold datasets, in medallion order, each with its dataset ids (sorted). */
  readonly layers: readonly { readonly layer: string; readonly datasets: readonly string[] }[];
  readonly datasets: readonly LineageDataset[];
  /** Tasks that read or write at least one dataset (markers and triggers move no data), sorted by key. */
  readonly tasks: readonly LineageTask[];
  readonly pipelines: readonly LineagePipeline[];
  /** Sorted by dataset, task, kind. */
  readonly edges: readonly LineageEdge[];
}

export const taskKey = (dagId: string, taskId: string): string => `${dagId}/${taskId}`;

/** Rank of a layer in the medallion order (unknown layers after the known ones). */
export function layerRank(layer: string): number {
  const i = LAYER_ORDER.indexOf(layer);
  return i < 0 ? LAYER_ORDER.length : i;
}

const byLayer = (a: string, b: string) => layerRank(a) - layerRank(b) || compareBytes(a, b);

const str = (v: Json | undefined): string => (typeof v === "string" ? v : v === undefined ? "" : JSON.stringify(v));
const isObject = (v: Json | undefined): v is { readonly [key: string]: Json } => typeof v === "object" && v !== null && !Array.isArray(v);

/** What a dbt data test checks, in one line. */
function testDetail(t: IrDataTest): string {
  switch (t.kind) {
    case "not_null": return "is never null";
    case "unique": return "is unique";
    case "accepted_values": return `one of ${t.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "relationships": return `references ${t.to.kind === "model" ? t.to.name : `${t.to.source}.${t.to.name}`}.${t.field}`;
    case "expression": return t.expression;
  }
}

/**
 * Silver rules live in the silver job specs (the filters the job applies); the spec's `target`
 * names the silver table, whose dataset id is `silver:<target>`.
 */
function silverRules(graph: IrGraph): Map<string, LineageRule[]> {
  const out = new Map<string, LineageRule[]>();
  const seen = new Set<string>();
  for (const p of graph.pipelines) {
    for (const task of p.tasks) {
      if (task.kind !== "spark" || task.app.step !== "silver") continue;
      const tables = task.app.jobSpec.tables;
      for (const table of Array.isArray(tables) ? tables : []) {
        const silver = isObject(table) ? table.silver : undefined;
        if (!isObject(silver)) continue;
        const id = `silver:${str(silver.target)}`;
        // Several DAGs may run the same silver table: its rules are listed once.
        if (seen.has(id)) continue;
        seen.add(id);
        const filters = Array.isArray(silver.filters) ? silver.filters : [];
        out.set(id, filters.filter(isObject).map((f) => ({ kind: "silver" as const, name: str(f.name), detail: str(f.sql), onFail: str(f.onFail) })));
      }
    }
  }
  return out;
}

/** dbt tests of each model, keyed by the model's dataset id (`dbt:<model>`), column by column. */
function dbtRules(graph: IrGraph): Map<string, LineageRule[]> {
  const out = new Map<string, LineageRule[]>();
  for (const m of graph.dbt?.models ?? []) {
    const rules = m.columns.flatMap((c) => c.tests.map((t) => ({ kind: "dbt" as const, column: c.name, name: t.kind, detail: testDetail(t), onFail: t.severity })));
    if (rules.length) out.set(`dbt:${m.name}`, rules);
  }
  return out;
}

const ref = (r: { dagId: string; taskId: string }): LineageTaskRef => ({ key: taskKey(r.dagId, r.taskId), dagId: r.dagId, taskId: r.taskId });

function datasetView(d: IrDataset, rules: readonly LineageRule[]): LineageDataset {
  return {
    id: d.id, layer: d.layer, name: d.name, location: d.location, format: d.format, external: d.external,
    columns: d.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable, system: c.system })),
    keys: [...d.keys], partitionBy: [...d.partitionBy],
    producers: d.producers.map(ref),
    consumers: d.consumers.map((c) => ({ ...ref(c), format: c.format })),
    origin: d.origin ? { file: d.origin.file, line: d.origin.line, column: d.origin.column } : null,
    rules,
  };
}

/** Builds the view model of a compiled graph. Pure: the same graph gives the same model. */
export function buildLineageModel(graph: IrGraph): LineageModel {
  const silver = silverRules(graph);
  const dbt = dbtRules(graph);
  const datasets = [...graph.datasets]
    .sort((a, b) => compareBytes(a.id, b.id))
    .map((d) => datasetView(d, [...(silver.get(d.id) ?? []), ...(dbt.get(d.id) ?? [])]));

  // Edges come from the datasets' producers and consumers: the graph's own record of who moves what.
  const edges: LineageEdge[] = [];
  for (const d of datasets) {
    for (const p of d.producers) edges.push({ kind: "write", dataset: d.id, task: p.key });
    for (const c of d.consumers) edges.push({ kind: "read", dataset: d.id, task: c.key });
  }
  edges.sort((a, b) => compareBytes(a.dataset, b.dataset) || compareBytes(a.task, b.task) || compareBytes(a.kind, b.kind));
  const touched = new Set(edges.map((e) => e.task));

  const tasks: LineageTask[] = [];
  const pipelines: LineagePipeline[] = [];
  for (const p of [...graph.pipelines].sort((a, b) => compareBytes(a.dagId, b.dagId))) {
    const keys: string[] = [];
    for (const t of p.tasks) {
      const key = taskKey(p.dagId, t.id);
      if (!touched.has(key)) continue;
      keys.push(key);
      const reads = edges.filter((e) => e.task === key && e.kind === "read").map((e) => e.dataset);
      const writes = edges.filter((e) => e.task === key && e.kind === "write").map((e) => e.dataset);
      tasks.push({ key, dagId: p.dagId, taskId: t.id, pipeline: p.id, kind: t.kind, reads, writes, origin: t.origin ? { ...t.origin } : null });
    }
    pipelines.push({ id: p.id, dagId: p.dagId, file: p.file, origin: p.origin ? { ...p.origin } : null, tasks: keys });
  }
  // A dataset naming a task no pipeline has would be a compiler bug; still show the task.
  const known = new Set(tasks.map((t) => t.key));
  for (const d of datasets) {
    for (const r of [...d.producers, ...d.consumers]) {
      if (known.has(r.key)) continue;
      known.add(r.key);
      tasks.push({ ...r, pipeline: "", kind: "unknown", reads: edges.filter((e) => e.task === r.key && e.kind === "read").map((e) => e.dataset), writes: edges.filter((e) => e.task === r.key && e.kind === "write").map((e) => e.dataset), origin: null });
    }
  }
  tasks.sort((a, b) => compareBytes(a.key, b.key));

  const layerNames = [...new Set(datasets.map((d) => d.layer))].sort(byLayer);
  const layers = layerNames.map((layer) => ({ layer, datasets: datasets.filter((d) => d.layer === layer).map((d) => d.id) }));
  return { project: graph.project.id, layers, datasets, tasks, pipelines, edges };
}
