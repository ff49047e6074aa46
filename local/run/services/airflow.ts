// A real Airflow on this machine: api-server (the task runners' execution API), scheduler with the
// LocalExecutor, dag-processor; metadata in the local PostgreSQL. The local policies
// (local/airflow/) are on its PYTHONPATH: that is the only difference from the cluster's Airflow.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { startServer, type Server } from "./processes.ts";

export interface AirflowSetup {
  readonly root: string;
  readonly python: string;
  readonly home: string;
  readonly dagsFolder: string;
  readonly stubDagsFolder: string;
  readonly metadataUrl: string;
  readonly apiPort: number;
  readonly jwtSecret: string;
  readonly runtimeFile: string;
  readonly parallelism: number;
  readonly variables: Readonly<Record<string, string>>;
  readonly connections: Readonly<Record<string, string>>;
}

export function airflowEnv(setup: AirflowSetup): NodeJS.ProcessEnv {
  const bin = path.dirname(setup.python);
  const bundles = [
    { name: "dags-folder", classpath: "airflow.dag_processing.bundles.local.LocalDagBundle", kwargs: {} },
    { name: "local-stubs", classpath: "airflow.dag_processing.bundles.local.LocalDagBundle", kwargs: { path: setup.stubDagsFolder, refresh_interval: 5 } },
  ];
  const env: NodeJS.ProcessEnv = {
    PATH: `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}`,
    HOME: process.env.HOME,
    LANG: "C.UTF-8",
    TZ: "UTC",
    JAVA_HOME: process.env.JAVA_HOME,
    PYTHONPATH: path.join(setup.root, "local", "airflow"),
    PYTHONDONTWRITEBYTECODE: "1",
    LAKEC_LOCAL_RUNTIME: setup.runtimeFile,
    AIRFLOW_HOME: setup.home,
    AIRFLOW__CORE__DAGS_FOLDER: setup.dagsFolder,
    AIRFLOW__CORE__EXECUTOR: "LocalExecutor",
    AIRFLOW__CORE__PARALLELISM: String(setup.parallelism),
    AIRFLOW__CORE__LOAD_EXAMPLES: "False",
    AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION: "False",
    AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS: "True",
    AIRFLOW__CORE__EXECUTION_API_SERVER_URL: `http://127.0.0.1:${setup.apiPort}/execution/`,
    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: setup.metadataUrl.replace(/^postgresql:/, "postgresql+psycopg2:"),
    AIRFLOW__API__HOST: "127.0.0.1",
    AIRFLOW__API__PORT: String(setup.apiPort),
    AIRFLOW__API__WORKERS: "1",
    AIRFLOW__API_AUTH__JWT_SECRET: setup.jwtSecret,
    AIRFLOW__DAG_PROCESSOR__DAG_BUNDLE_CONFIG_LIST: JSON.stringify(bundles),
    AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL: "5",
    AIRFLOW__LOGGING__BASE_LOG_FOLDER: path.join(setup.home, "logs"),
    AIRFLOW__LOGGING__LOGGING_LEVEL: "INFO",
    AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC: "2",
  };
  for (const [name, value] of Object.entries(setup.variables)) env[`AIRFLOW_VAR_${name.toUpperCase()}`] = value;
  for (const [id, uri] of Object.entries(setup.connections)) env[`AIRFLOW_CONN_${id.toUpperCase()}`] = uri;
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return env;
}

/** `airflow db migrate`: creates the metadata tables, or upgrades a kept database. */
export function migrate(setup: AirflowSetup): void {
  mkdirSync(setup.home, { recursive: true });
  const done = spawnSync(path.join(path.dirname(setup.python), "airflow"), ["db", "migrate"], { env: airflowEnv(setup), encoding: "utf8" });
  if (done.status !== 0) throw new Error(`airflow db migrate failed:\n${(done.stdout + done.stderr).trim().split("\n").slice(-20).join("\n")}`);
}

export function startAirflow(setup: AirflowSetup): Server[] {
  const airflow = path.join(path.dirname(setup.python), "airflow");
  const env = airflowEnv(setup);
  const logs = path.join(setup.home, "processes");
  mkdirSync(logs, { recursive: true });
  return ["api-server", "scheduler", "dag-processor"].map((command) =>
    startServer(`airflow ${command}`, airflow, [command], { env, logFile: path.join(logs, `${command}.log`), cwd: setup.home }),
  );
}

/** Runs local/airflow/lakec_local/control.py; its answer is the last stdout line (JSON). */
export function control<T>(setup: AirflowSetup, args: readonly string[]): T {
  const done = spawnSync(setup.python, ["-m", "lakec_local.control", ...args], { env: airflowEnv(setup), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (done.status !== 0) throw new Error(`lakec_local.control ${args[0]} failed:\n${(done.stderr || done.stdout).trim().split("\n").slice(-20).join("\n")}`);
  return JSON.parse(done.stdout.trim().split("\n").at(-1)!) as T;
}
