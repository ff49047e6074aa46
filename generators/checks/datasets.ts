/**
 * Checks over the dataset graph: every dataset a task reads is written by some task of the
 * project (or declared external), every reader reads the format its writer leaves, and every
 * dataset a pipeline is scheduled on is written by a task of the project (or declared external).
 */
import { error, type Diagnostic } from "../diagnostics/diagnostic.ts";
import type { IrDataset, IrTaskRef } from "../ir/datasets.ts";
import type { IrGraph, SourceRef } from "../ir/types.ts";

function originOf(graph: IrGraph, ref: IrTaskRef): SourceRef | undefined {
  const pipeline = graph.pipelines.find((p) => p.dagId === ref.dagId);
  return pipeline?.tasks.find((t) => t.id === ref.taskId)?.origin ?? pipeline?.origin;
}
const task = (ref: IrTaskRef) => `task '${ref.taskId}' of '${ref.dagId}'`;

function unwritten(graph: IrGraph, d: IrDataset): Diagnostic[] {
  if (d.external || d.producers.length > 0 || d.consumers.length === 0) return [];
  const first = d.consumers[0]!;
  const others = d.consumers.length > 1 ? ` (and ${d.consumers.length - 1} other task${d.consumers.length > 2 ? "s" : ""})` : "";
  return [error("GR026", `${task(first)}${others} reads ${d.layer} table '${d.name}' (${d.location}), which no task of the project writes`, originOf(graph, first) ?? d.origin)];
}

function formats(graph: IrGraph, d: IrDataset): Diagnostic[] {
  if (d.producers.length === 0 && !d.external) return [];
  return d.consumers
    .filter((c) => c.format !== d.format)
    .map((c) => error("GR027", `${task(c)} reads ${d.layer} table '${d.name}' as ${c.format}, but it is written as ${d.format}`, originOf(graph, c) ?? d.origin));
}

/** A pipeline scheduled on a dataset (onData, asset hand-offs) that nothing will ever update. */
function unwrittenSchedules(graph: IrGraph): Diagnostic[] {
  const byId = new Map(graph.datasets.map((d) => [d.id, d]));
  return graph.pipelines.flatMap((p) => {
    if (p.schedule.kind !== "assets") return [];
    return p.schedule.datasets
      .map((id) => byId.get(id))
      .filter((d): d is IrDataset => d !== undefined && !d.external && d.producers.length === 0)
      .map((d) => error("GR028", `pipeline '${p.id}' is scheduled on ${d.layer} table '${d.name}' (${d.location}), which no task of the project writes and which is not declared external, so it would never run`, p.origin ?? d.origin));
  });
}

export function checkDatasets(graph: IrGraph): Diagnostic[] {
  return [...graph.datasets.flatMap((d) => [...unwritten(graph, d), ...formats(graph, d)]), ...unwrittenSchedules(graph)];
}
