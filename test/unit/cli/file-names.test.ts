/**
 * Pipeline file names reach every generated file's header comment and every diagnostic: names
 * with `(`, `)`, `:` or spaces must be named exactly; names with a line break or another control
 * character are refused (LD005) before anything is loaded or written.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../lower/helpers.ts";

const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const MAIN = path.join(ROOT, "generators", "cli", "main.ts");
const SLOW = { timeout: 120_000 };
const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

const PROJECT = `import { project } from "../dsl/index.ts";
export const platform = project({ id: "acme", startDate: "2025-08-24", namespace: "lake" });
`;
/** A pipeline whose second `t.marker("done")` is a duplicate task id (GR002) at line 7, column 7. */
const pipelineFile = (id: string, duplicate: boolean, up = "..") => `import { manual, pipeline } from "${up}/dsl/index.ts";
export const p = pipeline({
  id: "${id}",
  schedule: manual,
  tasks: (t) => {
    t.marker("done");
${duplicate ? `    t.marker("done");\n` : ""}  },
});
`;

function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "file-names-"));
  roots.push(root);
  symlinkSync(path.join(ROOT, "dsl"), path.join(root, "dsl"), "dir");
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

function compile(root: string, ...args: string[]) {
  const r = spawnSync(TSX, [MAIN, "--root", root, "--no-typecheck", ...args], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("pipeline file names", () => {
  for (const name of ["pipelines/daily (copy).ts", "pipelines/a:b.ts", "pipelines/(x)/y:1:2.ts", "pipelines/x).ts"]) {
    it(`a diagnostic in ${JSON.stringify(name)} names that file, line and column`, SLOW, () => {
      const root = project({ "pipelines/project.ts": PROJECT, [name]: pipelineFile("odd__daily", true, name.split("/").slice(1).map(() => "..").join("/")) });
      const run = compile(root, "--format", "json");
      expect(run.code).toBe(1);
      const diagnostics = JSON.parse(run.stdout).diagnostics as { code: string; file: string; line: number; column: number }[];
      expect(diagnostics.map((d) => [d.code, d.file, d.line, d.column])).toEqual([["GR002", name, 7, 7]]);
    });
  }

  it("the header of a generated file names a file with parentheses and colons exactly", SLOW, () => {
    const name = "pipelines/orders (v2):daily.ts";
    const root = project({ "pipelines/project.ts": PROJECT, [name]: pipelineFile("orders__daily", false) });
    expect(compile(root).code).toBe(0);
    const dag = readFileSync(path.join(root, "generated", "dags", "my_dags", "acme__orders__daily.py"), "utf8");
    expect(dag.split("\n")[0]).toBe(`# Generated from ${name} by the lakehouse pipeline compiler. Do not edit: change the pipeline and run \`npm run compile\`.`);
    const manifest = JSON.parse(readFileSync(path.join(root, "generated", "manifest.json"), "utf8"));
    expect(manifest.files.map((f: { source: string }) => f.source)).toEqual([name]);
  });

  for (const bad of ["a\rb.ts", "a\nb.ts", "tab\t.ts", "nul-ish\u0001.ts", "line\u2028sep.ts", "bidi\u202e.ts"]) {
    it(`${JSON.stringify(bad)} is refused with LD005 and nothing is written`, SLOW, () => {
      const rel = `pipelines/${bad}`;
      const root = project({ "pipelines/project.ts": PROJECT, [rel]: pipelineFile("bad__daily", false) });
      const run = compile(root);
      expect(run.code).toBe(1);
      // Diagnostics print line separators and bidi controls escaped too (JSON.stringify keeps them).
      const shown = JSON.stringify(rel).replace(/[\u2028\u202e]/gu, (c) => `\\u${c.codePointAt(0)!.toString(16)}`);
      expect(run.stderr).toContain(`error LD005 pipeline file name ${shown}`);
      expect(run.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
      expect(existsSync(path.join(root, "generated"))).toBe(false);
    });
  }
});
