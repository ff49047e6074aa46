/**
 * Progress lines (generators/cli/progress.ts): none for a compile within the threshold, the
 * held steps and then each step after it; on only on a terminal or with LAKEC_PROGRESS=1, never
 * with --quiet or --format json. Then the CLI itself, with the threshold at 0.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { progressReporter, progressThreshold, progressWanted } from "../../../generators/cli/progress.ts";
import { ROOT } from "../lower/helpers.ts";

describe("progress reporter", () => {
  it("holds steps until the threshold passed, then prints them and every later one with its time", () => {
    let now = 0;
    const out: string[] = [];
    const step = progressReporter({ enabled: true, write: (t) => out.push(t), elapsed: () => now, afterMs: 1000 });
    now = 400;
    step("loaded 3 pipeline files");
    expect(out).toEqual([]);
    now = 1250;
    step("lowered and checked 2 pipelines");
    expect(out).toEqual(["progress: loaded 3 pipeline files (0.40 s)\nprogress: lowered and checked 2 pipelines (1.25 s)\n"]);
    now = 2000;
    step("wrote 2 files, 0 unchanged, 0 removed");
    expect(out.at(-1)).toBe("progress: wrote 2 files, 0 unchanged, 0 removed (2.00 s)\n");
  });

  it("prints nothing for a compile within the threshold, nor when disabled", () => {
    const out: string[] = [];
    const fast = progressReporter({ enabled: true, write: (t) => out.push(t), elapsed: () => 999 });
    fast("loaded 1 pipeline file");
    fast("wrote 1 file, 0 unchanged, 0 removed");
    const off = progressReporter({ enabled: false, write: (t) => out.push(t), elapsed: () => 5000 });
    off("loaded 1 pipeline file");
    expect(out).toEqual([]);
  });

  it("is on on a terminal or with LAKEC_PROGRESS=1, off with --quiet, --format json or LAKEC_PROGRESS=0", () => {
    const text = { quiet: false, format: "text" as const };
    expect(progressWanted(text, true, {})).toBe(true);
    expect(progressWanted(text, false, {})).toBe(false);
    expect(progressWanted(text, undefined, { LAKEC_PROGRESS: "1" })).toBe(true);
    expect(progressWanted(text, true, { LAKEC_PROGRESS: "0" })).toBe(false);
    expect(progressWanted({ quiet: true, format: "text" }, true, { LAKEC_PROGRESS: "1" })).toBe(false);
    expect(progressWanted({ quiet: false, format: "json" }, true, { LAKEC_PROGRESS: "1" })).toBe(false);
    expect(progressThreshold({})).toBe(1000);
    expect(progressThreshold({ LAKEC_PROGRESS_AFTER_MS: "0" })).toBe(0);
    expect(progressThreshold({ LAKEC_PROGRESS_AFTER_MS: "soon" })).toBe(1000);
  });
});

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function makeRoot(): string {
  const root = mkdtempSync(path.join(tmpdir(), "progress-test-"));
  roots.push(root);
  symlinkSync(path.join(ROOT, "dsl"), path.join(root, "dsl"), "dir");
  mkdirSync(path.join(root, "pipelines"));
  writeFileSync(path.join(root, "pipelines", "project.ts"), `import { project } from "../dsl/index.ts";\nexport const platform = project({ id: "acme", startDate: "2025-08-24", namespace: "lake" });\n`);
  writeFileSync(path.join(root, "pipelines", "one.ts"), `import { daily, pipeline } from "../dsl/index.ts";\nexport const one = pipeline({ id: "one__daily", schedule: daily, tasks: (t) => void t.marker("start") });\n`);
  return root;
}

const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const MAIN = path.join(ROOT, "generators", "cli", "main.ts");
const cli = (root: string, ...args: string[]) => {
  const r = spawnSync(TSX, [MAIN, "compile", "--root", root, "--no-typecheck", ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, LAKEC_PROGRESS: "1", LAKEC_PROGRESS_AFTER_MS: "0" },
    timeout: 110_000,
  });
  if (r.error) throw r.error;
  return r;
};

describe("progress from the CLI", () => {
  it("prints files loaded, pipelines lowered and files written before the summary; --quiet and --format json print none", { timeout: 120_000 }, () => {
    const root = makeRoot();
    const shown = cli(root);
    expect(shown.status).toBe(0);
    const lines = shown.stderr.trimEnd().split("\n");
    expect(lines.map((l) => l.replace(/\(\d+\.\d\d s\)$/, "(t)"))).toEqual([
      "progress: loaded 2 pipeline files (t)",
      "progress: lowered and checked 1 pipeline (t)",
      "progress: rendered 1 file (t)",
      "progress: wrote 1 file, 0 unchanged, 0 removed (t)",
      "compiled 1 pipeline into generated/: 1 written, 0 unchanged, 0 removed (t)",
    ]);

    const quiet = cli(root, "--quiet");
    expect(quiet.status).toBe(0);
    expect(quiet.stderr).toBe("");

    const json = cli(root, "--format", "json");
    expect(json.status).toBe(0);
    expect(json.stderr).toBe("");
    expect(() => JSON.parse(json.stdout)).not.toThrow();
  });
});
