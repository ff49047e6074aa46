// Drives `npm run local` from tests and reads back the state it kept: the lake (a saved S3
// server: index.json + content-addressed blobs), the PostgreSQL cluster, Airflow's task logs.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync, existsSync, copyFileSync } from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";
import { ensureToolEnv, pythonSubprocessEnv, REPO_ROOT } from "./python-env.ts";
import { postgresDataDir } from "../../../local/run/services/postgres.ts";

export interface LocalRunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `npm run local -- ...args` (the CLI itself, through tsx) to completion. */
export function runLocal(args: readonly string[], opts: { timeoutMs?: number; cwd?: string; env?: Record<string, string> } = {}): Promise<LocalRunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, "node_modules", "tsx", "dist", "cli.mjs"), path.join(REPO_ROOT, "local", "run", "main.ts"), ...args], {
      cwd: opts.cwd ?? REPO_ROOT,
      env: { ...process.env, ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => {
      stderr += d;
      if (process.env.LAKEC_TEST_VERBOSE) process.stderr.write(d);
    });
    const timer = setTimeout(() => child.kill("SIGINT"), opts.timeoutMs ?? 30 * 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

interface LakeIndex {
  buckets: string[];
  objects: { bucket: string; key: string; sha256: string }[];
}

const indexPath = (stateDir: string) => path.join(stateDir, "lake", "index.json");
const blobPath = (stateDir: string, sha: string) => path.join(stateDir, "lake", "blobs", sha);

export function lakeIndex(stateDir: string): LakeIndex {
  return JSON.parse(readFileSync(indexPath(stateDir), "utf8")) as LakeIndex;
}

/** The saved lake as plain files: `<into>/<bucket>/<key>`. */
export function materializeLake(stateDir: string, into: string): void {
  for (const obj of lakeIndex(stateDir).objects) {
    if (obj.key.endsWith("/")) continue;
    const target = path.join(into, obj.bucket, obj.key);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(blobPath(stateDir, obj.sha256), target);
  }
}

export function readLakeObject(stateDir: string, bucket: string, key: string): Buffer {
  const obj = lakeIndex(stateDir).objects.find((o) => o.bucket === bucket && o.key === key);
  if (!obj) throw new Error(`no object s3://${bucket}/${key} in the saved lake`);
  return readFileSync(blobPath(stateDir, obj.sha256));
}

/** Changes the saved lake while no run is going on (the next run's S3 server loads it). */
export function editLake(stateDir: string, edit: { add?: { bucket: string; key: string; body: Buffer }[]; remove?: (bucket: string, key: string) => boolean }): void {
  const index = lakeIndex(stateDir);
  let objects = index.objects.filter((o) => !edit.remove?.(o.bucket, o.key));
  for (const item of edit.add ?? []) {
    const sha = createHash("sha256").update(item.body).digest("hex");
    writeFileSync(blobPath(stateDir, sha), item.body);
    objects = objects.filter((o) => !(o.bucket === item.bucket && o.key === item.key)).concat([{ bucket: item.bucket, key: item.key, sha256: sha }]);
  }
  writeFileSync(indexPath(stateDir), JSON.stringify({ buckets: index.buckets, objects }));
}

/** Starts the kept PostgreSQL of a state folder on 127.0.0.1, runs `fn`, stops it again (kept). */
export async function withKeptPostgres<T>(stateDir: string, fn: (url: (database: string) => string) => Promise<T>): Promise<T> {
  const script = path.join(REPO_ROOT, "scripts", "postgres-server.py");
  const datadir = postgresDataDir(stateDir);
  if (!existsSync(datadir)) throw new Error(`no kept PostgreSQL in ${stateDir}`);
  const started = spawnSync("python3", [script, "start", "--datadir", datadir], { encoding: "utf8" });
  if (started.status !== 0) throw new Error(`kept PostgreSQL did not start:\n${started.stderr}`);
  const info = JSON.parse(started.stdout.trim().split("\n").at(-1)!) as { host: string; port: number; user: string; password: string };
  try {
    return await fn((database) => `postgresql://${info.user}:${info.password}@${info.host}:${info.port}/${database}`);
  } finally {
    spawnSync("python3", [script, "halt", datadir], { stdio: "inherit" });
  }
}

/** Runs test/integration/fixtures/local/reconcile.py (dbt venv: duckdb, deltalake, psycopg2). */
export function reconcile(spec: Record<string, unknown>, workDir: string): Reconciled {
  const python = ensureToolEnv("dbt", "LAKEC_DBT_PYTHON");
  const specFile = path.join(workDir, "reconcile-spec.json");
  writeFileSync(specFile, JSON.stringify(spec));
  const done = spawnSync(python, [path.join(REPO_ROOT, "test", "integration", "fixtures", "local", "reconcile.py"), specFile], { encoding: "utf8", env: pythonSubprocessEnv(), maxBuffer: 64 * 1024 * 1024 });
  if (done.status !== 0) throw new Error(`reconcile.py failed:\n${done.stderr}`);
  return JSON.parse(done.stdout) as Reconciled;
}

export interface TableFacts {
  rows: number;
  distinct_keys: number;
  fingerprint: string;
  columns: string[];
  version?: number;
}

export interface Reconciled {
  source: Record<string, TableFacts>;
  raw: Record<string, { dir: string; row_count: number; run_date: string; run_id: string; success: boolean }[]>;
  bronze: Record<string, TableFacts | null>;
  gold: Record<string, TableFacts | null>;
  serving: Record<string, TableFacts>;
  expected: Record<string, number>;
}
