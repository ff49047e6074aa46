import type { Pipeline } from "../../dsl/pipeline.ts";
import type { Project } from "../../dsl/project.ts";
import type { DbtProject } from "../../dsl/dbt/project.ts";
import { lowerDbtProject } from "./dbt.ts";
import type { ReadProjectFile } from "./dbt-sql.ts";
import { checkDbtNumbers } from "./dbt-numbers.ts";
import { error, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { IR_VERSION, type IrGraph, type IrPipeline } from "../ir/types.ts";
import { LowerContext } from "./context.ts";
import { DataScheduleResolver } from "./data-schedule.ts";
import { assignTaskAssets, checkPipelineCycles, wireHandoffs } from "./handoffs.ts";
import { lowerPipeline, type DraftPipeline } from "./pipeline.ts";
import { lowerProject } from "./project.ts";
import { toposort } from "./toposort.ts";
import { DatasetCollector } from "./datasets/collector.ts";
import { declareDbtDatasets, declareDbtSourceDatasets } from "./datasets/dbt.ts";
import { checkDbtSql } from "./sql/check.ts";
import { dbtSourceColumns } from "./dbt-columns.ts";

/** What the loader hands to `lower`: the DSL objects and the files they came from. */
export interface LoadedProgram {
  /** Absolute project root (the directory holding `pipelines/`). */
  readonly root: string;
  readonly project: Project;
  /** Each pipeline with its file relative to the root. */
  readonly pipelines: readonly { readonly pipeline: Pipeline; readonly file: string }[];
  /** dbt projects (at most one) with their files. @default [] */
  readonly dbtProjects?: readonly { readonly project: DbtProject; readonly file: string }[];
  /** Reads hand-written files such as dbt/models/*.sql. @default nothing exists */
  readonly readFile?: ReadProjectFile;
}

const byDagId = (a: { dagId: string }, b: { dagId: string }) => (a.dagId < b.dagId ? -1 : a.dagId > b.dagId ? 1 : 0);

/** Deep-freezes the IR so no phase after lowering can change it. */
function freeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) freeze(v);
  }
  return value;
}

/** DSL objects → IR graph: defaults filled, handles resolved, hand-offs wired, tasks sorted. */
export function lower(program: LoadedProgram): { graph: IrGraph; diagnostics: Diagnostic[] } {
  const ctx = new LowerContext(program.root);
  const { project, catalogues } = lowerProject(program.project, ctx);
  const dbtDecls = program.dbtProjects ?? [];
  for (const extra of dbtDecls.slice(1)) ctx.report(error("LD003", `a second dbt project ('${extra.project.name}') is exported from ${extra.file}`, ctx.ref(extra.project.origin), "keep one dbtProject({ ... })"));
  if (dbtDecls[0]) checkDbtNumbers(dbtDecls[0].project, ctx);
  const dbt = dbtDecls[0]
    ? lowerDbtProject(dbtDecls[0].project, dbtDecls[0].file, { ctx, images: catalogues.images, secrets: catalogues.secrets, readFile: program.readFile ?? (() => ({ kind: "missing" })), lakeGold: project.lake?.gold })
    : undefined;
  const datasets = new DatasetCollector(ctx);
  if (dbt) declareDbtDatasets(dbt, project.lake?.gold, datasets);
  if (dbtDecls[0] && project.lake) declareDbtSourceDatasets(dbtDecls[0].project, project.lake, datasets, ctx);
  const dagIds = new Map<Pipeline, string>(program.pipelines.map(({ pipeline }) => [pipeline, `${project.id}__${pipeline.id}`]));
  const drafts: DraftPipeline[] = [];
  const byObject = new Map<Pipeline, DraftPipeline>();
  const firstByDagId = new Map<string, DraftPipeline>();
  for (const { pipeline, file } of program.pipelines) {
    const env = { ctx, project, catalogues, dagIdOf: (p: Pipeline) => dagIds.get(p), pipelineId: pipeline.id, dagId: dagIds.get(pipeline)!, dbt, datasets };
    const draft = lowerPipeline(pipeline, file, dagIds.get(pipeline)!, env);
    const first = firstByDagId.get(draft.dagId);
    if (first) {
      ctx.report(error("GR001", `pipeline id '${draft.id}' is declared twice`, draft.origin, `first declared at ${first.origin?.file}:${first.origin?.line}`));
      continue;
    }
    firstByDagId.set(draft.dagId, draft);
    drafts.push(draft);
    byObject.set(pipeline, draft);
  }
  drafts.sort(byDagId);
  new DataScheduleResolver(ctx, project, datasets).wire(drafts);
  assignTaskAssets(drafts, datasets);
  wireHandoffs(drafts, byObject, project, ctx, datasets);
  checkPipelineCycles(drafts, ctx);

  const pipelines: IrPipeline[] = drafts.map(({ source: _source, ...draft }) => {
    const ids = draft.tasks.map((t) => t.id);
    const upstream = new Map(draft.tasks.map((t) => [t.id, t.upstream]));
    const { order, cycle } = toposort(ids, (id) => upstream.get(id) ?? []);
    if (cycle) {
      const at = draft.tasks.find((t) => t.id === cycle[0])!;
      ctx.report(error("GR004", `tasks ${cycle.map((c) => `'${c}'`).join(" → ")} → '${cycle[0]}' in pipeline '${draft.id}' form a cycle`, at.origin));
    }
    const rank = new Map([...order, ...ids.filter((id) => !order.includes(id))].map((id, i) => [id, i]));
    const tasks = [...draft.tasks].sort((a, b) => rank.get(a.id)! - rank.get(b.id)!).map((t) => ({ ...t, ...datasets.taskIo({ dagId: draft.dagId, taskId: t.id }) }));
    return { ...draft, tasks };
  });
  const graphDatasets = datasets.datasets(pipelines);
  // Free SQL of the models, checked for the column names it uses against the graph's datasets.
  if (dbt && dbtDecls[0]) for (const d of checkDbtSql(dbt, dbtSourceColumns(dbtDecls[0].project, graphDatasets)).diagnostics) ctx.report(d);
  const graph: IrGraph = { version: IR_VERSION, project, pipelines, dbt, datasets: graphDatasets };
  return { graph: freeze(graph), diagnostics: sortDiagnostics(ctx.diagnostics) };
}
