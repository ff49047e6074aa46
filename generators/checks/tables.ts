/**
 * Where each lake table is produced: one table in two groups of one step would be extracted or
 * applied twice per run (racing on its watermark and Delta table), one table landed by two
 * pipelines twice per day, and two silver declarations with one target overwrite each other.
 * Read from the job specs (what the jobs will actually do).
 */
import { error, type Diagnostic } from "../diagnostics/diagnostic.ts";
import type { IrGraph, IrPipeline, IrSparkTask, SourceRef } from "../ir/types.ts";

interface SpecTable {
  readonly name?: unknown;
  readonly silver?: { readonly target?: unknown };
}
interface Site {
  readonly pipeline: IrPipeline;
  readonly task: IrSparkTask;
}

const tablesOf = (task: IrSparkTask): SpecTable[] => {
  const tables = (task.app.jobSpec as { tables?: unknown }).tables;
  return Array.isArray(tables) ? (tables as SpecTable[]) : [];
};
const sourceOf = (task: IrSparkTask): string => String((task.app.jobSpec as { source?: { name?: unknown } }).source?.name ?? "");
const at = (s: Site): SourceRef | undefined => s.task.origin ?? s.pipeline.origin;

export function checkTables(graph: IrGraph): Diagnostic[] {
  const out: Diagnostic[] = [];
  const landedBy = new Map<string, Site>();
  const silverTargets = new Map<string, Site & { table: string }>();
  for (const pipeline of graph.pipelines) {
    const inStep = new Map<string, Site>();
    for (const task of pipeline.tasks) {
      if (task.kind !== "spark") continue;
      const site = { pipeline, task };
      for (const t of tablesOf(task)) {
        const name = String(t.name);
        const before = inStep.get(name);
        if (before && before.task !== task) {
          out.push(error("GR020", `table '${name}' is in two groups of pipeline '${pipeline.id}': '${before.task.id}' and '${task.id}'`, at(site)));
        }
        inStep.set(name, site);
        if (task.app.step === "landing") {
          const key = `${sourceOf(task)}.${name}`;
          const first = landedBy.get(key);
          if (first && first.pipeline !== pipeline) out.push(error("GR021", `table '${key}' is landed by two pipelines: '${first.pipeline.id}' and '${pipeline.id}'`, at(site)));
          if (!first) landedBy.set(key, site);
        }
        if (task.app.step === "silver" && t.silver?.target !== undefined) {
          const target = String(t.silver.target);
          const first = silverTargets.get(target);
          if (first && first.table !== name) out.push(error("GR022", `silver table '${target}' is the target of two declarations: of '${first.table}' (pipeline '${first.pipeline.id}') and of '${name}' (pipeline '${pipeline.id}')`, at(site)));
          if (!first) silverTargets.set(target, { ...site, table: name });
        }
      }
    }
  }
  return out;
}
