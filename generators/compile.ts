import { emitAirflow } from "./airflow/index.ts";
import { emitSpark } from "./spark/index.ts";
import { emitDbt } from "./dbt/index.ts";
import { emitDatasetGraph } from "./dataset-graph/index.ts";
import { runChecks } from "./checks/index.ts";
import type { GeneratedFile } from "./core/file-set.ts";
import { hasErrors, sortDiagnostics, type Diagnostic } from "./diagnostics/diagnostic.ts";
import type { IrGraph } from "./ir/types.ts";
import { loadProgram } from "./load/index.ts";
import { dropShadowed } from "./load/shadowed.ts";
import { lower, type LoadedProgram } from "./lower/index.ts";
import { compareBytes } from "./writer/index.ts";

/** The emitters, one per target. Each is a pure function of the IR. */
export const EMITTERS: readonly ((graph: IrGraph) => GeneratedFile[])[] = [emitAirflow, emitSpark, emitDbt, emitDatasetGraph];

export interface CompileOutput {
  readonly graph?: IrGraph;
  readonly files: readonly GeneratedFile[];
  readonly diagnostics: readonly Diagnostic[];
  readonly pipelineCount: number;
}

/** IR → every target's files, sorted by path. */
export function emitAll(graph: IrGraph): GeneratedFile[] {
  return EMITTERS.flatMap((emit) => emit(graph)).sort((a, b) => compareBytes(a.path, b.path));
}

/** Lowered program → checked IR → files. Files are empty when any error exists. */
export function compileProgram(program: LoadedProgram, loadDiagnostics: readonly Diagnostic[] = [], progress: Progress = () => {}): CompileOutput {
  const { graph, diagnostics } = lower(program);
  const all = sortDiagnostics([...loadDiagnostics, ...diagnostics, ...runChecks(graph)]);
  const count = graph.pipelines.length;
  progress(`lowered and checked ${count} pipeline${count === 1 ? "" : "s"}`);
  const files = hasErrors(all) ? [] : emitAll(graph);
  if (files.length > 0) progress(`rendered ${files.length} file${files.length === 1 ? "" : "s"}`);
  return { graph, files, diagnostics: all, pipelineCount: count };
}

/** Told each finished step (`loaded 1000 pipeline files`); the CLI prints them for a long compile. */
export type Progress = (what: string) => void;

/** Loads `<root>/pipelines` and compiles it. Nothing touches the file system except reading pipelines. */
export async function compileProject(root: string, options: { typecheck?: boolean; progress?: Progress } = {}): Promise<CompileOutput> {
  const loaded = await loadProgram(root, options);
  if (!loaded.program) return { files: [], diagnostics: sortDiagnostics(loaded.diagnostics), pipelineCount: 0 };
  const files = loaded.fileCount ?? 0;
  options.progress?.(`loaded ${files} pipeline file${files === 1 ? "" : "s"}`);
  const compiled = compileProgram(loaded.program, loaded.diagnostics, options.progress);
  // One mistake, one diagnostic: a typo'd handle is its type error, not also a DS error per use.
  return { ...compiled, diagnostics: dropShadowed(compiled.diagnostics, loaded.shadowing ?? []) };
}
