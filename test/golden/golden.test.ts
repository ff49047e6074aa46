// Golden tests: every case under test/golden/cases is compiled (type-check on, root = the case
// folder) and its whole output compared byte for byte with expected/: the written tree
// (DAG files, manifest.json, nothing else) or, for cases with errors, the text and JSON
// diagnostics. Accept intended changes with `npm run golden:accept [-- <case>]`.
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { caseDir, expectedDir, listCases, produceCase, readTree, type Tree } from "./golden-lib.ts";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const TSX = path.join(REPO, "node_modules", "tsx", "dist", "cli.mjs");
const MAIN = path.join(REPO, "generators", "cli", "main.ts");

/** Runs the real CLI on a case; resolves with its exit code and output. */
async function cli(name: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [TSX, MAIN, "compile", "--root", caseDir(name), ...args], { cwd: REPO, encoding: "utf8" });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === "number" ? err.code : -1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
  }
}

const ACCEPT = "npm run golden:accept --";

function expectSameTree(name: string, actual: Tree, expected: Tree): void {
  const hint = `(if the change is intended: ${ACCEPT} ${name})`;
  expect([...actual.keys()], `files of case '${name}' ${hint}`).toEqual([...expected.keys()]);
  for (const [rel, bytes] of actual) {
    const want = expected.get(rel)!;
    // Text first for a readable diff, then bytes (BOMs, line endings, invalid UTF-8).
    expect(bytes.toString("utf8"), `${name}/expected/${rel} ${hint}`).toBe(want.toString("utf8"));
    expect(bytes.equals(want), `${name}/expected/${rel} differs in bytes ${hint}`).toBe(true);
  }
}

const CASES = listCases();

describe("golden cases", () => {
  it("has the cases this suite promises", () => {
    for (const name of ["minimal", "pod-trigger", "branch-join", "http-poll", "handoff-trigger", "handoff-asset", "errors-graph", "errors-values", "errors-load", "errors-unexported", "errors-import-cycle"]) {
      expect(CASES).toContain(name);
    }
  });

  for (const name of CASES) {
    it(name, { timeout: 60_000 }, async () => {
      const expected = readTree(expectedDir(name));
      expect(expected.size, `case '${name}' has no expected/ output: run ${ACCEPT} ${name}`).toBeGreaterThan(0);
      const { kind, tree, result } = await produceCase(name);
      const expectsDiagnostics = expected.has("diagnostics.txt");
      expect(kind, `case '${name}' ${expectsDiagnostics ? "should fail with diagnostics" : "should compile"}: ${result.diagnostics.map((d) => `${d.code} ${d.message}`).join("; ")}`)
        .toBe(expectsDiagnostics ? "diagnostics" : "files");
      if (kind === "files") {
        // Passing cases are clean: no warnings either.
        expect(result.diagnostics).toEqual([]);
        expect(result.files.length).toBeGreaterThan(0);
      } else {
        // Nothing is written when any error exists.
        expect(result.files).toEqual([]);
      }
      expectSameTree(name, tree, expected);
    });
  }

  it("expected diagnostics are exactly what the CLI prints (text on stderr, --format json on stdout), exit 1", { timeout: 120_000 }, async () => {
    const failing = CASES.filter((name) => readTree(expectedDir(name)).has("diagnostics.txt"));
    expect(failing.length).toBeGreaterThanOrEqual(3);
    await Promise.all(failing.map(async (name) => {
      const expected = readTree(expectedDir(name));
      // JSON mode for one case is enough: both reports come from the same diagnostics.
      const withJson = name === failing[0];
      const [text, json] = await Promise.all([cli(name, "--dry-run"), withJson ? cli(name, "--dry-run", "--format", "json") : undefined]);
      expect(text.code, text.stderr).toBe(1);
      expect(text.stderr).toBe(expected.get("diagnostics.txt")!.toString("utf8"));
      if (json) {
        expect(json.code, json.stderr).toBe(1);
        expect(json.stdout).toBe(expected.get("diagnostics.json")!.toString("utf8"));
      }
    }));
  });

  it("errors-load: the file that throws is reported, the other files still load", { timeout: 60_000 }, async () => {
    const { result } = await produceCase("errors-load");
    expect(result.diagnostics.map((d) => d.code)).toEqual(["LD001"]);
    expect(result.graph?.pipelines.map((p) => p.dagId)).toEqual(["el__load__good"]);
  });
});
