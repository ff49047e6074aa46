import path from "node:path";
import { error, type Diagnostic } from "../diagnostics/diagnostic.ts";
import type { LoadedProgram } from "../lower/index.ts";
import { discoverPipelineFiles, unsafeFileNames } from "./discover.ts";
import { importPipelineModules } from "./import.ts";
import { projectFileReader } from "./project-file.ts";
import type { ShadowingCall } from "./shadowed.ts";
import { unexportedDiagnostics } from "./unexported.ts";
import { KIND } from "../../dsl/internal/origin.ts";
import type { Pipeline } from "../../dsl/pipeline.ts";
import type { DbtProject } from "../../dsl/dbt/project.ts";

export interface LoadOptions {
  /** Run the TypeScript type-checker over the pipeline files. @default true */
  readonly typecheck?: boolean;
}

/** Finds, type-checks and imports `<root>/pipelines`. Returns the program when it could be loaded. */
export async function loadProgram(root: string, options: LoadOptions = {}): Promise<{ program?: LoadedProgram; diagnostics: Diagnostic[]; shadowing?: readonly ShadowingCall[]; fileCount?: number }> {
  const files = discoverPipelineFiles(root);
  if (files.length === 0) return { diagnostics: [error("LD004", `no pipeline files found in ${path.join(path.relative(process.cwd(), root) || ".", "pipelines")}`, undefined)] };
  const unsafe = unsafeFileNames(root, files);
  if (unsafe.length > 0) return { diagnostics: unsafe.map((rel) => error("LD005", `pipeline file name ${JSON.stringify(rel)} holds a control, line-break or invisible character`, undefined)) };
  // Loaded on demand: the TypeScript compiler takes a while to load, and --no-typecheck needs none of it.
  const typed = options.typecheck === false ? { diagnostics: [], calls: [] } : (await import("./typecheck.ts")).typecheckPipelines(root, files);
  const diagnostics: Diagnostic[] = typed.diagnostics;
  const modules = await importPipelineModules(root, files);
  diagnostics.push(...modules.diagnostics);
  if (modules.projects.length === 0) {
    // A file that failed to load (LD001) may be the one declaring the project: say that once.
    if (modules.diagnostics.length > 0) return { diagnostics };
    diagnostics.push(error("LD002", "no file in pipelines/ exports project({ ... })", undefined));
    return { diagnostics };
  }
  if (modules.projects.length > 1) {
    for (const extra of modules.projects.slice(1)) diagnostics.push(error("LD003", `a second project is exported from ${extra.file}`, { file: extra.file, line: extra.value.origin?.line ?? 1, column: extra.value.origin?.column ?? 1 }));
  }
  // Unexported ones are an error (LD006) but still lowered, so references to them resolve (no GR007 besides).
  diagnostics.push(...unexportedDiagnostics(modules.unexported));
  const pipelines = [...modules.pipelines, ...modules.unexported.filter(({ value }) => value[KIND] === "pipeline")] as { value: Pipeline; file: string }[];
  const dbtProjects = [...modules.dbtProjects, ...modules.unexported.filter(({ value }) => value[KIND] === "dbt-project")] as { value: DbtProject; file: string }[];
  return {
    program: {
      root,
      project: modules.projects[0]!.value,
      pipelines: pipelines.map(({ value, file }) => ({ pipeline: value, file })),
      dbtProjects: dbtProjects.map(({ value, file }) => ({ project: value, file })),
      readFile: projectFileReader(root),
    },
    diagnostics,
    // Calls holding a type error: the DSL's diagnostics there repeat it (see dropShadowed).
    shadowing: typed.calls,
    fileCount: files.length,
  };
}
