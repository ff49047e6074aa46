// The reference pipelines' generated dbt project (generated/dbt), end to end: valid against dbt's
// JSON schemas, built by real dbt-duckdb through the generated runner over real bronze Delta
// tables, gold marts published into a real PostgreSQL and queried back, reruns idempotent,
// artifacts uploaded to a real S3 server on loopback (and file://), and bad rows failing exactly
// the right test with the right severity.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { compileProject } from "../../generators/compile.ts";
import { writeGenerated } from "../../generators/writer/index.ts";
import { ensureDbtEnv, queryPostgres, runDbt, startPostgres, statusByName, type PostgresServer, type RunResults } from "./helpers/dbt.ts";
import { pythonSubprocessEnv, REPO_ROOT } from "./helpers/python-env.ts";
import { startS3Server, type S3Server } from "./helpers/s3.ts";

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const SCHEMAS = path.join(REPO_ROOT, "test", "schemas", "dbt");
const MAKE_BRONZE = path.join(REPO_ROOT, "test", "integration", "fixtures", "reference-bronze", "make_bronze_delta.py");

let server: PostgresServer;
let s3: S3Server;
const BUCKET = "ampere-gold-ops";
const S3_ARTIFACTS = `s3://${BUCKET}/dbt`;
let project: string;
let work: string;
/** Dataset locations as dbt (delta-rs) addresses them: the compiled graph is the only place they come from. */
let locationOf: (datasetId: string) => string;
/** The bronze root the Spark steps write to, as the sample tables are laid out under it. */
let bronzeRoot: string;
const makeBronze = (extra: string[] = [], server: S3Server = s3) =>
  spawnSync(ensureDbtEnv(), [MAKE_BRONZE, bronzeRoot, ...extra], { encoding: "utf8", env: { ...pythonSubprocessEnv(), ...server.podEnv } });

/** An S3 server holding the lake's buckets (dbt reads and publishes exactly where the graph says), the artifacts bucket and the sample bronze. */
async function startLake(opts: Parameters<typeof startS3Server>[0] = {}): Promise<S3Server> {
  const server = await startS3Server(opts);
  server.createBucket(BUCKET);
  for (const id of ["bronze:clients", "gold:dim_clients"]) server.createBucket(new URL(locationOf(id)).host);
  const made = makeBronze([], server);
  expect(made.status, made.stderr).toBe(0);
  return server;
}

beforeAll(async () => {
  ensureDbtEnv();
  const out = await compileProject(REPO_ROOT, { typecheck: false });
  expect(out.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  work = mkdtempSync(path.join(os.tmpdir(), "lakec-dbt-ref-"));
  writeGenerated({ outDir: path.join(work, "generated"), files: out.files, mode: "write" });
  project = path.join(work, "generated", "dbt");
  server = startPostgres();
  const byId = new Map(out.graph!.datasets.map((d) => [d.id, d]));
  locationOf = (id) => byId.get(id)!.location.replace(/^s3a:\/\//, "s3://");
  bronzeRoot = path.posix.dirname(locationOf("bronze:clients"));
  s3 = await startLake();
}, 900_000);

afterAll(() => {
  server?.stop();
  s3?.stop();
});

/** The environment contract the generated DAG gives the dbt pod, pointed at this test's lake and database. */
function podEnv(): Record<string, string> {
  return {
    DBT_DUCKDB_PATH: path.join(work, "warehouse.duckdb"),
    DBT_EXTERNAL_ROOT: path.join(work, "external"),
    DBT_SEND_ANONYMOUS_USAGE_STATS: "false",
    SERVING_PG_HOST: server.host,
    SERVING_PG_PORT: String(server.port),
    SERVING_PG_USER: server.user,
    SERVING_PG_PASSWORD: server.password,
    SERVING_PG_DATABASE: server.database,
    LOGICAL_DATE: "2025-09-03",
    ...s3.podEnv,
  };
}

interface PodRun {
  code: number;
  results: RunResults;
  stderr: string;
  /** The build's target/run_results.json and manifest.json, as dbt wrote them. */
  local: Record<string, string>;
}

/** Runs the generated runner exactly as the Airflow pod does (python run_dbt.py ...), artifacts to S3 by default. */
function runPod(selector: string, extra: string[] = [], artifacts = S3_ARTIFACTS, env: Record<string, string> = {}): PodRun {
  const python = ensureDbtEnv();
  const target = mkdtempSync(path.join(work, "target-"));
  const fullEnv = { ...pythonSubprocessEnv(), ...podEnv(), DBT_PROJECT_DIR: project, DBT_TARGET_PATH: target, DBT_LOG_PATH: path.join(target, "logs"), ...env };
  const args = [path.join(project, "run_dbt.py"), "--selector", selector, "--logical-date", "2025-09-03", "--artifacts", artifacts, ...extra];
  const r = spawnSync(python, args, { cwd: project, encoding: "utf8", env: fullEnv, timeout: 600_000 });
  const stderr = `${r.stdout}\n${r.stderr}`;
  const local: Record<string, string> = {};
  for (const f of ["manifest.json", "run_results.json"]) if (existsSync(path.join(target, f))) local[f] = readFileSync(path.join(target, f), "utf8");
  expect(local["run_results.json"], stderr).toBeDefined();
  return { code: r.status ?? -1, results: JSON.parse(local["run_results.json"]!) as RunResults, stderr, local };
}

/** The artifacts of one run as the S3 server holds them (file name -> text), read back with an independent client. */
function s3Artifacts(run: PodRun): Record<string, string> {
  const dir = `dbt/logical_date=2025-09-03/invocation_id=${run.results.metadata.invocation_id}/`;
  const all = s3.objects(BUCKET);
  return Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith(dir)).map(([k, v]) => [k.slice(dir.length), v]));
}

/** Rows of a published gold Delta table, read back with deltalake (sorted by the first column). */
function goldDelta(table: string): Record<string, unknown>[] {
  const code = [
    "import json, sys",
    "from deltalake import DeltaTable",
    "rows = DeltaTable(sys.argv[1]).to_pyarrow_dataset().to_table().to_pylist()",
    "print(json.dumps(sorted(rows, key=lambda r: list(r.values())[0]), default=str))",
  ].join("\n");
  const r = spawnSync(ensureDbtEnv(), ["-c", code, locationOf(`gold:${table}`)], { encoding: "utf8", env: { ...pythonSubprocessEnv(), ...s3.podEnv } });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

const marts = async () => ({
  clients: await queryPostgres(server, "select client_id, client_name, preferred_city, churned from gold.dim_clients order by client_id"),
  orders: await queryPostgres(server, "select order_id, client_id, total_amount::text as total, paid_amount::text as paid from gold.fct_orders_sales order by order_id"),
});

describe("generated dbt YAML against dbt's JSON schemas", () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const f of ["uint16", "uint32", "uint64"]) ajv.addFormat(f, { type: "number", validate: (n: number) => Number.isInteger(n) && n >= 0 });
  const compiled = new Map<string, ValidateFunction>();
  const validator = (file: string) => compiled.get(file) ?? compiled.set(file, ajv.compile(JSON.parse(readFileSync(path.join(SCHEMAS, file), "utf8")))).get(file)!;

  it("every YAML file validates against latest and latest_fusion", () => {
    const files = (readdirSync(path.join(project, "models"), { recursive: true }) as string[]).filter((f) => f.endsWith(".yml")).map((f) => path.join("models", f));
    expect(files.sort()).toEqual(["models/gold/_gold.yml", "models/publish/_publish.yml", "models/silver/_silver.yml", "models/sources.yml"]);
    const cases: [string, string][] = [["dbt_project.yml", "dbt_project"], ["selectors.yml", "selectors"], ...files.map((f): [string, string] => [f, "dbt_yml_files"])];
    for (const [file, schema] of cases) {
      for (const flavour of ["latest", "latest_fusion"]) {
        const validate = validator(flavour === "latest" ? `latest/${schema}-latest.json` : `latest_fusion/${schema}-latest-fusion.json`);
        const doc = YAML.parse(readFileSync(path.join(project, file), "utf8"));
        expect({ file, flavour, errors: validate(doc) ? [] : validate.errors }).toEqual({ file, flavour, errors: [] });
      }
    }
  });

  it("profiles.yml is a valid DbConfig (latest_fusion) and takes every credential from env_var()", () => {
    const text = readFileSync(path.join(project, "profiles.yml"), "utf8");
    const fusion = JSON.parse(readFileSync(path.join(SCHEMAS, "latest_fusion", "profiles-latest-fusion.json"), "utf8")) as { definitions: object };
    const validate = ajv.compile({ $ref: "#/definitions/DbConfig", definitions: fusion.definitions });
    // Fusion runs no Python, so its DuckDB config lacks the two dbt-duckdb keys the plugins need.
    const { plugins, module_paths, ...rest } = YAML.parse(text).ampere.outputs.duckdb;
    expect(plugins).toBeDefined();
    expect(module_paths).toBeDefined();
    expect(validate(rest) ? [] : validate.errors).toEqual([]);
    const serving = YAML.parse(text).ampere.outputs.duckdb.plugins.find((p: { alias?: string }) => p.alias === "serving");
    for (const key of ["host", "user", "password", "dbname"]) expect(serving.config[key]).toMatch(/^\{\{ env_var\('SERVING_PG_[A-Z]+'\) \}\}$/);
  });
});

describe("dbt commands on the generated project", () => {
  it("parses with no warnings or deprecations; source locations are the dataset graph's (what bronze writes)", () => {
    const run = runDbt(project, ["parse"], podEnv());
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).not.toMatch(/WARNING|[Dd]eprecat/);
    const manifest = JSON.parse(readFileSync(path.join(run.targetPath, "manifest.json"), "utf8"));
    expect(manifest.sources["source.ampere.bronze.clients"].meta).toEqual({
      plugin: "delta", materialization: "view", save_mode: "ignore", delta_table_path: locationOf("bronze:clients"),
    });
  });

  it("selectors select what their names say", () => {
    const ls = (selector: string) => {
      const run = runDbt(project, ["ls", "--selector", selector, "--resource-type", "model", "--output", "name", "--quiet"], podEnv());
      expect(run.code, run.stdout).toBe(0);
      return run.stdout.trim().split("\n").sort();
    };
    const gold = ["delta_dim_clients", "dim_clients", "fct_orders_sales", "serve_dim_clients", "serve_fct_orders_sales"];
    const all = [...gold, "stg_clients", "stg_orders", "stg_payments", "stg_stores"].sort();
    expect(ls("daily_refresh")).toEqual(all);
    expect(ls("full_rebuild")).toEqual(all);
    expect(ls("gold_only")).toEqual(gold);
  });

  it("source freshness reads loaded_at_field through the Delta plugin (the sample is old: error)", () => {
    const run = runDbt(project, ["source", "freshness"], podEnv());
    expect(run.code).toBe(1);
    const sources = JSON.parse(readFileSync(path.join(run.targetPath, "sources.json"), "utf8")) as { results: { unique_id: string; status: string; max_loaded_at: string }[] };
    expect(sources.results.map((r) => [r.unique_id.split(".").pop(), r.status, r.max_loaded_at]).sort()).toEqual([
      ["clients", "error", "2025-09-03T06:00:00+00:00"],
      ["orders", "error", "2025-09-03T06:00:00+00:00"],
      ["payments", "error", "2025-09-03T06:00:00+00:00"],
      ["stores", "error", "2025-09-03T06:00:00+00:00"],
    ]);
  });
});

describe("dbt build of the reference project", () => {
  it("builds, tests and publishes the marts; uploads the artifacts", async () => {
    const run = runPod("daily_refresh");
    expect(run.code, run.stderr).toBe(0);
    const statuses = Object.values(statusByName(run.results));
    expect(statuses.every((s) => s === "success" || s === "pass"), JSON.stringify(statusByName(run.results))).toBe(true);
    const { clients, orders } = await marts();
    expect(clients).toEqual([
      { client_id: 1, client_name: "Ada", preferred_city: "Paris", churned: false },
      { client_id: 2, client_name: "Grace", preferred_city: "Berlin", churned: false },
      { client_id: 3, client_name: "Zoë O'Brien", preferred_city: "Paris", churned: false },
      { client_id: 4, client_name: "Ken", preferred_city: "Berlin", churned: true },
    ]);
    expect(orders).toHaveLength(9);
    // dim_clients is also published as a Delta table in the lake's gold root.
    expect(goldDelta("dim_clients").map((r) => [r["client_id"], r["client_name"]])).toEqual([[1, "Ada"], [2, "Grace"], [3, "Zoë O'Brien"], [4, "Ken"]]);
    // Payments 0, 3 and 6 are pending: nothing paid for those orders yet.
    expect(orders[0]).toEqual({ order_id: 100, client_id: 1, total: "10.5000", paid: "0.0000" });
    expect(orders[1]).toEqual({ order_id: 101, client_id: 2, total: "11.5000", paid: "11.5000" });
    // Both artifacts, byte for byte, under <artifacts>/logical_date=D/invocation_id=I/ of the S3 server.
    expect(Object.keys(s3.objects(BUCKET))).toHaveLength(2);
    expect(s3Artifacts(run)).toEqual(run.local);
    expect(run.stderr).toContain(`run_dbt: uploaded artifacts to ${S3_ARTIFACTS}/logical_date=2025-09-03/invocation_id=${run.results.metadata.invocation_id}`);
  });

  it("stg_stores holds the newest bronze snapshot only (two snapshot dates: the newest wins)", () => {
    const code = [
      "import duckdb, json, sys",
      "c = duckdb.connect(sys.argv[1], read_only=True)",
      "schema = c.execute(\"select table_schema from information_schema.tables where table_name = 'stg_stores'\").fetchone()[0]",
      "rows = c.execute(f'select store_id, city, store_name from \"{schema}\".stg_stores order by store_id').fetchall()",
      "print(json.dumps(rows))",
    ].join("\n");
    const r = spawnSync(ensureDbtEnv(), ["-c", code, path.join(work, "warehouse.duckdb")], { encoding: "utf8", env: pythonSubprocessEnv() });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([[1, "Berlin", "Mitte"], [2, "Paris", "Marais"]]);
  });

  it("is idempotent on a rerun (incremental path, no duplicates); file:// artifacts land in a folder per invocation", async () => {
    const before = await marts();
    const run = runPod("daily_refresh", [], `file://${path.join(work, "artifacts")}`);
    expect(run.code, run.stderr).toBe(0);
    expect(await marts()).toEqual(before);
    const day = path.join(work, "artifacts", "logical_date=2025-09-03");
    expect(readdirSync(day)).toEqual([`invocation_id=${run.results.metadata.invocation_id}`]);
    const dir = path.join(day, `invocation_id=${run.results.metadata.invocation_id}`);
    expect(Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(path.join(dir, f), "utf8")]))).toEqual(run.local);
  });

  it("gold_only with --full-refresh rebuilds the same marts", async () => {
    const before = await marts();
    const run = runPod("gold_only", ["--full-refresh"]);
    expect(run.code, run.stderr).toBe(0);
    expect(Object.keys(statusByName(run.results)).some((n) => n.startsWith("stg_"))).toBe(false);
    expect(await marts()).toEqual(before);
  });

  it("an upload the S3 server refuses half way: exit 3 after a good build, one clear line, nothing left behind", async () => {
    const refusing = await startLake({ refusePutSuffix: "run_results.json" });
    try {
      const before = await marts();
      const run = runPod("gold_only", [], S3_ARTIFACTS, refusing.podEnv);
      expect(run.code, run.stderr).toBe(3);
      expect(Object.values(statusByName(run.results)).every((s) => s === "success" || s === "pass")).toBe(true);
      expect(await marts()).toEqual(before); // the build itself published as usual
      const failed = run.stderr.split("\n").filter((l) => l.startsWith("run_dbt: ERROR: artifact upload failed"));
      expect(failed).toHaveLength(1);
      expect(failed[0]).toContain(`s3://${BUCKET}/dbt/logical_date=2025-09-03/invocation_id=${run.results.metadata.invocation_id}/run_results.json`);
      expect(failed[0]).toContain("AccessDenied");
      expect(failed[0]).toContain("the files already written were removed again");
      expect(run.stderr).not.toMatch(/Traceback/);
      expect(refusing.objects(BUCKET)).toEqual({}); // manifest.json was written first, then removed
    } finally {
      refusing.stop();
    }
  });

  it("an artifacts location the runner cannot write is refused before the build (exit 2)", () => {
    const target = mkdtempSync(path.join(work, "target-"));
    const env = { ...pythonSubprocessEnv(), ...podEnv(), DBT_PROJECT_DIR: project, DBT_TARGET_PATH: target };
    for (const where of ["ftp://host/dbt", "s3:///no-bucket"]) {
      const r = spawnSync(ensureDbtEnv(), [path.join(project, "run_dbt.py"), "--selector", "gold_only", "--logical-date", "2025-09-03", "--artifacts", where], { cwd: project, encoding: "utf8", env, timeout: 120_000 });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(where);
      expect(readdirSync(target)).toEqual([]); // dbt never ran
    }
  });

  it("an unknown payment status only warns", () => {
    expect(makeBronze(["--bad-row", "unknown_payment_status"]).status).toBe(0);
    const run = runPod("daily_refresh");
    expect(run.code, run.stderr).toBe(0);
    const warned = Object.entries(statusByName(run.results)).filter(([, s]) => s === "warn").map(([n]) => n);
    expect(warned).toEqual([expect.stringMatching(/^accepted_values_stg_payments_payment_status/)]);
  });

  it("a negative order total fails the expression test with error severity and publishes nothing", async () => {
    const before = await marts();
    expect(makeBronze(["--bad-row", "negative_total"]).status).toBe(0);
    const run = runPod("daily_refresh");
    expect(run.code).toBe(1);
    const failed = Object.entries(statusByName(run.results)).filter(([, s]) => s === "fail" || s === "error").map(([n]) => n);
    expect(failed).toEqual([expect.stringMatching(/^expression_is_true_fct_orders_sales_total_amount/)]);
    expect(statusByName(run.results)["serve_fct_orders_sales"]).toBe("skipped");
    expect(await marts()).toEqual(before);
    // The failed build's artifacts are uploaded too, the failing test recorded in them.
    const stored = s3Artifacts(run);
    expect(stored).toEqual(run.local);
    expect(JSON.parse(stored["run_results.json"]!).results.some((r: { status: string }) => r.status === "fail")).toBe(true);
  });

  it("a failed build whose upload fails too keeps the build's exit code (1), with the upload line", async () => {
    const refusing = await startLake({ refusePutSuffix: "run_results.json" });
    try {
      const run = runPod("gold_only", [], S3_ARTIFACTS, refusing.podEnv); // the bad row is still in the staging models
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr.split("\n").filter((l) => l.startsWith("run_dbt: ERROR: artifact upload failed"))).toHaveLength(1);
      expect(refusing.objects(BUCKET)).toEqual({});
    } finally {
      refusing.stop();
    }
  });
});
