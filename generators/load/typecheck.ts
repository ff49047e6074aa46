import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import type * as TsMorph from "ts-morph";
import { error, type Diagnostic } from "../diagnostics/diagnostic.ts";
import type { ShadowingCall } from "./shadowed.ts";

/**
 * ts-morph (and the TypeScript compiler in it), loaded on first use: it takes a while to load,
 * and a compile with --no-typecheck needs none of it (a static import would load it in the
 * prebuilt compiler's start-up).
 */
let tsMorph: typeof TsMorph | undefined;
const loadTsMorph = (): typeof TsMorph => (tsMorph ??= createRequire(import.meta.url)("ts-morph") as typeof TsMorph);

/** The compiler's own tsconfig.json: the settings `tsc` and the editor check pipelines/ with. */
const COMPILER_TSCONFIG = fileURLToPath(new URL("../../tsconfig.json", import.meta.url));

/**
 * The tsconfig.json to check with: the project root's own when it has one, else the compiler's
 * (a root that only links dsl/ in). Its `types` (e.g. `node`, so `process.env` is known) resolve
 * from the config file's folder.
 */
function tsconfigFor(root: string): string {
  const own = path.join(root, "tsconfig.json");
  return existsSync(own) ? own : COMPILER_TSCONFIG;
}

/**
 * Type-checks the pipeline files the way the editor and `tsc` do (same tsconfig.json settings),
 * so a typo in a handle (an image, secret, task or column name) is a compile error too. Only
 * diagnostics located in the pipeline files are reported: problems elsewhere are the compiler's own.
 */
export function typecheckPipelines(root: string, files: readonly string[]): { diagnostics: Diagnostic[]; calls: ShadowingCall[] } {
  if (files.length === 0) return { diagnostics: [], calls: [] };
  const { Project, ts } = loadTsMorph();
  const project = new Project({
    tsConfigFilePath: tsconfigFor(root),
    compilerOptions: { noEmit: true },
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: false,
  });
  for (const file of files) project.addSourceFileAtPath(file);
  // Ask only for the pipeline files' diagnostics: checking the DSL's own files (zod-heavy) is
  // the compiler's job, not the author's, and costs most of the time.
  const program = project.getProgram().compilerObject;
  const out: Diagnostic[] = [];
  const calls: ShadowingCall[] = [];
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (!source) continue;
    for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
      const { line, character } = source.getLineAndCharacterOfPosition(d.start ?? 0);
      const message = ts.flattenDiagnosticMessageText(d.messageText, "\n").split("\n")[0]!;
      const relative = path.relative(root, file).split(path.sep).join("/");
      out.push(error("TY001", `${message} (TS${d.code})`, { file: relative, line: line + 1, column: character + 1 }));
      const call = shadowingCall(source, d.start ?? 0, relative);
      if (call) calls.push(call);
    }
  }
  return { diagnostics: out, calls };
}

/**
 * The innermost call expression of `source` whose arguments contain `position`, or whose result
 * the error is about: the call starts there (`notNull("contry")` in a silver table's `quality`)
 * or is the value of the property named there (`write: scd2({ track: ["nmae"] })`). The builder's
 * own diagnostic about that call is then the same mistake.
 */
function innermostCall(source: TsMorph.ts.SourceFile, position: number): TsMorph.ts.CallExpression | undefined {
  const { ts } = loadTsMorph();
  let found: TsMorph.ts.CallExpression | undefined;
  const visit = (node: TsMorph.ts.Node): void => {
    if (position < node.getStart(source) || position >= node.getEnd()) return;
    if (ts.isCallExpression(node) && (position >= node.arguments.pos || position === node.getStart(source))) found = node;
    if (ts.isPropertyAssignment(node) && position === node.name.getStart(source) && ts.isCallExpression(node.initializer)) found = node.initializer;
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The callee span of the innermost call around a type error at `position`, if any. */
export function shadowingCall(source: TsMorph.ts.SourceFile, position: number, file: string): ShadowingCall | undefined {
  const call = innermostCall(source, position);
  if (!call) return undefined;
  const from = source.getLineAndCharacterOfPosition(call.getStart(source));
  const to = source.getLineAndCharacterOfPosition(call.arguments.pos);
  return { file, line: from.line + 1, fromColumn: from.character + 1, toLine: to.line + 1, toColumn: to.character + 1 };
}
