// dbt integration harness: the pinned dbt venv (python/dbt.lock.txt), running real dbt on a
// project, a throwaway PostgreSQL (scripts/postgres-server.py) and sample Delta tables.
//
// ensureDbtEnv()     builds the cached venv once and returns its python.
// runDbt()           runs <venv>/bin/dbt with every output (target/, logs/) in a temp dir.
// startPostgres()    starts a PostgreSQL cluster on loopback; stop() removes it.
// queryPostgres()    runs one SQL statement through the `pg` client.
// Like ensurePythonEnv(), nothing here skips: a missing tool is an error (CI=true included).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { ensureToolEnv, REPO_ROOT, pythonSubprocessEnv } from "./python-env.ts";

const POSTGRES_SCRIPT = path.join(REPO_ROOT, "scripts", "postgres-server.py");

/**
 * Path of the python of the venv built from python/dbt.lock.txt (dbt-core, dbt-duckdb,
 * deltalake, psycopg2, boto3, ...). $LAKEC_DBT_PYTHON overrides it; otherwise scripts/python-env.sh
 * dbt runs once per process (a first build takes ~20 s to minutes; progress goes to stderr).
 */
export function ensureDbtEnv(): string {
  return ensureToolEnv("dbt", "LAKEC_DBT_PYTHON");
}

// ---------------------------------------------------------------------------------------------
// dbt
// ---------------------------------------------------------------------------------------------

/** One node's outcome in target/run_results.json (the fields the tests read). */
export interface RunResult {
  unique_id: string;
  /** Models: success | error | skipped. Tests: pass | fail | warn | error | skipped. */
  status: string;
  /** Tests: number of failing rows; null for models. */
  failures: number | null;
  message: string | null;
  execution_time: number;
  adapter_response: Record<string, unknown>;
}

export interface RunResults {
  metadata: { dbt_version: string; invocation_id: string };
  results: RunResult[];
  elapsed_time: number;
  args: Record<string, unknown>;
}

export interface DbtRun {
  /** dbt's exit code: 0 ok, 1 a node failed (error-severity test, model error), 2 dbt itself failed; -1 killed. */
  code: number;
  stdout: string;
  stderr: string;
  /** target/run_results.json, when this command wrote one (not for `dbt parse`). */
  runResults?: RunResults;
  /** The temporary --target-path (manifest.json, compiled SQL, run_results.json). */
  targetPath: string;
}

export interface RunDbtOptions {
  /** Reuse a target path (e.g. to inspect it later); default: a new temp dir per call. */
  targetPath?: string;
  /** Milliseconds; default 600 000. */
  timeoutMs?: number;
}

/**
 * Run `<venv>/bin/dbt <args>` on `projectDir` (which also holds profiles.yml). Target and log
 * files go to a temp dir, never into the project. `env` is added to this process's environment
 * (minus Airflow's and DBT_* variables); DBT_PROJECT_DIR is set to the project (profiles.yml
 * finds plugins/ by it).
 */
export function runDbt(projectDir: string, args: string[], env: Record<string, string>, opts: RunDbtOptions = {}): DbtRun {
  const python = ensureDbtEnv();
  const dbt = path.join(path.dirname(python), "dbt");
  const project = path.resolve(projectDir);
  const targetPath = opts.targetPath ?? mkdtempSync(path.join(os.tmpdir(), "lakec-dbt-target-"));
  const runResultsFile = path.join(targetPath, "run_results.json");
  rmSync(runResultsFile, { force: true }); // a reused target path must not report an old run
  const fullArgs = [...args, "--project-dir", project, "--profiles-dir", project, "--target-path", targetPath, "--log-path", path.join(targetPath, "logs")];
  const result = spawnSync(dbt, fullArgs, {
    cwd: project,
    encoding: "utf8",
    env: dbtSubprocessEnv({
      DBT_PROJECT_DIR: project,
      DBT_SEND_ANONYMOUS_USAGE_STATS: "false", // offline: no tracking calls
      DO_NOT_TRACK: "1",
      DBT_USE_COLORS: "false",
      ...env,
    }),
    maxBuffer: 256 * 1024 * 1024,
    timeout: opts.timeoutMs ?? 600_000,
  });
  if (result.error) throw new Error(`could not run ${dbt} ${args.join(" ")}: ${result.error.message}`);
  const stderr = (result.stderr ?? "") + (result.signal ? `\n[runDbt] dbt was killed by ${result.signal}` : "");
  const run: DbtRun = { code: result.status ?? -1, stdout: result.stdout ?? "", stderr, targetPath };
  if (existsSync(runResultsFile)) run.runResults = JSON.parse(readFileSync(runResultsFile, "utf8")) as RunResults;
  return run;
}

/** This process's environment minus DBT_* (a developer's DBT_TARGET must not leak in), plus `extra`. */
function dbtSubprocessEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = pythonSubprocessEnv();
  for (const key of Object.keys(env)) if (key.startsWith("DBT_")) delete env[key];
  return { ...env, ...extra };
}

/** Status of each node in run_results.json, keyed by its name (last part of unique_id, minus hash). */
export function statusByName(results: RunResults): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of results.results) {
    const parts = r.unique_id.split(".");
    const name = r.unique_id.startsWith("test.") ? parts[2]! : parts[parts.length - 1]!;
    out[name] = r.status;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------

export interface PostgresConn {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export interface PostgresServer extends PostgresConn {
  datadir: string;
  pid: number;
  /** Stop the server and delete its data directory. Safe to call twice. */
  stop(): void;
}

/** Start a fresh PostgreSQL on 127.0.0.1 (scripts/postgres-server.py; installs the Debian package if needed). */
export function startPostgres(): PostgresServer {
  const started = spawnSync("python3", [POSTGRES_SCRIPT, "start"], { encoding: "utf8", timeout: 600_000 });
  if (started.error || started.status !== 0) {
    const why = started.error ? started.error.message : `exit code ${started.status ?? started.signal}`;
    throw new Error(`scripts/postgres-server.py start failed (${why}):\n${started.stderr}`);
  }
  const info = JSON.parse(started.stdout.trim().split("\n").pop() ?? "") as Omit<PostgresServer, "stop">;
  let stopped = false;
  return {
    ...info,
    stop() {
      if (stopped) return;
      stopped = true;
      const done = spawnSync("python3", [POSTGRES_SCRIPT, "stop", info.datadir], { encoding: "utf8", timeout: 120_000 });
      if (done.error || done.status !== 0) throw new Error(`scripts/postgres-server.py stop failed:\n${done.stderr}`);
    },
  };
}

/**
 * Run one statement and return its rows. `pg` returns bigint and numeric columns as strings
 * (exact), dates as Date unless cast to text in SQL.
 */
export async function queryPostgres(conn: PostgresConn, sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ host: conn.host, port: conn.port, user: conn.user, password: conn.password, database: conn.database });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}
