import path from "node:path";
import { pathToFileURL } from "node:url";
import { KIND } from "../../dsl/internal/origin.ts";
import type { Pipeline } from "../../dsl/pipeline.ts";
import type { Project } from "../../dsl/project.ts";
import type { DbtProject } from "../../dsl/dbt/project.ts";
import { error, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { builtObjects, resetBuilt } from "../../dsl/internal/registry.ts";
import { importBundled } from "./bundle.ts";
import { cycleDiagnostics } from "./cycle-diagnostics.ts";

export interface ImportedModules {
  readonly projects: { value: Project; file: string }[];
  readonly pipelines: { value: Pipeline; file: string }[];
  readonly dbtProjects: { value: DbtProject; file: string }[];
  /** Pipelines and dbt projects built while loading that no module exports, in build order. */
  readonly unexported: { value: Pipeline | DbtProject; file: string }[];
  readonly diagnostics: Diagnostic[];
}

/**
 * Thrown by the prebuilt compiler (no TypeScript loader) when the pipelines bundle failed while
 * running: importing each file on its own, to report every broken one, needs a TypeScript loader.
 */
export class NeedsTypeScriptLoader extends Error {
  constructor() {
    super("importing the pipeline files one by one needs a TypeScript loader");
  }
}

/** The line of `file` an error was thrown from, read from its stack. */
function locate(err: unknown, file: string): { line: number; column: number } {
  const stack = String((err as Error)?.stack ?? "");
  for (const line of stack.split("\n")) {
    const at = line.indexOf(file);
    if (at < 0) continue;
    const match = /:(\d+):(\d+)\)?\s*$/.exec(line.slice(at + file.length));
    if (match) return { line: Number(match[1]), column: Number(match[2]) };
  }
  return { line: 1, column: 1 };
}

/** Sorts a module's exports into projects and pipelines, each object once. */
function collect(result: ImportedModules, mod: Record<string, unknown>, relative: string, seen: Set<unknown>, root: string): void {
  for (const name of Object.keys(mod).sort()) {
    const value = mod[name] as Record<symbol, unknown> | undefined;
    if (!value || typeof value !== "object" || seen.has(value)) continue;
    // A pipeline re-exported elsewhere belongs to the file that declared it.
    const origin = (value as { origin?: { file: string } }).origin;
    const file = origin?.file ? path.relative(root, origin.file).split(path.sep).join("/") : relative;
    if (value[KIND] === "project") result.projects.push({ value: value as unknown as Project, file });
    else if (value[KIND] === "pipeline") result.pipelines.push({ value: value as unknown as Pipeline, file });
    else if (value[KIND] === "dbt-project") result.dbtProjects.push({ value: value as unknown as DbtProject, file });
    else continue;
    seen.add(value);
  }
}

/**
 * Imports every pipeline module and collects the DSL objects they export. All files load as one
 * bundle (fast); when that fails, each file is imported on its own so that every broken file is
 * reported (LD001) and the others still load.
 */
export async function importPipelineModules(root: string, files: readonly string[]): Promise<ImportedModules> {
  const result: ImportedModules = { projects: [], pipelines: [], dbtProjects: [], unexported: [], diagnostics: [] };
  const seen = new Set<unknown>();
  const rel = (file: string) => path.relative(root, file).split(path.sep).join("/");
  resetBuilt();
  const bundled = await importBundled(files);
  if (bundled.ok) {
    bundled.modules.forEach((mod, i) => collect(result, mod, rel(files[i]!), seen, root));
    collectUnexported(result, seen, root);
    return result;
  }
  if ("cycles" in bundled) {
    result.diagnostics.push(...cycleDiagnostics(bundled.cycles, rel));
    return result;
  }
  if ("buildErrors" in bundled) {
    for (const e of bundled.buildErrors) {
      const file = e.location?.file ? rel(path.resolve(root, e.location.file)) : undefined;
      result.diagnostics.push(error("LD001", `${file ?? "pipelines"} failed to load: ${e.text}`, file ? { file, line: e.location!.line, column: e.location!.column + 1 } : undefined));
    }
    return result;
  }
  // The bundle ran part way: what it built is gone with it.
  resetBuilt();
  // The prebuilt compiler runs without a TypeScript loader: the CLI reruns itself through tsx.
  if ((globalThis as Record<symbol, unknown>)[Symbol.for("lakehouse-compiler.prebuilt")] !== undefined) throw new NeedsTypeScriptLoader();
  for (const file of files) {
    const relative = rel(file);
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (err) {
      const message = (err as Error)?.message?.split("\n")[0] ?? String(err);
      result.diagnostics.push(error("LD001", `${relative} failed to load: ${message}`, { file: relative, ...locate(err, file) }));
      continue;
    }
    collect(result, mod, relative, seen, root);
  }
  collectUnexported(result, seen, root);
  return result;
}

/** Pipelines and dbt projects that were built while loading but that no module exports. */
function collectUnexported(result: ImportedModules, exported: Set<unknown>, root: string): void {
  for (const value of builtObjects()) {
    if (exported.has(value)) continue;
    const kind = (value as Record<symbol, unknown>)[KIND];
    if (kind !== "pipeline" && kind !== "dbt-project") continue;
    const origin = (value as { origin?: { file: string } }).origin;
    const file = origin?.file ? path.relative(root, origin.file).split(path.sep).join("/") : "pipelines";
    result.unexported.push({ value: value as Pipeline | DbtProject, file });
  }
}
