/** Shared helpers for the writer tests: temp dirs, file sets and directory snapshots. */
import { createHash } from "node:crypto";
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import type { GeneratedFile } from "../../../generators/core/file-set.ts";
import { UnsafeOutputError } from "../../../generators/writer/index.ts";

const made: string[] = [];

/** A fresh temp parent directory (removed after each test); the output dir is `<parent>/generated`. */
export function tempParent(): { parent: string; outDir: string } {
  const parent = mkdtempSync(join(tmpdir(), "writer-test-"));
  made.push(parent);
  return { parent, outDir: join(parent, "generated") };
}

afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

export function gf(path: string, content: string, source = "pipelines/orders.ts"): GeneratedFile {
  return { path, content, source };
}

export const baseFiles: GeneratedFile[] = [
  gf("dags/ampere/orders.py", "# generated from pipelines/orders.ts, do not edit\nfrom airflow.sdk import DAG\n\nwith DAG(dag_id=\"orders\", schedule=\"@daily\"):\n    pass\n"),
  gf("dags/ampere/orders.yaml", "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\n"),
  gf("dbt/dbt_project.yml", "name: ampere\nversion: '1.0'\n", "pipelines/project.ts"),
];

export interface EntrySnapshot {
  readonly path: string;
  readonly type: "dir" | "file" | "symlink" | "other";
  readonly ino: number;
  readonly mtimeMs: number;
  readonly mode: number;
  readonly sha256?: string;
}

/** Every entry under `root` (recursive, sorted), with inode, mtime, mode and content hash. */
export function snapshot(root: string): EntrySnapshot[] {
  const out: EntrySnapshot[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir).sort()) {
      const abs = join(dir, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      const st = lstatSync(abs);
      const base = { path: rel, ino: st.ino, mtimeMs: st.mtimeMs, mode: st.mode & 0o7777 };
      if (st.isDirectory()) {
        out.push({ ...base, type: "dir" });
        walk(abs, rel);
      } else if (st.isFile()) {
        out.push({ ...base, type: "file", sha256: createHash("sha256").update(readFileSync(abs)).digest("hex") });
      } else out.push({ ...base, type: st.isSymbolicLink() ? "symlink" : "other" });
    }
  };
  walk(root, "");
  return out;
}

/** Relative paths of the regular files under `root`, sorted. */
export function filesUnder(root: string): string[] {
  return snapshot(root).filter((e) => e.type === "file").map((e) => e.path);
}

export function entry(snap: readonly EntrySnapshot[], path: string): EntrySnapshot {
  const e = snap.find((s) => s.path === path);
  if (!e) throw new Error(`no ${path} in snapshot`);
  return e;
}

/** A pid that is certainly not running (above Linux's maximum pid_max). */
export const DEAD_PID = 99_999_999;

/** The `UnsafeOutputError` that `run` throws; fails the test when it throws nothing or another error. */
export function refusal(run: () => unknown): UnsafeOutputError {
  try {
    run();
  } catch (e) {
    if (e instanceof UnsafeOutputError) return e;
    throw e;
  }
  throw new Error("expected the writer to refuse, but it did not");
}
