// Shared by the golden runner (golden.test.ts) and the accept script (accept.ts): how a case is
// compiled and how its output tree is read, so that accepting and checking can never disagree.
//
// A case is a folder test/golden/cases/<name>/ holding a small project (pipelines/*.ts) and
// expected/: either the exact tree the compiler writes (DAG files and manifest.json) or, when
// the case has errors, expected/diagnostics.txt (the CLI's text report, byte for byte) and
// expected/diagnostics.json (the --format json report).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compileProject, type CompileOutput } from "../../generators/compile.ts";
import { hasErrors } from "../../generators/diagnostics/diagnostic.ts";
import { diagnosticsToJson, formatDiagnostics } from "../../generators/diagnostics/format.ts";
import { writeGenerated } from "../../generators/writer/index.ts";

export const CASES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "cases");
export const EXPECTED = "expected";
export const DIAGNOSTICS_TXT = "diagnostics.txt";
export const DIAGNOSTICS_JSON = "diagnostics.json";

/** Relative POSIX path -> bytes, keys in byte order. */
export type Tree = Map<string, Buffer>;

const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** Case names (folders under cases/ that hold pipelines/), sorted; `filter` keeps exact or substring matches. */
export function listCases(filter?: string): string[] {
  const all = readdirSync(CASES_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(CASES_DIR, e.name, "pipelines")))
    .map((e) => e.name)
    .sort(byBytes);
  if (!filter) return all;
  return all.includes(filter) ? [filter] : all.filter((name) => name.includes(filter));
}

export const caseDir = (name: string): string => path.join(CASES_DIR, name);
export const expectedDir = (name: string): string => path.join(caseDir(name), EXPECTED);

/** Every file under `dir` (recursively, dotfiles included); an absent folder is an empty tree. */
export function readTree(dir: string): Tree {
  const tree: Tree = new Map();
  if (!existsSync(dir)) return tree;
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else tree.set(child, readFileSync(path.join(dir, child)));
    }
  };
  walk("");
  return new Map([...tree.entries()].sort(([a], [b]) => byBytes(a, b)));
}

export interface CaseOutput {
  readonly result: CompileOutput;
  /** "files": the compiler wrote a tree; "diagnostics": the case has errors. */
  readonly kind: "files" | "diagnostics";
  /** What expected/ must hold. */
  readonly tree: Tree;
}

/** The CLI's text report (what `compile` prints on stderr) and its --format json report. */
export function diagnosticsTree(result: CompileOutput): Tree {
  return new Map([
    [DIAGNOSTICS_JSON, Buffer.from(`${diagnosticsToJson(result.diagnostics)}\n`, "utf8")],
    [DIAGNOSTICS_TXT, Buffer.from(`${formatDiagnostics(result.diagnostics)}\n`, "utf8")],
  ]);
}

/**
 * Compiles a case with the type-check on (root = the case folder). Without errors, writes the
 * files with the real writer into a temporary folder and reads back exactly what landed there.
 */
export async function produceCase(name: string): Promise<CaseOutput> {
  const result = await compileProject(caseDir(name), { typecheck: true });
  if (hasErrors(result.diagnostics)) return { result, kind: "diagnostics", tree: diagnosticsTree(result) };
  const tmp = mkdtempSync(path.join(os.tmpdir(), `golden-${name}-`));
  try {
    const outDir = path.join(tmp, "generated");
    writeGenerated({ outDir, files: result.files, mode: "write" });
    return { result, kind: "files", tree: readTree(outDir) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Replaces expected/ of a case with `tree`. */
export function writeExpected(name: string, tree: Tree): void {
  const dir = expectedDir(name);
  rmSync(dir, { recursive: true, force: true });
  for (const [rel, content] of tree) {
    const file = path.join(dir, ...rel.split("/"));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}
