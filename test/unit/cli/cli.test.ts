/**
 * The CLI as a child process against temporary project roots (dsl/ symlinked in): exit codes,
 * the summary line, --check / --dry-run reports, all diagnostics at once with nothing written,
 * --format json (with its summary), command-line errors, load errors (LD001, LD002, LD004) and
 * type errors (TY001, checked with tsconfig.json's settings).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync, mkdirSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../lower/helpers.ts";

const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const MAIN = path.join(ROOT, "generators", "cli", "main.ts");
const SLOW = { timeout: 120_000 };

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** A temporary project root with dsl/ linked in and the given files (paths relative to the root). */
function makeRoot(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "cli-test-"));
  roots.push(root);
  symlinkSync(path.join(ROOT, "dsl"), path.join(root, "dsl"), "dir");
  for (const [rel, text] of Object.entries(files)) writeFile(root, rel, text);
  return root;
}

function writeFile(root: string, rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the compiler with `cwd` = the project root, so reported paths are relative to it. */
function cli(root: string, ...args: string[]): Run {
  const r = spawnSync(TSX, [MAIN, "--root", root, ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    timeout: 110_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every entry under `dir` with its type, inode, mtime and content hash (empty list if missing). */
function snapshot(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (abs: string, rel: string) => {
    for (const name of readdirSync(abs).sort()) {
      const a = path.join(abs, name);
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(a);
      const hash = st.isFile() ? createHash("sha256").update(readFileSync(a)).digest("hex") : "";
      out.push(`${r} ${st.isDirectory() ? "dir" : "file"} ino=${st.ino} mtime=${st.mtimeMs} ${hash}`);
      if (st.isDirectory()) walk(a, r);
    }
  };
  walk(dir, "");
  return out;
}

const filesUnder = (dir: string): string[] => snapshot(dir).filter((l) => l.includes(" file ")).map((l) => l.split(" ")[0]!);

const PROJECT = `import { image, project } from "../dsl/index.ts";

export const platform = project({
  id: "acme",
  startDate: "2025-08-24",
  namespace: "lake",
  images: { tool: image("ghcr.io/acme/tool", { tag: "1.0" }) },
});
`;

const ORDERS = `import { cron, pipeline, runDate } from "../dsl/index.ts";
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

const CUSTOMERS = `import { daily, pipeline } from "../dsl/index.ts";

export const customers = pipeline({
  id: "customers__daily",
  schedule: daily,
  tasks: (t) => {
    t.marker("start");
  },
});
`;

const VALID = { "pipelines/project.ts": PROJECT, "pipelines/orders.ts": ORDERS, "pipelines/customers.ts": CUSTOMERS };
const ORDERS_DAG = "dags/my_dags/acme__orders__daily.py";
const CUSTOMERS_DAG = "dags/my_dags/acme__customers__daily.py";

/** Two broken files: a duplicate task id in one, an invalid cron expression in the other. */
const BROKEN_ORDERS = ORDERS.replace(`t.marker("done", { after: [run] });`, `t.marker("done", { after: [run] });\n    t.marker("done");`);
const BROKEN_CUSTOMERS = CUSTOMERS.replace("schedule: daily", `schedule: cron("61 * * * *")`).replace(`import { daily, pipeline }`, `import { cron, pipeline }`);

/** 1-based line and column of the first occurrence of `needle` in `text`. */
function position(text: string, needle: string, nth = 0): { line: number; column: number } {
  let index = -1;
  for (let i = 0; i <= nth; i++) index = text.indexOf(needle, index + 1);
  if (index < 0) throw new Error(`${needle} not found`);
  const before = text.slice(0, index).split("\n");
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

describe("compile", () => {
  it("writes the DAG files and manifest, exits 0 and prints a summary; a second run writes nothing", SLOW, () => {
    const root = makeRoot(VALID);
    const first = cli(root, "--no-typecheck");
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/^compiled 2 pipelines into generated\/: 2 written, 0 unchanged, 0 removed \(\d+\.\d\d s\)\n$/);
    expect(filesUnder(path.join(root, "generated"))).toEqual([CUSTOMERS_DAG, ORDERS_DAG, "manifest.json"].sort());
    const dag = readFileSync(path.join(root, "generated", ORDERS_DAG), "utf8");
    expect(dag).toContain('dag_id="acme__orders__daily"');
    expect(dag.split("\n")[0]).toMatch(/^# Generated from pipelines\/orders\.ts /);

    const before = snapshot(path.join(root, "generated"));
    const second = cli(root, "--no-typecheck");
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/^compiled 2 pipelines into generated\/: 0 written, 2 unchanged, 0 removed \(/);
    expect(snapshot(path.join(root, "generated"))).toEqual(before);
  });

  it("removes the DAG file of a deleted pipeline file on the next compile", SLOW, () => {
    const root = makeRoot(VALID);
    expect(cli(root, "--no-typecheck").code).toBe(0);
    unlinkSync(path.join(root, "pipelines", "customers.ts"));
    const run = cli(root, "--no-typecheck");
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^compiled 1 pipeline into generated\/: 0 written, 1 unchanged, 1 removed \(/);
    expect(filesUnder(path.join(root, "generated"))).toEqual([ORDERS_DAG, "manifest.json"].sort());
    expect(readFileSync(path.join(root, "generated", "manifest.json"), "utf8")).not.toContain("customers");
  });
});

describe("--check", () => {
  it("exits 0 when generated/ is current, and 1 listing stale, missing and extra files", SLOW, () => {
    const root = makeRoot(VALID);
    const out = path.join(root, "generated");
    expect(cli(root, "--no-typecheck").code).toBe(0);

    const current = cli(root, "--check", "--no-typecheck");
    expect(current.code).toBe(0);
    expect(current.stderr).toContain("generated/ is up to date (2 files)");

    appendFileSync(path.join(out, ORDERS_DAG), "# hand edit\n");
    const stale = cli(root, "--check", "--no-typecheck");
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain(`stale: ${ORDERS_DAG}`);
    expect(stale.stderr).toContain("-");
    expect(stale.stderr).toMatch(/# hand edit/);
    expect(stale.stderr).toContain("generated/ is stale: 1 stale, 0 missing, 0 extra — run npm run compile");

    unlinkSync(path.join(out, CUSTOMERS_DAG));
    writeFileSync(path.join(out, "dags", "extra.py"), "print('hi')\n");
    const before = snapshot(out);
    const all = cli(root, "--check", "--no-typecheck");
    expect(all.code).toBe(1);
    expect(all.stderr).toContain(`stale: ${ORDERS_DAG}`);
    expect(all.stderr).toContain(`missing: ${CUSTOMERS_DAG}`);
    expect(all.stderr).toContain("extra: dags/extra.py");
    expect(all.stderr).toContain("generated/ is stale: 1 stale, 1 missing, 1 extra — run npm run compile");
    expect(all.stderr).toContain("error WR006 generated holds 1 file that the compiler did not write");
    expect(snapshot(out)).toEqual(before); // --check writes nothing

    // A compile refuses to delete the hand-added file (WR006) and writes nothing ...
    const refused = cli(root, "--no-typecheck");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("error WR006 generated holds 1 file that the compiler did not write (not in its manifest.json): dags/extra.py");
    expect(snapshot(out)).toEqual(before);
    // ... and once it is moved out, repairs everything.
    unlinkSync(path.join(out, "dags", "extra.py"));
    expect(cli(root, "--no-typecheck").code).toBe(0);
    expect(cli(root, "--check", "--no-typecheck").code).toBe(0);
  });

  it("reports every file missing when nothing was generated yet", SLOW, () => {
    const root = makeRoot(VALID);
    const run = cli(root, "--check", "--no-typecheck");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`missing: ${ORDERS_DAG}`);
    expect(run.stderr).toContain(`missing: ${CUSTOMERS_DAG}`);
    expect(existsSync(path.join(root, "generated"))).toBe(false);
  });
});

describe("--dry-run", () => {
  it("writes nothing and shows what a compile would do", SLOW, () => {
    const root = makeRoot(VALID);
    const fresh = cli(root, "--dry-run", "--no-typecheck");
    expect(fresh.code).toBe(0);
    expect(fresh.stderr).toContain(`add: ${ORDERS_DAG}`);
    expect(fresh.stderr).toContain(`add: ${CUSTOMERS_DAG}`);
    expect(snapshot(path.join(root, "generated"))).toEqual([]);
    expect(readdirSync(root).sort()).toEqual(["dsl", "pipelines"]);

    expect(cli(root, "--no-typecheck").code).toBe(0);
    writeFile(root, "pipelines/orders.ts", ORDERS.replace("15 4 * * *", "30 5 * * *"));
    const before = snapshot(path.join(root, "generated"));
    const changed = cli(root, "--dry-run", "--no-typecheck");
    expect(changed.code).toBe(0);
    expect(changed.stderr).toContain(`update: ${ORDERS_DAG}`);
    expect(changed.stderr).toMatch(/\+.*30 5 \* \* \*/);
    expect(snapshot(path.join(root, "generated"))).toEqual(before);
  });
});

describe("invalid pipelines", () => {
  it("exit 1, print every diagnostic from every file, and leave generated/ byte-identical", SLOW, () => {
    const root = makeRoot(VALID);
    expect(cli(root, "--no-typecheck").code).toBe(0);
    const out = path.join(root, "generated");
    const before = snapshot(out);
    const rootBefore = readdirSync(root).sort();

    writeFile(root, "pipelines/orders.ts", BROKEN_ORDERS);
    writeFile(root, "pipelines/customers.ts", BROKEN_CUSTOMERS);
    const run = cli(root, "--no-typecheck");
    expect(run.code).toBe(1);
    const dup = position(BROKEN_ORDERS, `marker("done")`);
    const bad = position(BROKEN_CUSTOMERS, "pipeline({");
    expect(run.stderr).toContain(`pipelines/customers.ts:${bad.line}:${bad.column} error DS006 schedule of pipeline 'customers__daily' is not a valid cron expression '61 * * * *'`);
    expect(run.stderr).toContain(`pipelines/orders.ts:${dup.line}:${dup.column} error GR002 task id 'done' is declared twice in pipeline 'orders__daily'`);
    expect(run.stderr).toMatch(/\n  hint: /);
    expect(run.stderr.trimEnd().split("\n").at(-1)).toBe("2 errors; nothing written.");
    expect(run.stderr).not.toContain(root); // paths are relative
    expect(run.stderr).not.toMatch(/^\s+at /m); // no stack traces

    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(root).sort()).toEqual(rootBefore); // no staging leftovers either
  });

  it("with --format json print the diagnostics as JSON on stdout", SLOW, () => {
    const root = makeRoot({ ...VALID, "pipelines/orders.ts": BROKEN_ORDERS, "pipelines/customers.ts": BROKEN_CUSTOMERS });
    const run = cli(root, "--no-typecheck", "--format", "json");
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { diagnostics: { file: string; line: number; column: number; severity: string; code: string; message: string; hints: string[] }[] };
    expect(report.diagnostics.map((d) => [d.file, d.code])).toEqual([
      ["pipelines/customers.ts", "DS006"],
      ["pipelines/orders.ts", "GR002"],
    ]);
    const gr002 = report.diagnostics[1]!;
    expect(gr002).toMatchObject({ severity: "error", line: position(BROKEN_ORDERS, `marker("done")`).line, message: "task id 'done' is declared twice in pipeline 'orders__daily'" });
    expect(gr002.hints.length).toBeGreaterThan(0);
    expect(existsSync(path.join(root, "generated"))).toBe(false);
  });

  it("--format=json (inline value) prints no diagnostics and the summary on success", SLOW, () => {
    const root = makeRoot(VALID);
    const run = cli(root, "--no-typecheck", "--format=json");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toEqual({
      diagnostics: [],
      summary: {
        mode: "write", pipelines: 2, outDir: "generated", upToDate: false,
        written: [CUSTOMERS_DAG, ORDERS_DAG], added: [CUSTOMERS_DAG, ORDERS_DAG], changed: [], unchanged: 0, removed: [],
        milliseconds: expect.any(Number),
      },
    });
    unlinkSync(path.join(root, "pipelines", "customers.ts"));
    const again = JSON.parse(cli(root, "--no-typecheck", "--format", "json").stdout);
    expect(again.summary).toMatchObject({ pipelines: 1, written: [], unchanged: 1, removed: [CUSTOMERS_DAG] });
    expect(again.summary.milliseconds).toBeGreaterThan(0);
    const check = JSON.parse(cli(root, "--no-typecheck", "--format", "json", "--check").stdout);
    expect(check.summary).toMatchObject({ mode: "check", upToDate: true, written: [], removed: [] });
  });

  it("type errors are reported as TY001 at file:line:col when type-checking is on", SLOW, () => {
    const typo = ORDERS.replace("platform.images.tool", "platform.images.toool");
    const root = makeRoot({ ...VALID, "pipelines/orders.ts": typo });
    const run = cli(root);
    expect(run.code).toBe(1);
    const at = position(typo, "toool");
    expect(run.stderr).toMatch(new RegExp(`^pipelines/orders\\.ts:${at.line}:${at.column} error TY001 Property 'toool' does not exist on type .*\\(TS\\d+\\)$`, "m"));
    expect(run.stderr).toContain("nothing written.");
    expect(existsSync(path.join(root, "generated"))).toBe(false);
  });

  it("the type-check uses tsconfig.json's settings: process.env is known (types: node), as with tsc", SLOW, () => {
    const withEnv = CUSTOMERS.replace(`id: "customers__daily"`, `id: process.env["CUSTOMERS_ID"] ?? "customers__daily"`);
    const root = makeRoot({ ...VALID, "pipelines/customers.ts": withEnv });
    const run = cli(root, "--dry-run");
    expect(run.stderr).not.toContain("TY001");
    expect(run.code).toBe(0);
    // A root's own tsconfig.json is the one used: here it makes an unchecked index an error.
    writeFile(root, "tsconfig.json", JSON.stringify({ compilerOptions: { strict: true, noPropertyAccessFromIndexSignature: true, types: [], lib: ["ES2022"], module: "NodeNext", allowImportingTsExtensions: true, noEmit: true } }));
    const strict = cli(root, "--dry-run");
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/^pipelines\/customers\.ts:\d+:\d+ error TY001 Cannot find name 'process'/m);
  });

  it("a typo in a handle is one TY001 per use, without a DS001 for the same call; other calls' DS errors stay", SLOW, () => {
    const typo = ORDERS.replace(
      `const run = t.pod("run__orders", { image: platform.images.tool, args: ["--date", runDate] });`,
      `const run = t.pod("run__orders", {\n      image: platform.images.toool,\n      args: ["--date", runDate],\n    });\n    t.pod("again", { image: platform.images.toool, after: [run] });\n    t.marker("retried", { retries: 1000 });`,
    );
    const root = makeRoot({ ...VALID, "pipelines/orders.ts": typo });
    const run = cli(root);
    expect(run.code).toBe(1);
    const lines = run.stderr.split("\n").filter((l) => !l.startsWith("  "));
    expect(lines.map((l) => l.split(" ").slice(0, 3).join(" "))).toEqual([
      `pipelines/orders.ts:${position(typo, "toool").line}:${position(typo, "toool").column} error TY001`,
      `pipelines/orders.ts:${position(typo, "toool", 1).line}:${position(typo, "toool", 1).column} error TY001`,
      `pipelines/orders.ts:${position(typo, "marker(\"retried\"").line}:${position(typo, "marker(\"retried\"").column} error DS001`,
      "3 errors; nothing",
      "",
    ]);
    expect(run.stderr).not.toContain("platform.images.x");
  });

  it("type errors that are not runtime errors still stop the compile", SLOW, () => {
    const root = makeRoot({ ...VALID, "pipelines/customers.ts": CUSTOMERS.replace(`t.marker("start");`, `const n: number = "x";\n    t.marker("start");`) });
    const run = cli(root);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^pipelines\/customers\.ts:7:11 error TY001 Type 'string' is not assignable to type 'number'\. \(TS2322\)$/m);
    // Without the type-check the same project compiles.
    expect(cli(root, "--no-typecheck").code).toBe(0);
  });
});

describe("command line and load errors", () => {
  it("an unknown option exits 1 with CL001 and the usage", SLOW, () => {
    const root = makeRoot(VALID);
    const run = cli(root, "--bogus");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error CL001 unknown option '--bogus'\n  hint: /);
    expect(run.stderr).toContain("Usage: npm run compile -- [options]");
    expect(existsSync(path.join(root, "generated"))).toBe(false);
  });

  it("an option without its value exits 1 with CL001", SLOW, () => {
    const run = cli(makeRoot(VALID), "--format");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("error CL001 --format needs a value");
    expect(cli(makeRoot(VALID), "--format", "yaml").stderr).toContain("error CL001 --format must be text or json, not 'yaml'");
  });

  it("--help prints the usage and exits 0", SLOW, () => {
    const run = cli(makeRoot(VALID), "--help");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: npm run compile -- [options]");
  });

  it("no pipeline files: LD004", SLOW, () => {
    const empty = makeRoot({});
    const run = cli(empty, "--no-typecheck");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error LD004 no pipeline files found in pipelines\n/);
    const onlyTests = makeRoot({ "pipelines/x.test.ts": "export {};\n", "pipelines/types.d.ts": "export {};\n" });
    expect(cli(onlyTests, "--no-typecheck").stderr).toContain("error LD004");
  });

  it("no project: LD002", SLOW, () => {
    const root = makeRoot({ "pipelines/customers.ts": CUSTOMERS });
    const run = cli(root, "--no-typecheck");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("error LD002 no file in pipelines/ exports project({ ... })");
    expect(existsSync(path.join(root, "generated"))).toBe(false);
  });

  it("a file that fails to bundle: its LD001 only, no spurious LD002 (it may be the project's file)", SLOW, () => {
    const root = makeRoot({ ...VALID, "pipelines/orders.ts": ORDERS.replace("});\n", "};\n") });
    const run = cli(root, "--no-typecheck");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^pipelines\/orders\.ts:\d+:\d+ error LD001 pipelines\/orders\.ts failed to load: /m);
    expect(run.stderr).not.toContain("LD002");
    expect(run.stderr.trimEnd().split("\n").at(-1)).toBe("1 error; nothing written.");
  });

  it("a pipeline file that throws while loading: LD001, and the other files are still checked", SLOW, () => {
    const throwing = `import "./project.ts";\nthrow new Error("kaboom");\n`;
    const root = makeRoot({ ...VALID, "pipelines/broken.ts": throwing, "pipelines/customers.ts": BROKEN_CUSTOMERS });
    const run = cli(root, "--no-typecheck");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^pipelines\/broken\.ts:2:7 error LD001 pipelines\/broken\.ts failed to load: kaboom$/m);
    expect(run.stderr).toContain("error DS006");
  });
});

describe("--out never deletes what is not ours", () => {
  /** A directory beside the project root holding the user's files; removed after the tests. */
  function notesBeside(root: string): { dir: string; rel: string } {
    const dir = `${root}-notes`;
    roots.push(dir);
    mkdirSync(path.join(dir, "sub"), { recursive: true });
    writeFileSync(path.join(dir, "todo.md"), "my notes\n");
    writeFileSync(path.join(dir, "sub", "plan.txt"), "keep me\n");
    return { dir, rel: `../${path.basename(dir)}` };
  }

  /** The run refused with `code`: exit 1, one error, no stack trace. */
  function expectRefused(run: Run, code: string): void {
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^error ${code} output directory .*\n  hint: `, "m"));
    expect(run.stderr.trimEnd().split("\n").at(-1)).toBe("1 error; nothing written.");
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr).not.toContain("internal error");
  }

  it("--out a directory of the user's files: WR005 in every mode and in --format json, the files untouched", SLOW, () => {
    const root = makeRoot(VALID);
    const notes = notesBeside(root);
    const before = snapshot(notes.dir);
    const run = cli(root, "--no-typecheck", "--out", notes.rel);
    expectRefused(run, "WR005");
    expect(run.stderr).toContain(`error WR005 output directory ${notes.rel} is not empty (sub, todo.md) and has no valid manifest.json of the compiler; refusing to replace it`);
    for (const mode of ["--check", "--dry-run"]) expectRefused(cli(root, "--no-typecheck", mode, "--out", notes.rel), "WR005");
    const json = cli(root, "--no-typecheck", "--format", "json", "--out", notes.rel);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code)).toEqual(["WR005"]);
    expect(snapshot(notes.dir)).toEqual(before);
  });

  it("--out . / the root / a directory containing the root: WR002; pipelines and pipelines/sub: WR003; nothing touched", SLOW, () => {
    const root = makeRoot({ ...VALID, "pipelines/sub/notes.md": "keep\n" });
    const before = snapshot(root);
    for (const out of [".", root, `${root}/..`]) expectRefused(cli(root, "--no-typecheck", "--out", out), "WR002");
    expectRefused(cli(root, "--no-typecheck", "--check", "--out", "."), "WR002");
    for (const out of ["pipelines", "pipelines/sub"]) expectRefused(cli(root, "--no-typecheck", "--out", out), "WR003");
    expect(cli(root, "--no-typecheck", "--dry-run", "--out", "pipelines").stderr).toContain("error WR003 output directory pipelines overlaps pipelines/");
    expect(snapshot(root)).toEqual(before);
  });

  it("a wrong --out is reported together with the pipelines' diagnostics", SLOW, () => {
    const root = makeRoot({ ...VALID, "pipelines/customers.ts": BROKEN_CUSTOMERS });
    const run = cli(root, "--no-typecheck", "--out", ".");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("error DS006");
    expect(run.stderr).toContain("error WR002 output directory . is the project root or contains it");
  });

  it("a symlinked generated/ pointing at the user's files: WR005, the link target untouched", SLOW, () => {
    const root = makeRoot(VALID);
    const notes = notesBeside(root);
    symlinkSync(notes.dir, path.join(root, "generated"), "dir");
    const before = snapshot(notes.dir);
    const run = cli(root, "--no-typecheck");
    expectRefused(run, "WR005");
    expect(run.stderr).toContain(`output directory generated is a symbolic link to ${notes.dir}, which is not empty`);
    expect(snapshot(notes.dir)).toEqual(before);
  });

  it("a symlinked generated/ pointing at a previous output, an empty directory and a missing one: compiled", SLOW, () => {
    const root = makeRoot(VALID);
    expect(cli(root, "--no-typecheck", "--out", "real-output").code).toBe(0);
    symlinkSync(path.join(root, "real-output"), path.join(root, "generated"), "dir");
    const linked = cli(root, "--no-typecheck");
    expect(linked.code).toBe(0);
    expect(linked.stderr).toContain("0 written, 2 unchanged, 0 removed");
    expect(lstatSync(path.join(root, "generated")).isSymbolicLink()).toBe(true);

    mkdirSync(path.join(root, "empty"));
    expect(cli(root, "--no-typecheck", "--out", "empty").code).toBe(0);
    expect(cli(root, "--no-typecheck", "--out", "missing/deep").code).toBe(0);
    for (const dir of ["empty", "missing/deep"]) expect(filesUnder(path.join(root, dir))).toEqual([CUSTOMERS_DAG, ORDERS_DAG, "manifest.json"].sort());
  });

  it("a previous output with a hand-added file: refused with WR006 listing it (also --dry-run), the file kept", SLOW, () => {
    const root = makeRoot(VALID);
    const out = path.join(root, "generated");
    expect(cli(root, "--no-typecheck").code).toBe(0);
    writeFileSync(path.join(out, "dags", "my notes.md"), "mine\n");
    const before = snapshot(out);
    const run = cli(root, "--no-typecheck");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error WR006 generated holds 1 file that the compiler did not write (not in its manifest.json): "dags/my notes.md"');
    expect(run.stderr).toContain("hint: generated/ is output only: move the files out, or delete them, then compile again");
    const dry = cli(root, "--no-typecheck", "--dry-run");
    expect(dry.code).toBe(1);
    expect(dry.stderr).toContain("hand-added: dags/my notes.md (not in manifest.json, hand-added?)");
    expect(dry.stderr).toContain("compile would refuse: 1 hand-added file in generated/");
    expect(dry.stderr).toContain("error WR006");
    expect(snapshot(out)).toEqual(before);
  });

  it("an output whose manifest is corrupt JSON and which holds files: WR005, nothing touched", SLOW, () => {
    const root = makeRoot(VALID);
    const out = path.join(root, "generated");
    expect(cli(root, "--no-typecheck").code).toBe(0);
    writeFileSync(path.join(out, "manifest.json"), "{ corrupt");
    const before = snapshot(out);
    expectRefused(cli(root, "--no-typecheck"), "WR005");
    expect(snapshot(out)).toEqual(before);
  });
});
