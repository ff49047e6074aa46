/**
 * `npm run graph` as a child process against temporary copies of the reference project (dsl/
 * symlinked in, pipelines/ and dbt/ copied): both files written by default into lineage/, the
 * same bytes on a second run, --format and --out, and invalid pipelines reported like the
 * compile reports them with exit 1 and nothing written.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../lower/helpers.ts";

const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const MAIN = path.join(ROOT, "generators", "lineage", "main.ts");
const SLOW = { timeout: 120_000 };

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** A temporary copy of the reference project. */
function referenceCopy(): string {
  const root = mkdtempSync(path.join(tmpdir(), "graph-test-"));
  roots.push(root);
  symlinkSync(path.join(ROOT, "dsl"), path.join(root, "dsl"), "dir");
  cpSync(path.join(ROOT, "pipelines"), path.join(root, "pipelines"), { recursive: true });
  cpSync(path.join(ROOT, "dbt"), path.join(root, "dbt"), { recursive: true });
  return root;
}

function graph(root: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(TSX, [MAIN, "--root", root, ...args], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 110_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const read = (file: string) => readFileSync(file, "utf8");

describe("npm run graph", () => {
  it("writes lineage/lineage.mmd and lineage/lineage.html, the same bytes on a second run", SLOW, () => {
    const root = referenceCopy();
    const first = graph(root);
    expect(first.stderr).toMatch(/^lineage of \d+ datasets and \d+ tasks: lineage\/lineage\.mmd, lineage\/lineage\.html\n$/);
    expect(first.code).toBe(0);
    expect(readdirSync(path.join(root, "lineage")).sort()).toEqual(["lineage.html", "lineage.mmd"]);
    const mmd = read(path.join(root, "lineage", "lineage.mmd"));
    const html = read(path.join(root, "lineage", "lineage.html"));
    expect(mmd).toContain("flowchart LR");
    expect(mmd).toContain('d_bronze_orders["bronze:orders"]');
    expect(html).toContain('data-dataset-id');
    expect(html).toContain('"id":"bronze:orders"');

    expect(graph(root, "--quiet").code).toBe(0);
    expect(read(path.join(root, "lineage", "lineage.mmd"))).toBe(mmd);
    expect(read(path.join(root, "lineage", "lineage.html"))).toBe(html);
  });

  it("--format mermaid writes only the Mermaid file, --out chooses the directory", SLOW, () => {
    const root = referenceCopy();
    const run = graph(root, "--format", "mermaid", "--out", "docs/graph");
    expect(run.code).toBe(0);
    expect(readdirSync(path.join(root, "docs", "graph"))).toEqual(["lineage.mmd"]);
    expect(existsSync(path.join(root, "lineage"))).toBe(false);
    expect(graph(root, "--format=html", "--out=docs/graph").code).toBe(0);
    expect(readdirSync(path.join(root, "docs", "graph")).sort()).toEqual(["lineage.html", "lineage.mmd"]);
  });

  it("invalid pipelines: the compile's diagnostics, exit 1, nothing written (an earlier output stays as it was)", SLOW, () => {
    const root = referenceCopy();
    const file = path.join(root, "pipelines", "generators.ts");
    const text = read(file);
    writeFileSync(file, text.replace(`cron("15 4 * * *")`, `cron("61 4 * * *")`));

    const fresh = graph(root);
    expect(fresh.code).toBe(1);
    expect(fresh.stderr).toMatch(/^pipelines\/generators\.ts:\d+:\d+ error DS006 .*'61 4 \* \* \*'/);
    expect(fresh.stderr).toContain("  hint: ");
    expect(fresh.stderr).toMatch(/\n1 error; nothing written\.\n$/);
    // Word for word what the compile prints.
    const compile = spawnSync(TSX, [path.join(ROOT, "generators", "cli", "main.ts"), "compile", "--root", root, "--no-typecheck"], { cwd: root, encoding: "utf8" });
    expect(compile.status).toBe(1);
    expect(fresh.stderr).toBe(compile.stderr);
    expect(existsSync(path.join(root, "lineage"))).toBe(false);

    mkdirSync(path.join(root, "lineage"));
    writeFileSync(path.join(root, "lineage", "lineage.mmd"), "old\n");
    expect(graph(root).code).toBe(1);
    expect(readdirSync(path.join(root, "lineage"))).toEqual(["lineage.mmd"]);
    expect(read(path.join(root, "lineage", "lineage.mmd"))).toBe("old\n");
  });

  it("a wrong command line or --out is refused with exit 1 and nothing written", SLOW, () => {
    const root = referenceCopy();
    const format = graph(root, "--format", "svg");
    expect(format.code).toBe(1);
    expect(format.stderr).toMatch(/^error CL001 --format must be mermaid, html or both, not 'svg'\n/);
    expect(format.stderr).toContain("Usage: npm run graph");
    const inside = graph(root, "--out", "pipelines/lineage");
    expect(inside.code).toBe(1);
    expect(inside.stderr).toContain("error WR003 --out 'pipelines/lineage' is inside pipelines/");
    expect(existsSync(path.join(root, "pipelines", "lineage"))).toBe(false);
    const atRoot = graph(root, "--out", ".");
    expect(atRoot.code).toBe(1);
    expect(atRoot.stderr).toContain("error WR002");
    expect(existsSync(path.join(root, "lineage.mmd"))).toBe(false);
  });
});
