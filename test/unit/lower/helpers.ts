/** Helpers for tests that build pipelines with the DSL and lower them. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { project, type ConnectionHandle, type ImageHandle, type Pipeline, type Project, type ProjectSpec, type SecretHandle } from "../../../dsl/index.ts";
import type { Diagnostic } from "../../../generators/diagnostics/diagnostic.ts";
import type { IrGraph, IrPipeline, IrTask } from "../../../generators/ir/types.ts";
import { lower } from "../../../generators/lower/index.ts";

/** The repository root: diagnostics are relative to it. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** `file:` URL of a test module → its path relative to the root (POSIX). */
export const relativeFile = (url: string): string => path.relative(ROOT, fileURLToPath(url)).split(path.sep).join("/");

/** 1-based line of the only line of `url`'s file that ends with `marker` (a comment such as `// @dup`). */
export function lineOf(url: string, marker: string): number {
  const lines = readFileSync(fileURLToPath(url), "utf8").split("\n");
  const hits = lines.flatMap((l, i) => (l.trimEnd().endsWith(marker) ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`marker ${marker} found on ${hits.length} lines`);
  return hits[0]!;
}

/** A minimal valid project; extra settings override. */
export function testProject<
  I extends Record<string, ImageHandle> = Record<never, ImageHandle>,
  S extends Record<string, SecretHandle> = Record<never, SecretHandle>,
  C extends Record<string, ConnectionHandle> = Record<never, ConnectionHandle>,
>(extra: Partial<ProjectSpec<I, S, C>> = {}): Project<I, S, C> {
  return project<I, S, C>({ id: "acme", startDate: "2025-08-24", namespace: "lake", ...extra });
}

/** Lowers `pipelines` (each declared in `file`) with `proj`. */
export function lowerAll(proj: Project, pipelines: readonly Pipeline[], file: string): { graph: IrGraph; diagnostics: Diagnostic[] } {
  return lower({ root: ROOT, project: proj, pipelines: pipelines.map((pipeline) => ({ pipeline, file })) });
}

export function pipelineOf(graph: IrGraph, id: string): IrPipeline {
  const p = graph.pipelines.find((x) => x.id === id);
  if (!p) throw new Error(`no pipeline ${id} in ${graph.pipelines.map((x) => x.id).join(", ")}`);
  return p;
}

export function taskOf(p: IrPipeline, id: string): IrTask {
  const t = p.tasks.find((x) => x.id === id);
  if (!t) throw new Error(`no task ${id} in ${p.tasks.map((x) => x.id).join(", ")}`);
  return t;
}

/** Just code, file, line and message of each diagnostic (hints left out). */
export const brief = (ds: readonly Diagnostic[]) => ds.map((d) => ({ code: d.code, file: d.location?.file, line: d.location?.line, message: d.message }));
