// `npm run local`: runs the generated DAGs on this machine (see args.ts for the command line).
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compileProject } from "../../generators/compile.ts";
import { hasErrors } from "../../generators/diagnostics/diagnostic.ts";
import { formatDiagnostics } from "../../generators/diagnostics/format.ts";
import { writeGenerated } from "../../generators/writer/index.ts";
import { LOCAL_USAGE, parseLocalArgs, type LocalArgs } from "./args.ts";
import { freePort, pickLoopback } from "./addresses.ts";
import { loadLocalConfig, LocalConfigError, type LocalConfig } from "./config.ts";
import { driveDay, type DayResult } from "./drive.ts";
import { dbtEnvironment, sparkEnvironment } from "./images.ts";
import { Metadata } from "./metadata.ts";
import { localPlatform } from "./platform.ts";
import { preflight, type Inspection } from "./preflight.ts";
import { localCredentials, missingSecrets } from "./secrets.ts";
import { control, migrate, startAirflow, type AirflowSetup } from "./services/airflow.ts";
import { postgresDataDir, removePostgres, startPostgres, provision, type LocalPostgres } from "./services/postgres.ts";
import { stopAll } from "./services/processes.ts";
import { cleanUp, onCleanup } from "./cleanup.ts";
import { startS3, type LocalS3 } from "./services/s3.ts";
import { prepareState } from "./state.ts";
import { writeStubDags } from "./stubs.ts";
import { allGood, formatSummary, summaryRows } from "./summary.ts";
import { formatFailures } from "./failure-excerpt.ts";
import { ensureTools } from "./tools.ts";

/** This checkout: the runner's own scripts, Airflow policies and Spark jobs. */
const TOOL_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A problem the user can fix: printed as is, exit 1, no stack trace. */
class UserError extends Error {}

const say = (line: string) => process.stderr.write(`[local] ${line}\n`);

async function main(argv: readonly string[]): Promise<number> {
  const args = parseLocalArgs(argv);
  if ("help" in args) {
    process.stdout.write(`${LOCAL_USAGE}\n`);
    return 0;
  }
  if ("error" in args) {
    process.stderr.write(`error: ${args.error}\n${LOCAL_USAGE}\n`);
    return 1;
  }
  // The project (pipelines/, generated/, lakehouse.local.json, the state): this checkout unless --root.
  const root = path.resolve(args.root ?? TOOL_ROOT);
  let config: LocalConfig;
  try {
    config = loadLocalConfig(root, args.config);
  } catch (err) {
    if (err instanceof LocalConfigError) throw new UserError(err.message);
    throw err;
  }
  return run(root, args, config);
}

async function run(root: string, args: LocalArgs, config: LocalConfig): Promise<number> {
  const outDir = path.join(root, "generated");
  say("compiling pipelines/ to check that generated/ is current");
  const compiled = await compileProject(root, { typecheck: false });
  if (hasErrors(compiled.diagnostics) || !compiled.graph) throw new UserError(`pipelines/ do not compile:\n${formatDiagnostics(compiled.diagnostics)}`);
  const check = writeGenerated({ outDir, files: compiled.files, mode: "check", projectRoot: root, label: "generated" });
  if (!check.upToDate) throw new UserError("generated/ is not what pipelines/ compile to; run `npm run compile` first (the local run uses generated/ as the cluster would)");
  const graph = compiled.graph;

  const state = prepareState(root, args.keep, args.stateDir);
  say(`state: ${path.relative(process.cwd(), state.dir) || state.dir}${state.fresh ? " (new)" : " (kept from an earlier run)"}`);
  const tools = ensureTools(TOOL_ROOT);
  const platform = localPlatform(graph);
  const credentials = localCredentials(platform, config.secrets, state.dir);

  const airflowHome = path.join(state.dir, "airflow");
  const stubFolder = path.join(state.dir, "stub-dags");
  const setup: AirflowSetup = {
    root: TOOL_ROOT, python: tools.airflowPython, home: airflowHome, dagsFolder: path.join(outDir, "dags"), stubDagsFolder: stubFolder,
    metadataUrl: "postgresql://unused@127.0.0.1:1/airflow", apiPort: 0, jwtSecret: persisted(state.dir, "jwt-secret"),
    runtimeFile: path.join(state.dir, "runtime.json"), parallelism: config.parallelism, variables: config.variables, connections: config.connections,
  };
  mkdirSync(airflowHome, { recursive: true });
  say("reading the generated DAGs with Airflow");
  const inspection = control<Inspection>(setup, ["inspect", setup.dagsFolder]);
  const runnable = new Set([platform.sparkImage, platform.dbtImage, ...Object.keys(config.images)].filter((x): x is string => !!x));
  const { plan, problems } = preflight({ target: args.target, graph, inspection, config, runnableImages: runnable, missingSecrets: missingSecrets(platform, credentials.values) });
  if (problems.length) throw new UserError(`cannot run locally:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  writeStubDags(stubFolder, plan.stubs);

  // Loopback addresses: one per cluster host, at the cluster's port.
  const hosts: Record<string, string> = {};
  const taken = new Set<string>();
  const pgPorts = [...new Set(platform.postgres.map((p) => p.port))];
  if (pgPorts.length > 1) throw new UserError(`the platform's PostgreSQL servers listen on different ports (${pgPorts.join(", ")}); the local run serves them from one server`);
  const pgPort = pgPorts[0] ?? 5432;
  for (const host of [...new Set(platform.postgres.map((p) => p.host))]) taken.add((hosts[host] = await pickLoopback(pgPort, taken)));
  if (platform.s3 && !hosts[platform.s3.host]) taken.add((hosts[platform.s3.host] = await pickLoopback(platform.s3.port, taken)));
  const pgAddresses = [...new Set(platform.postgres.map((p) => hosts[p.host]!))];
  if (pgAddresses.length === 0) pgAddresses.push(await pickLoopback(pgPort, taken));

  let postgres: LocalPostgres;
  let s3: LocalS3 | undefined;
  let metadata: Metadata;
  const days: DayResult[] = [];
  try {
    say(`PostgreSQL on ${pgAddresses.join(", ")}:${pgPort}`);
    const pgData = postgresDataDir(state.dir);
    if (!args.keep) removePostgres(TOOL_ROOT, pgData);
    postgres = startPostgres(TOOL_ROOT, pgData, pgAddresses, pgPort);
    const pgServer = postgres;
    onCleanup("PostgreSQL", () => pgServer.stop(args.keep));
    const owner = Object.keys(credentials.postgresRoles)[0];
    await provision(postgres, credentials.postgresRoles, [...new Set(platform.postgres.map((p) => p.database))].map((name) => ({ name, owner })).concat([{ name: "airflow", owner: undefined }]));
    if (platform.s3) {
      const host = hosts[platform.s3.host]!;
      say(`S3 server on ${host}:${platform.s3.port} (buckets ${platform.s3.buckets.join(", ")})`);
      s3 = await startS3(TOOL_ROOT, tools.sparkPython, { host, port: platform.s3.port, dataDir: path.join(state.dir, "lake"), buckets: platform.s3.buckets, logFile: path.join(state.dir, "s3-server.log") });
      const s3Server = s3;
      onCleanup("the S3 server", () => s3Server.stop(false));
    }
    const runtimeSetup: AirflowSetup = { ...setup, metadataUrl: postgres.url("airflow"), apiPort: await freePort() };
    writeRuntime(runtimeSetup.runtimeFile, { root, toolRoot: TOOL_ROOT, outDir, stateDir: state.dir, hosts, credentials: credentials.values, config, tools, platform });
    say("Airflow: migrating its database, starting api-server, scheduler, dag-processor");
    migrate(runtimeSetup);
    startAirflow(runtimeSetup);
    onCleanup("Airflow", stopAll);
    metadata = await Metadata.connect(postgres.url("airflow"));
    const metadataDb = metadata;
    onCleanup("the metadata connection", () => metadataDb.close());
    await waitForDags(metadata, [...Object.keys(inspection.dags), ...plan.stubs]);

    for (const [index, day] of args.days.entries()) {
      const groups = [...(state.fresh && index === 0 && plan.setup.length ? [plan.setup] : []), plan.daily];
      say(`day ${day}: ${groups.flat().join(", ")}`);
      const result = await driveDay({
        metadata, day, groups, timeoutMs: args.timeoutMinutes * 60_000, log: (line) => process.stderr.write(`${line}\n`),
        trigger: (dagId) => void control(runtimeSetup, ["trigger", dagId, day, inspection.dags[dagId]?.fileloc ?? path.join(stubFolder, `${dagId}.py`)]),
      });
      days.push(result);
      if (s3) say(`lake saved (${await s3.save()} objects)`);
      if (!allGood([result])) {
        if (index + 1 < args.days.length) say(`day ${day} did not complete; the later days are not run (they build on it)`);
        break;
      }
      if (index === 0 && state.fresh) state.markInitialized();
    }
  } finally {
    await cleanUp();
  }
  const rows = summaryRows(days, path.join(airflowHome, "logs"), process.cwd());
  process.stdout.write(`${formatSummary(rows)}\n`);
  const good = allGood(days) && days.length === args.days.length;
  const failures = formatFailures(rows);
  if (failures) process.stderr.write(`\n${failures}\n\n`);
  say(good ? `all ${rows.length} tasks of ${days.reduce((n, d) => n + d.runs.length, 0)} DAG runs succeeded or were skipped` : `the run did not complete${failures ? ": what the failed tasks said is above" : ""}`);
  return good ? 0 : 1;
}

async function waitForDags(metadata: Metadata, dagIds: readonly string[]): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const parsed = await metadata.parsedDags();
    const missing = dagIds.filter((id) => !parsed.has(id));
    if (missing.length === 0) return;
    const errors = await metadata.importErrors();
    if (errors.length) throw new UserError(`Airflow cannot import ${errors.map((e) => `${e.file}: ${e.trace.trim().split("\n").at(-1)}`).join("; ")}`);
    if (Date.now() > deadline) throw new Error(`Airflow did not parse ${missing.join(", ")} within 180 s (see its dag-processor log)`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

function writeRuntime(file: string, input: { root: string; toolRoot: string; outDir: string; stateDir: string; hosts: Record<string, string>; credentials: Record<string, Record<string, string>>; config: LocalConfig; tools: ReturnType<typeof ensureTools>; platform: ReturnType<typeof localPlatform> }): void {
  const expand = (text: string) => text.replaceAll("{repo}", input.root).replaceAll("{node}", process.execPath);
  const images: Record<string, unknown> = {};
  if (input.platform.sparkImage) images[input.platform.sparkImage] = { kind: "spark" };
  if (input.platform.dbtImage) images[input.platform.dbtImage] = { kind: "dbt" };
  for (const [repository, mapping] of Object.entries(input.config.images)) {
    images[repository] = { kind: "command", ...(mapping.command ? { command: mapping.command.map(expand) } : {}), env: Object.fromEntries(Object.entries(mapping.env ?? {}).map(([k, v]) => [k, expand(v)])) };
  }
  const baseEnv: Record<string, string> = { PATH: systemPath(), HOME: process.env.HOME ?? "/tmp", LANG: "C.UTF-8", TZ: "UTC" };
  if (process.env.JAVA_HOME) baseEnv.JAVA_HOME = process.env.JAVA_HOME;
  const runtime = {
    version: 1,
    stateDir: input.stateDir,
    hosts: input.hosts,
    secrets: input.credentials,
    images,
    environments: { spark: sparkEnvironment(input.toolRoot, input.tools.sparkPython), dbt: dbtEnvironment(input.outDir, input.tools.dbtPython) },
    spark: { submit: input.tools.sparkSubmit, jars: input.tools.jars, python: input.tools.sparkPython, maxCores: input.config.spark.maxCores, driverMemory: input.config.spark.driverMemory },
    baseEnv,
  };
  writeFileSync(file, `${JSON.stringify(runtime, null, 2)}\n`, { mode: 0o600 });
}

/** PATH without this run's tool environments (a pod sees its image's tools, not Airflow's). */
function systemPath(): string {
  return (process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin").split(":").filter((p) => !p.includes("lakehouse-compiler/venv-") && !p.includes("node_modules")).join(":");
}

function persisted(stateDir: string, name: string): string {
  const file = path.join(stateDir, name);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const value = randomBytes(24).toString("hex");
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return value;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    say("interrupted: stopping the local servers (the kept state holds the last completed day)");
    void cleanUp().finally(() => process.exit(130));
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UserError) {
      process.stderr.write(`error: ${err.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`internal error (a bug in the local runner, please report it):\n${(err as Error)?.stack ?? String(err)}\n`);
    void cleanUp().finally(() => process.exit(2));
  },
);
