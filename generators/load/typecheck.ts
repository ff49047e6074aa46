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
  const wanted = new Set(files.map((f) => path.resolve(f)));
  const out: Diagnostic[] = [];
  for (const d of project.getPreEmitDiagnostics()) {
    const source = d.getSourceFile();
    if (!source || !wanted.has(path.resolve(source.getFilePath()))) continue;
    const start = d.getStart() ?? 0;
    const { line, column } = source.getLineAndColumnAtPos(start);
    const message = ts.flattenDiagnosticMessageText(d.compilerObject.messageText, "\n").split("\n")[0]!;
    out.push(error("TY001", `${message} (TS${d.getCode()})`, { file: path.relative(root, source.getFilePath()).split(path.sep).join("/"), line, column }));
  }
  return out;
}
