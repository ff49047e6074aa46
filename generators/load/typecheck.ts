import path from "node:path";
import { Project, ts } from "ts-morph";
import { error, type Diagnostic } from "../diagnostics/diagnostic.ts";

/**
 * Type-checks the pipeline files the way the editor does, so a typo in a handle (an image,
 * secret, task or column name) is a compile error too. Only diagnostics located in the pipeline
 * files are reported: problems elsewhere are the compiler's own.
 */
export function typecheckPipelines(root: string, files: readonly string[]): Diagnostic[] {
  if (files.length === 0) return [];
  const project = new Project({
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      noEmit: true,
      allowImportingTsExtensions: true,
      skipLibCheck: true,
      types: [],
      lib: ["lib.es2022.d.ts"],
    },
    skipAddingFilesFromTsConfig: true,
  });
  for (const file of files) project.addSourceFileAtPath(file);
  // Ask only for the pipeline files' diagnostics: checking the DSL's own files (zod-heavy) is
  // the compiler's job, not the author's, and costs most of the time.
  const program = project.getProgram().compilerObject;
  const out: Diagnostic[] = [];
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (!source) continue;
    for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
      const { line, character } = source.getLineAndCharacterOfPosition(d.start ?? 0);
      const message = ts.flattenDiagnosticMessageText(d.messageText, "\n").split("\n")[0]!;
      out.push(error("TY001", `${message} (TS${d.code})`, { file: path.relative(root, file).split(path.sep).join("/"), line: line + 1, column: character + 1 }));
    }
  }
  return out;
}
