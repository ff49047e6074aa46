// The pinned Python environment (Airflow 3.1 + providers, later dbt/Spark/pytest) and the
// DagBag harness (test/airflow/inspect_dagbag.py), for integration tests.
//
// ensurePythonEnv() builds the cached venv once (scripts/python-env.sh) and returns its python.
// inspectDagBag() imports a DAG folder with Airflow's real DagBag and returns its JSON report.
// Both throw when the environment is missing: integration tests never skip silently.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const PYTHON_ENV_SCRIPT = path.join(REPO_ROOT, "scripts", "python-env.sh");
const INSPECT_SCRIPT = path.join(REPO_ROOT, "test", "airflow", "inspect_dagbag.py");

// ---------------------------------------------------------------------------------------------
// Report types (mirror test/airflow/inspect_dagbag.py)
// ---------------------------------------------------------------------------------------------

/** Any JSON value. Unknown Python objects arrive as { __repr__, __type__ }. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * The schedule as declared on the DAG: a cron expression or preset ("@daily"), null for
 * manual-only DAGs, the asset URIs for `schedule=[Asset(...), ...]`, an asset condition
 * (`{ all: [...] }` / `{ any: [...] }`, leaves are URIs, `{ alias }` or `{ asset_ref }`),
 * `{ timedelta_seconds }`, or `{ timetable, summary, description }` for a Timetable object.
 */
export type ScheduleReport =
  | null
  | string
  | AssetExpr[]
  | { all: AssetExpr[] }
  | { any: AssetExpr[] }
  | { timedelta_seconds: number }
  | { timetable: string; summary: Json; description: Json };

export type AssetExpr =
  | string
  | { all: AssetExpr[] }
  | { any: AssetExpr[] }
  | { alias: string }
  | { asset_ref: { name: string } | { uri: string } };

/** A KubernetesPodOperator secret (airflow.providers.cncf.kubernetes.secret.Secret). */
export interface SecretReport {
  deploy_type: "env" | "volume";
  deploy_target: string | null;
  secret: string;
  key: string | null;
}

export interface TaskReport {
  /** module.qualname of the operator class. */
  operator: string;
  upstream: string[];
  downstream: string[];
  trigger_rule: string;
  retries: number | null;
  depends_on_past: boolean;
  owner: Json;
  retry_delay: { timedelta_seconds: number } | null;
  execution_timeout: { timedelta_seconds: number } | null;
  /** Asset URIs (or alias/ref objects), in declaration order. */
  outlets: AssetExpr[];
  inlets: AssetExpr[];
  /**
   * Every templated field before rendering. Kubernetes objects are `.to_dict()`ed;
   * lists of V1EnvVar become { name: value } (or { name: { value_from } }).
   */
  template_fields: Record<string, Json>;
  /**
   * Operator-specific attributes. KubernetesPodOperator: image, cmds, arguments, env_vars
   * ({ name: value }), secrets (SecretReport[]), namespace, name, node_selector,
   * service_account_name, image_pull_secrets, container_resources, image_pull_policy,
   * startup_timeout_seconds. SparkKubernetesOperator: application_file, namespace,
   * kubernetes_conn_id, delete_on_termination. TriggerDagRunOperator: trigger_dag_id,
   * logical_date, reset_dag_run, wait_for_completion. HttpOperator: http_conn_id, endpoint,
   * method, data, headers. HttpSensor: http_conn_id, endpoint, method, request_params, headers.
   */
  attrs: Record<string, Json>;
  /** The task's doc_md. */
  doc_md?: string | null;
  /** With `render`: the templated fields after Jinja rendering for that logical date. */
  rendered?: Record<string, Json>;
  /** With `render`: set instead of `rendered` when rendering this task raised. */
  render_error?: string;
  /** Spark tasks with `render`: the rendered application_file as the operator loads it (PyYAML). */
  application?: Record<string, Json>;
  /** Set instead of `application` when the operator's loader refuses it (or it holds lone surrogates). */
  application_error?: string;
}

export interface DagReport {
  /** Path of the defining file, relative to the inspected folder (POSIX separators). */
  fileloc_relative: string;
  schedule: ScheduleReport;
  /** e.g. airflow.timetables.trigger.CronTriggerTimetable, ...simple.AssetTriggeredTimetable. */
  timetable_class: string;
  timetable_summary: Json;
  tags: string[];
  catchup: boolean;
  max_active_runs: number;
  max_active_tasks: number | null;
  description: string | null;
  doc_md: string | null;
  /** ISO 8601, or null. */
  start_date: string | null;
  end_date: string | null;
  default_args: Record<string, Json>;
  params: Record<string, Json>;
  owner: Json;
  tasks: Record<string, TaskReport>;
}

export interface DagBagReport {
  airflow_version: string;
  /** Absolute, resolved path of the inspected folder. */
  dag_folder: string;
  /** Relative file path -> error text (a traceback). */
  import_errors: Record<string, string>;
  /** Relative file path -> warnings captured while importing it. */
  warnings: Record<string, string[]>;
  dags: Record<string, DagReport>;
  /** Present with `render`. */
  render?: { logical_date: string };
}

export interface InspectOptions {
  /** Render templated fields for this logical date (ISO 8601 date or date-time; UTC if no zone). */
  render?: string;
  /** dag_run.conf for rendering. */
  conf?: Record<string, Json>;
  /**
   * Extra environment for the Python process, e.g. { AIRFLOW_VAR_MY_VAR: "x" } (Airflow reads
   * Variables from AIRFLOW_VAR_<NAME> without a database). AIRFLOW_* variables inherited from
   * this process are dropped first, so reports never depend on a developer's own Airflow setup.
   */
  env?: Record<string, string>;
  /** Milliseconds; default 300 000. */
  timeoutMs?: number;
}

// ---------------------------------------------------------------------------------------------

let cachedPython: string | undefined;

/**
 * Path of the venv's python with the pinned set from python/airflow.lock.txt installed.
 *
 * Uses $LAKEC_PYTHON when set (test/run-all.sh exports it after building the env); otherwise
 * runs scripts/python-env.sh once per process. A first build can take minutes: its progress
 * goes straight to this process's stderr. Throws if the environment cannot be built.
 */
export function ensurePythonEnv(): string {
  if (cachedPython !== undefined) return cachedPython;

  const fromEnv = process.env["LAKEC_PYTHON"];
  if (fromEnv) {
    if (!existsSync(fromEnv)) {
      throw new Error(`LAKEC_PYTHON=${fromEnv} does not exist; unset it or run scripts/python-env.sh`);
    }
    cachedPython = fromEnv;
    return cachedPython;
  }

  const result = spawnSync("bash", [PYTHON_ENV_SCRIPT], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"], // progress lines reach the user as they happen
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.error || result.status !== 0) {
    const why = result.error ? result.error.message : `exit code ${result.status ?? result.signal}`;
    throw new Error(
      `could not build the Python test environment (scripts/python-env.sh: ${why}); ` +
        `see its [python-env] lines on stderr` +
        (process.env["CI"] === "true" ? " (CI: integration tests never skip)" : ""),
    );
  }
  const lines = result.stdout.trim().split("\n");
  const venv = lines[lines.length - 1]?.trim() ?? "";
  const python = path.join(venv, "bin", "python");
  if (!venv || !existsSync(python)) {
    throw new Error(`scripts/python-env.sh printed no usable venv path (got ${JSON.stringify(venv)})`);
  }
  cachedPython = python;
  return cachedPython;
}

const toolPythons = new Map<string, string>();

/**
 * Path of the python of the venv built from python/<name>.lock.txt (scripts/python-env.sh
 * <name>, once per process; progress goes to stderr). $<overrideVar> overrides it. Throws when
 * the environment cannot be built: integration tests never skip.
 */
export function ensureToolEnv(name: string, overrideVar: string): string {
  const cached = toolPythons.get(name);
  if (cached !== undefined) return cached;
  const fromEnv = process.env[overrideVar];
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`${overrideVar}=${fromEnv} does not exist; unset it or run scripts/python-env.sh ${name}`);
    toolPythons.set(name, fromEnv);
    return fromEnv;
  }
  const result = spawnSync("bash", [PYTHON_ENV_SCRIPT, name], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.error || result.status !== 0) {
    const why = result.error ? result.error.message : `exit code ${result.status ?? result.signal}`;
    throw new Error(
      `could not build the ${name} environment (scripts/python-env.sh ${name}: ${why}); see its [python-env] lines on stderr` +
        (process.env["CI"] === "true" ? " (CI: integration tests never skip)" : ""),
    );
  }
  const venv = result.stdout.trim().split("\n").pop()?.trim() ?? "";
  const python = path.join(venv, "bin", "python");
  if (!venv || !existsSync(python)) throw new Error(`scripts/python-env.sh ${name} printed no usable venv path (got ${JSON.stringify(venv)})`);
  toolPythons.set(name, python);
  return python;
}

/** Environment for Python subprocesses: this process's, minus any Airflow configuration. */
export function pythonSubprocessEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith("AIRFLOW")) continue;
    env[key] = value;
  }
  env["PYTHONDONTWRITEBYTECODE"] = "1";
  env["PYTHONIOENCODING"] = "utf-8";
  return { ...env, ...extra };
}

/**
 * Import every .py file under `dagFolder` with Airflow's DagBag (no database, throwaway
 * AIRFLOW_HOME) and return what it found. Import errors are data (report.import_errors),
 * not exceptions; this throws only when the harness itself fails.
 */
export function inspectDagBag(dagFolder: string, opts: InspectOptions = {}): DagBagReport {
  const python = ensurePythonEnv();
  const args = [INSPECT_SCRIPT, path.resolve(dagFolder)];
  if (opts.render !== undefined) args.push("--render", opts.render);
  if (opts.conf !== undefined) args.push("--conf", JSON.stringify(opts.conf));

  const result = spawnSync(python, args, {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: pythonSubprocessEnv(opts.env),
    maxBuffer: 256 * 1024 * 1024,
    timeout: opts.timeoutMs ?? 300_000,
  });
  const stderrTail = (result.stderr ?? "").split("\n").slice(-40).join("\n");
  if (result.error || result.status !== 0) {
    const why = result.error ? result.error.message : `exit code ${result.status ?? result.signal}`;
    throw new Error(`inspect_dagbag.py failed on ${dagFolder} (${why}):\n${stderrTail}`);
  }
  try {
    return JSON.parse(result.stdout) as DagBagReport;
  } catch (err) {
    throw new Error(
      `inspect_dagbag.py printed invalid JSON (${(err as Error).message}); stdout starts ` +
        `${JSON.stringify(result.stdout.slice(0, 200))}\nstderr:\n${stderrTail}`,
    );
  }
}
