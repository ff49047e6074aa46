/**
 * The prebuilt compiler (generators/cli/prebuilt.mjs): the staleness rule (content hash of the
 * inputs: a changed, added or removed file rebuilds, a touch does not) and the bundle itself,
 * run by `npm run compile`'s launcher: same output and same diagnostic positions as the compiler
 * run through tsx.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cliPaths, inputsHash, isFresh } from "../../../generators/cli/prebuilt.mjs";
import { ROOT } from "../lower/helpers.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = (prefix: string) => {
  const d = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};

function write(root: string, rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
}

describe("prebuilt compiler: staleness", () => {
  it("is fresh only with the bundle and a stamp of the current inputs' hash", () => {
    const repo = tempDir("prebuilt-repo-");
    for (const [rel, text] of Object.entries({ "generators/cli/main.ts": "a", "dsl/index.ts": "b", "package.json": "{}", "package-lock.json": "{}" })) write(repo, rel, text);
    const paths = cliPaths(repo);
    const hash = inputsHash(repo, "0.0.0");
    expect(isFresh(paths, hash)).toBe(false); // nothing built
    write(repo, ".cache/cli/inputs.sha256", `${hash}\n`);
    expect(isFresh(paths, hash)).toBe(false); // stamp without bundle
    write(repo, ".cache/cli/main.mjs", "// bundle");
    expect(isFresh(paths, hash)).toBe(true);

    // A touch changes no byte: still fresh.
    utimesSync(path.join(repo, "dsl/index.ts"), new Date(), new Date(Date.now() + 60_000));
    expect(inputsHash(repo, "0.0.0")).toBe(hash);
    // A changed byte, an added file, a removed one, another esbuild: stale.
    write(repo, "dsl/index.ts", "c");
    expect(isFresh(paths, inputsHash(repo, "0.0.0"))).toBe(false);
    write(repo, "dsl/index.ts", "b");
    expect(inputsHash(repo, "0.0.0")).toBe(hash);
    write(repo, "generators/extra.ts", "");
    const added = inputsHash(repo, "0.0.0");
    expect(added).not.toBe(hash);
    unlinkSync(path.join(repo, "generators/extra.ts"));
    expect(inputsHash(repo, "0.0.0")).toBe(hash);
    expect(inputsHash(repo, "0.0.1")).not.toBe(hash);
    // Assets are inputs too (read beside the sources, but a rename must rebuild).
    write(repo, "generators/airflow/templates/dag.py.hbs", "x");
    expect(inputsHash(repo, "0.0.0")).not.toBe(hash);
  });
});

const PROJECT = `import { image, project } from "../dsl/index.ts";
export const platform = project({ id: "acme", startDate: "2025-08-24", namespace: "lake", images: { tool: image("ghcr.io/acme/tool", { tag: "1.0" }) } });
`;
const GOOD = `import { cron, pipeline, runDate } from "../dsl/index.ts";
import { platform } from "./project.ts";
export const orders = pipeline({
  id: "orders__daily",
  schedule: cron("15 4 * * *"),
  tasks: (t) => {
    const run = t.pod("run__orders", { image: platform.images.tool, args: ["--date", runDate] });
    t.marker("done", { after: [run] });
  },
});
`;
const BAD = `import { manual, pipeline } from "../dsl/index.ts";
export const bad = pipeline({
  id: "bad",
  schedule: manual,
  tasks: (t) => {
      t.marker("x", { retries: -1 });
  },
});
`;

function makeRoot(files: Record<string, string>): string {
  const root = tempDir("prebuilt-cli-");
  symlinkSync(path.join(ROOT, "dsl"), path.join(root, "dsl"), "dir");
  for (const [rel, text] of Object.entries(files)) write(root, rel, text);
  return root;
}

const run = (command: string[], root: string) => {
  const r = spawnSync(command[0]!, [...command.slice(1), "--root", root, "--no-typecheck"], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 170_000 });
  if (r.error) throw r.error;
  return r;
};
const PREBUILT = ["node", path.join(ROOT, "generators", "cli", "lakec.mjs"), "compile"];
const TSX = [path.join(ROOT, "node_modules", ".bin", "tsx"), path.join(ROOT, "generators", "cli", "main.ts"), "compile"];

describe("prebuilt compiler: the bundle", () => {
  it("writes what the tsx-run compiler writes and reports diagnostics at the same positions", { timeout: 180_000 }, () => {
    const a = makeRoot({ "pipelines/project.ts": PROJECT, "pipelines/orders.ts": GOOD });
    const b = makeRoot({ "pipelines/project.ts": PROJECT, "pipelines/orders.ts": GOOD });
    const prebuilt = run(PREBUILT, a);
    expect(prebuilt.stderr).toMatch(/^compiled 1 pipeline into generated\/: \d+ written, 0 unchanged, 0 removed/);
    expect(prebuilt.status).toBe(0);
    expect(run(TSX, b).status).toBe(0);
    const dag = "generated/dags/my_dags/acme__orders__daily.py";
    expect(readFileSync(path.join(a, dag), "utf8")).toBe(readFileSync(path.join(b, dag), "utf8"));
    expect(readFileSync(path.join(a, "generated/manifest.json"), "utf8")).toBe(readFileSync(path.join(b, "generated/manifest.json"), "utf8"));

    const broken = makeRoot({ "pipelines/project.ts": PROJECT, "pipelines/bad.ts": BAD });
    const fromBundle = run(PREBUILT, broken);
    const fromTsx = run(TSX, broken);
    expect(fromBundle.status).toBe(1);
    expect(fromBundle.stderr).toContain("pipelines/bad.ts:6:9");
    expect(fromBundle.stderr).toBe(fromTsx.stderr);
  });

  it("reports a file that fails at load time with its line, file by file (rerun through tsx)", { timeout: 180_000 }, () => {
    const root = makeRoot({ "pipelines/project.ts": PROJECT, "pipelines/orders.ts": GOOD, "pipelines/throws.ts": `export const x = 1;\nthrow new Error("boom");\n` });
    const fromBundle = run(PREBUILT, root);
    const fromTsx = run(TSX, root);
    expect(fromBundle.status).toBe(1);
    expect(fromBundle.stderr).toContain("pipelines/throws.ts failed to load: boom");
    expect(fromBundle.stderr).toBe(fromTsx.stderr);
  });
});
