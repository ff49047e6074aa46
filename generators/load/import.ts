import path from "node:path";
import { pathToFileURL } from "node:url";
import { KIND } from "../../dsl/internal/origin.ts";
import type { Pipeline } from "../../dsl/pipeline.ts";
import type { Project } from "../../dsl/project.ts";
import { error, type Diagnostic } from "../diagnostics/diagnostic.ts";

export interface ImportedModules {
  readonly projects: { value: Project; file: string }[];
  readonly pipelines: { value: Pipeline; file: string }[];
  readonly diagnostics: Diagnostic[];
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

/**
 * Imports every pipeline module and collects the DSL objects it exports. A module that throws is
 * reported (LD001) and the others still load, so all problems show at once.
 */
export async function importPipelineModules(root: string, files: readonly string[]): Promise<ImportedModules> {
  const result: ImportedModules = { projects: [], pipelines: [], diagnostics: [] };
  const seen = new Set<unknown>();
  for (const file of files) {
    const relative = path.relative(root, file).split(path.sep).join("/");
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (err) {
      const message = (err as Error)?.message?.split("\n")[0] ?? String(err);
      result.diagnostics.push(error("LD001", `${relative} failed to load: ${message}`, { file: relative, ...locate(err, file) }));
      continue;
    }
    for (const name of Object.keys(mod).sort()) {
      const value = mod[name] as Record<symbol, unknown> | undefined;
      if (!value || typeof value !== "object" || seen.has(value)) continue;
      if (value[KIND] === "project") result.projects.push({ value: value as unknown as Project, file: relative });
      else if (value[KIND] === "pipeline") result.pipelines.push({ value: value as unknown as Pipeline, file: relative });
      else continue;
      seen.add(value);
    }
  }
  return result;
}
