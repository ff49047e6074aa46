// The reference pipelines' generated dbt project (generated/dbt), end to end: valid against dbt's
// JSON schemas, built by real dbt-duckdb through the generated runner over real bronze Delta
// tables, gold marts published into a real PostgreSQL and queried back, reruns idempotent,
// artifacts uploaded, and bad rows failing exactly the right test with the right severity.
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

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const SCHEMAS = path.join(REPO_ROOT, "test", "schemas", "dbt");
const MAKE_BRONZE = path.join(REPO_ROOT, "test", "integration", "fixtures", "reference-bronze", "make_bronze_delta.py");

let server: PostgresServer;
let project: string;
let work: string;

beforeAll(async () => {
  const python = ensureDbtEnv();
  const out = await compileProject(REPO_ROOT, { typecheck: false });
  expect(out.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  work = mkdtempSync(path.join(os.tmpdir(), "lakec-dbt-ref-"));
  writeGenerated({ outDir: path.join(work, "generated"), files: out.files, mode: "write" });
  project = path.join(work, "generated", "dbt");
  server = startPostgres();
  const made = spawnSync(python, [MAKE_BRONZE, path.join(work, "bronze")], { encoding: "utf8", env: pythonSubprocessEnv() });
  expect(made.status, made.stderr).toBe(0);
}, 900_000);

afterAll(() => server?.stop());

/** The environment contract the generated DAG gives the dbt pod, pointed at this test's lake and database. */
function podEnv(): Record<string, string> {
  return {
    DBT_DUCKDB_PATH: path.join(work, "warehouse.duckdb"),
    DBT_EXTERNAL_ROOT: path.join(work, "external"),
    DBT_SEND_ANONYMOUS_USAGE_STATS: "false",
    BRONZE_DELTA_ROOT: path.join(work, "bronze"),
    SILVER_DELTA_ROOT: path.join(work, "silver"),
    GOLD_DELTA_ROOT: path.join(work, "gold"),
    SERVING_PG_HOST: server.host,
    SERVING_PG_PORT: String(server.port),
    SERVING_PG_USER: server.user,
    SERVING_PG_PASSWORD: server.password,
    SERVING_PG_DATABASE: server.database,
    LOGICAL_DATE: "2025-09-03",
  };
}

/** Runs the generated runner exactly as the Airflow pod does (python run_dbt.py ...). */
function runPod(selector: string, extra: string[] = []): { code: number; results: RunResults; stderr: string } {
  const python = ensureDbtEnv();
  const target = mkdtempSync(path.join(work, "target-"));
  const env = { ...pythonSubprocessEnv(), ...podEnv(), DBT_PROJECT_DIR: project, DBT_TARGET_PATH: target, DBT_LOG_PATH: path.join(target, "logs") };
  const args = [path.join(project, "run_dbt.py"), "--selector", selector, "--logical-date", "2025-09-03", "--artifacts", `file://${path.join(work, "artifacts")}`, ...extra];
  const r = spawnSync(python, args, { cwd: project, encoding: "utf8", env, timeout: 600_000 });
  const results = JSON.parse(readFileSync(path.join(target, "run_results.json"), "utf8")) as RunResults;
  return { code: r.status ?? -1, results, stderr: `${r.stdout}\n${r.stderr}` };
}

/** Rows of a published gold Delta table, read back with deltalake (sorted by the first column). */
function goldDelta(table: string): Record<string, unknown>[] {
  const code = [
    "import json, os, sys, pyarrow.fs as fs",
    "from deltalake import DeltaTable",
    "p = sys.argv[1]",
    "rows = DeltaTable(p).to_pyarrow_dataset(filesystem=fs.SubTreeFileSystem(os.path.abspath(p), fs.LocalFileSystem())).to_table().to_pylist()",
    "print(json.dumps(sorted(rows, key=lambda r: list(r.values())[0]), default=str))",
  ].join("\n");
  const r = spawnSync(ensureDbtEnv(), ["-c", code, path.join(work, "gold", table)], { encoding: "utf8", env: pythonSubprocessEnv() });
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
  it("parses with no warnings or deprecations; source locations come from the environment", () => {
    const run = runDbt(project, ["parse"], podEnv());
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).not.toMatch(/WARNING|[Dd]eprecat/);
    const manifest = JSON.parse(readFileSync(path.join(run.targetPath, "manifest.json"), "utf8"));
    expect(manifest.sources["source.ampere.bronze.clients"].meta).toEqual({
      plugin: "delta", materialization: "view", save_mode: "ignore", delta_table_path: path.join(work, "bronze", "clients"),
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
    const uploaded = readdirSync(path.join(work, "artifacts", "logical_date=2025-09-03"));
    expect(uploaded).toHaveLength(1);
    expect(readdirSync(path.join(work, "artifacts", "logical_date=2025-09-03", uploaded[0]!)).sort()).toEqual(["manifest.json", "run_results.json"]);
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

  it("is idempotent on a rerun (incremental path, no duplicates)", async () => {
    const before = await marts();
    const run = runPod("daily_refresh");
    expect(run.code, run.stderr).toBe(0);
    expect(await marts()).toEqual(before);
  });

  it("gold_only with --full-refresh rebuilds the same marts", async () => {
    const before = await marts();
    const run = runPod("gold_only", ["--full-refresh"]);
    expect(run.code, run.stderr).toBe(0);
    expect(Object.keys(statusByName(run.results)).some((n) => n.startsWith("stg_"))).toBe(false);
    expect(await marts()).toEqual(before);
  });

  it("an unknown payment status only warns", () => {
    const python = ensureDbtEnv();
    expect(spawnSync(python, [MAKE_BRONZE, path.join(work, "bronze"), "--bad-row", "unknown_payment_status"], { encoding: "utf8", env: pythonSubprocessEnv() }).status).toBe(0);
    const run = runPod("daily_refresh");
    expect(run.code, run.stderr).toBe(0);
    const warned = Object.entries(statusByName(run.results)).filter(([, s]) => s === "warn").map(([n]) => n);
    expect(warned).toEqual([expect.stringMatching(/^accepted_values_stg_payments_payment_status/)]);
  });

  it("a negative order total fails the expression test with error severity and publishes nothing", async () => {
    const before = await marts();
    const python = ensureDbtEnv();
    expect(spawnSync(python, [MAKE_BRONZE, path.join(work, "bronze"), "--bad-row", "negative_total"], { encoding: "utf8", env: pythonSubprocessEnv() }).status).toBe(0);
    const run = runPod("daily_refresh");
    expect(run.code).toBe(1);
    const failed = Object.entries(statusByName(run.results)).filter(([, s]) => s === "fail" || s === "error").map(([n]) => n);
    expect(failed).toEqual([expect.stringMatching(/^expression_is_true_fct_orders_sales_total_amount/)]);
    expect(statusByName(run.results)["serve_fct_orders_sales"]).toBe("skipped");
    expect(await marts()).toEqual(before);
    expect(existsSync(path.join(work, "artifacts"))).toBe(true);
  });
});
