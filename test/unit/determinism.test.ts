// Determinism of the whole tool, through the real CLI in child processes: the reference
// pipelines/ compiled under a different working directory, time zone and locale, and copies of
// the project whose files are renamed and moved so that discovery order differs, give the same
// bytes. A second compile of an unchanged project writes nothing.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../..", import.meta.url)).replace(/\/$/, "");
const TSX = path.join(REPO, "node_modules", "tsx", "dist", "cli.mjs");
const MAIN = path.join(REPO, "generators", "cli", "main.ts");

type Tree = Map<string, Buffer>;
interface Run { code: number; stdout: string; stderr: string }

/** This process's environment without anything that could leak time zone or locale into a child. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(TZ|LANG|LANGUAGE|LC_.*)$/.test(k)) env[k] = v;
  return { ...env, ...extra };
}

async function compile(root: string, out: string, cwd: string, env: Record<string, string>, ...extra: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [TSX, MAIN, "compile", "--root", root, "--out", out, ...extra], {
      cwd,
      env: childEnv(env),
      encoding: "utf8",
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === "number" ? err.code : -1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
  }
}

function readTree(dir: string): Tree {
  const tree: Tree = new Map();
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else tree.set(child, readFileSync(path.join(dir, child)));
    }
  };
  walk("");
  return new Map([...tree].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
}

function expectSameTree(actual: Tree, expected: Tree, label: string): void {
  expect([...actual.keys()], `${label}: file list`).toEqual([...expected.keys()]);
  for (const [rel, bytes] of expected) {
    expect(actual.get(rel)!.toString("utf8"), `${label}: ${rel}`).toBe(bytes.toString("utf8"));
    expect(actual.get(rel)!.equals(bytes), `${label}: ${rel} (bytes)`).toBe(true);
  }
}

const posix = (p: string) => p.split(path.sep).join("/");

/** Every file under <REPO>/pipelines, relative to the repo root (`pipelines/x.ts`), in discovery order. */
function pipelineFiles(): string[] {
  const dir = path.join(REPO, "pipelines");
  return (readdirSync(dir, { recursive: true, encoding: "utf8" }) as string[])
    .filter((f) => statSync(path.join(dir, f)).isFile())
    .map((f) => posix(path.join("pipelines", f)))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const RELATIVE_IMPORT = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.\.?\/[^"']+)\2/g;

/**
 * A copy of the project (dsl/ copied, pipelines/ copied under new names given by `rename`,
 * relative imports rewritten to follow the moves, node_modules and other inputs symlinked).
 * Returns the copy's root and the rename map (old → new, root-relative).
 */
function copyProject(parent: string, name: string, rename: (rel: string, index: number, all: readonly string[]) => string): { root: string; renames: Map<string, string> } {
  const root = path.join(parent, name);
  mkdirSync(root, { recursive: true });
  cpSync(path.join(REPO, "dsl"), path.join(root, "dsl"), { recursive: true });
  for (const linked of ["node_modules", "spark-jobs", "dbt"]) {
    if (existsSync(path.join(REPO, linked))) symlinkSync(path.join(REPO, linked), path.join(root, linked), "dir");
  }
  const files = pipelineFiles();
  const renames = new Map(files.map((f, i) => [f, rename(f, i, files)]));
  for (const [from, to] of renames) {
    let text = readFileSync(path.join(REPO, from), "utf8");
    if (from.endsWith(".ts")) {
      text = text.replace(RELATIVE_IMPORT, (whole, lead: string, quote: string, spec: string) => {
        const target = posix(path.relative(REPO, path.resolve(path.dirname(path.join(REPO, from)), spec)));
        const moved = renames.get(target) ?? target;
        let rel = posix(path.relative(path.dirname(to), moved));
        if (!rel.startsWith(".")) rel = `./${rel}`;
        return `${lead}${quote}${rel}${quote}`;
      });
    }
    mkdirSync(path.dirname(path.join(root, to)), { recursive: true });
    writeFileSync(path.join(root, to), text);
  }
  return { root, renames };
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/**
 * What a compile of a renamed copy must produce, derived from the reference tree: the same
 * files; in each, the "generated from <file>" header names the file's new name; manifest.json
 * the same except `source` (renamed) and `sha256` (of the re-headed file). Nothing else may differ.
 */
function expectedAfterRename(reference: Tree, renames: ReadonlyMap<string, string>): Tree {
  const manifestText = reference.get("manifest.json")!.toString("utf8");
  const manifest = JSON.parse(manifestText) as { version: number; files: { path: string; sha256: string; source: string }[] };
  expect(`${JSON.stringify(manifest, null, 2)}\n`, "the manifest re-serialises to itself").toBe(manifestText);
  const out: Tree = new Map();
  for (const entry of manifest.files) {
    const bytes = reference.get(entry.path)!;
    const moved = renames.get(entry.source) ?? entry.source;
    let content = bytes;
    if (entry.path === "datasets.json") {
      // The dataset graph names each dataset's declaring file: the renamed one.
      const text = bytes.toString("utf8").replace(/"declaredIn": "([^"]+)"/g, (_, file: string) => `"declaredIn": "${renames.get(file) ?? file}"`);
      content = Buffer.from(text, "utf8");
    } else if (moved !== entry.source) {
      const text = bytes.toString("utf8");
      const header = `Generated from ${entry.source}`;
      expect(text, `${entry.path}: its header names its source`).toContain(header);
      content = Buffer.from(text.replace(header, `Generated from ${moved}`), "utf8");
    }
    out.set(entry.path, content);
    entry.sha256 = sha256(content);
    entry.source = moved;
  }
  out.set("manifest.json", Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, "utf8"));
  expect([...out.keys()].sort(), "the manifest lists every generated file").toEqual([...reference.keys()].sort());
  return new Map([...out].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
}

const UTC_C = { TZ: "UTC", LANG: "C", LC_ALL: "C" };
const CHATHAM_TR = { TZ: "Pacific/Chatham", LANG: "tr_TR.UTF-8", LC_ALL: "tr_TR.UTF-8" };
const KATHMANDU_TR = { TZ: "Asia/Kathmandu", LANG: "tr_TR.UTF-8", LC_ALL: "tr_TR.UTF-8" };
const SUMMARY = /^compiled (\d+) pipelines? into .*: (\d+) written, (\d+) unchanged, (\d+) removed \(/m;

let tmp: string;
let reference: Tree;
let referenceOut: string;
const runs: Record<string, Run> = {};
const trees: Record<string, Tree> = {};
let projectFirst: { root: string; renames: Map<string, string> };
let reversed: { root: string; renames: Map<string, string> };

beforeAll(async () => {
  tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), "determinism-")));
  // Same pipeline file names, but project.ts moved so that it is discovered first.
  projectFirst = copyProject(tmp, "project-first", (rel) => (rel === "pipelines/project.ts" ? "pipelines/0_settings/project.ts" : rel));
  // Every file renamed and nested so that discovery order is reversed.
  reversed = copyProject(tmp, "reversed", (rel, i, all) => `pipelines/r${String(all.length - 1 - i).padStart(3, "0")}/moved_${path.posix.basename(rel)}`);
  referenceOut = path.join(tmp, "out-reference");
  const outs = {
    reference: referenceOut,
    elsewhere: path.join(tmp, "out-elsewhere"),
    projectFirst: path.join(tmp, "out-project-first"),
    reversed: path.join(tmp, "out-reversed"),
  };
  const [a, b, c, d] = await Promise.all([
    compile(REPO, outs.reference, REPO, UTC_C),
    compile(REPO, outs.elsewhere, "/", CHATHAM_TR),
    compile(projectFirst.root, outs.projectFirst, tmp, KATHMANDU_TR),
    compile(reversed.root, outs.reversed, path.join(reversed.root, "pipelines"), CHATHAM_TR),
  ]);
  Object.assign(runs, { reference: a!, elsewhere: b!, projectFirst: c!, reversed: d! });
  for (const [name, run] of Object.entries(runs)) {
    if (run.code !== 0) throw new Error(`compile '${name}' exited ${run.code}:\n${run.stderr}`);
    trees[name] = readTree(outs[name as keyof typeof outs]);
  }
  reference = trees["reference"]!;
}, 180_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("determinism (CLI in child processes)", () => {
  it("the reference compile produces DAG files and a manifest", () => {
    expect(reference.has("manifest.json")).toBe(true);
    expect([...reference.keys()].some((p) => p.startsWith("dags/") && p.endsWith(".py"))).toBe(true);
    expect(runs["reference"]!.stderr).toMatch(SUMMARY);
  });

  it("same bytes for every file, manifest included, whatever the cwd, time zone and locale", () => {
    expectSameTree(trees["elsewhere"]!, reference, "cwd=/ TZ=Pacific/Chatham LC_ALL=tr_TR.UTF-8");
  });

  it("same bytes when project.ts is moved so that it is discovered first (pipeline file names unchanged)", () => {
    expect(projectFirst.renames.get("pipelines/project.ts")).toBe("pipelines/0_settings/project.ts");
    expectSameTree(trees["projectFirst"]!, expectedAfterRename(reference, projectFirst.renames), "project discovered first");
  });

  it("renamed, nested files in reversed discovery order: only the file names in headers and manifest sources differ", () => {
    const renames = reversed.renames;
    // Discovery order really is reversed.
    const before = [...renames.keys()];
    const after = [...renames.values()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(after).toEqual([...before].reverse().map((f) => renames.get(f)));
    const expected = expectedAfterRename(reference, renames);
    expectSameTree(trees["reversed"]!, expected, "reversed copy");
    // Spelled out: a generated file differs from the reference in at most one line, its header.
    for (const rel of expected.keys()) {
      if (rel === "manifest.json") continue;
      const ref = reference.get(rel)!.toString("utf8").split("\n");
      const got = trees["reversed"]!.get(rel)!.toString("utf8").split("\n");
      expect(got.length, rel).toBe(ref.length);
      const differing = got.flatMap((line, i) => (line === ref[i] ? [] : [line]));
      if (rel === "datasets.json") {
        for (const line of differing) expect(line, rel).toMatch(/^\s*"declaredIn": "pipelines\/r\d{3}\/moved_/);
        continue;
      }
      expect(differing.length, rel).toBeLessThanOrEqual(1);
      for (const line of differing) expect(line, rel).toMatch(/Generated from pipelines\/r\d{3}\/moved_/);
    }
  });

  it("a second compile writes 0 files and touches nothing, even under another time zone and locale", async () => {
    const stamp = () => new Map([...readTree(referenceOut).keys()].map((rel) => {
      const s = statSync(path.join(referenceOut, rel));
      return [rel, `${s.ino}:${s.mtimeMs}`];
    }));
    const before = stamp();
    const again = await compile(REPO, referenceOut, REPO, UTC_C);
    const other = await compile(REPO, referenceOut, "/", CHATHAM_TR);
    for (const run of [again, other]) {
      expect(run.code, run.stderr).toBe(0);
      const m = SUMMARY.exec(run.stderr);
      expect(m, run.stderr).not.toBeNull();
      const [, , written, unchanged, removed] = m!.map(Number);
      expect(written).toBe(0);
      expect(removed).toBe(0);
      expect(unchanged).toBe(reference.size - 1); // every file but manifest.json
    }
    expect(stamp()).toEqual(before);
    expectSameTree(readTree(referenceOut), reference, "after recompiling");
  }, 120_000);
});
