// Proves the shape of the dbt project the compiler will emit, on a hand-written prototype
// (fixtures/dbt-prototype): its YAML is valid against dbt's JSON schemas, real dbt (dbt-duckdb)
// parses and builds it offline over real Delta tables, gold marts land in a real PostgreSQL,
// reruns are idempotent, and bad rows fail exactly the right data test with the right severity.
//
// The steps share one lake (Delta dir + DuckDB file) and one PostgreSQL, in order: build, rerun,
// then one bad row after another, each a new Delta version, as a daily run would see them.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import {
  DBT_PROTOTYPE_DIR as PROJECT,
  type DbtRun,
  type PostgresServer,
  ensureDbtEnv,
  makeSampleDelta,
  queryPostgres,
  runDbt,
  startPostgres,
  statusByName,
} from "./helpers/dbt.ts";
import { REPO_ROOT } from "./helpers/python-env.ts";

// ajv-formats is CommonJS: under NodeNext its default import is typed as the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const SCHEMAS = path.resolve(REPO_ROOT, "..", "shared", "schemas", "dbt");

let server: PostgresServer;
let work: string;
let env: Record<string, string>;

beforeAll(() => {
  ensureDbtEnv();
  server = startPostgres();
  work = mkdtempSync(path.join(os.tmpdir(), "lakec-dbt-proto-"));
  env = {
    DBT_DUCKDB_PATH: path.join(work, "lake.duckdb"),
    DBT_EXTERNAL_ROOT: path.join(work, "external"),
    SILVER_DELTA_ROOT: path.join(work, "silver"),
    DBT_THREADS: "2",
    SERVING_PG_HOST: server.host,
    SERVING_PG_PORT: String(server.port),
    SERVING_PG_USER: server.user,
    SERVING_PG_PASSWORD: server.password,
    SERVING_PG_DATABASE: server.database,
  };
  expect(makeSampleDelta(env["SILVER_DELTA_ROOT"]!)).toEqual({ clients: 5, orders: 13 });
});

afterAll(() => {
  server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** dbt run whose output is shown when an expectation on it fails. */
function dbt(args: string[]): DbtRun {
  const run = runDbt(PROJECT, args, env, { targetPath: mkdtempSync(path.join(work, "target-")) });
  if (run.code === 2) throw new Error(`dbt ${args.join(" ")} crashed:\n${run.stdout}\n${run.stderr}`);
  return run;
}

const testNames = {
  sourceClientUnique: "source_unique_silver_clients_client_id",
  stgStatus: "accepted_values_stg_orders_status__created__paid__shipped__delivered__cancelled",
  stgAmount: "expression_is_true_stg_orders_amount___0",
};

async function marts() {
  const clients = await queryPostgres(server, "select * from gold.dim_clients order by client_id");
  const orders = await queryPostgres(server, "select * from gold.fct_orders order by order_id");
  return { clients, orders };
}

describe("YAML against dbt's JSON schemas", () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const f of ["uint16", "uint32", "uint64"]) ajv.addFormat(f, { type: "number", validate: (n: number) => Number.isInteger(n) && n >= 0 });
  const load = (file: string) => JSON.parse(readFileSync(path.join(SCHEMAS, file), "utf8")) as object;
  const compiled = new Map<string, ValidateFunction>();
  const validator = (file: string) => compiled.get(file) ?? compiled.set(file, ajv.compile(load(file))).get(file)!;
  const yaml = (rel: string) => YAML.parse(readFileSync(path.join(PROJECT, rel), "utf8")) as unknown;
  const propertyFiles = (readdirSync(path.join(PROJECT, "models"), { recursive: true }) as string[])
    .filter((f) => f.endsWith(".yml"))
    .map((f) => path.join("models", f))
    .sort();

  const cases: [string, string][] = [
    ["dbt_project.yml", "dbt_project"],
    ["selectors.yml", "selectors"],
    ...propertyFiles.map((f): [string, string] => [f, "dbt_yml_files"]),
  ];
  it("has the property files it should", () => {
    expect(propertyFiles).toEqual(["models/gold/_gold.yml", "models/publish/_publish.yml", "models/sources.yml", "models/staging/_staging.yml"]);
  });
  for (const [file, schema] of cases) {
    for (const flavour of ["latest", "latest_fusion"]) {
      it(`${file} is valid against ${flavour}/${schema}`, () => {
        const name = flavour === "latest" ? `latest/${schema}-latest.json` : `latest_fusion/${schema}-latest-fusion.json`;
        const validate = validator(name);
        expect(validate(yaml(file)) ? [] : validate.errors).toEqual([]);
      });
    }
  }
  it("profiles.yml: every output is a valid DbConfig (latest_fusion) and credentials come from env_var()", () => {
    const fusion = load("latest_fusion/profiles-latest-fusion.json") as { definitions: object };
    const validate = ajv.compile({ $ref: "#/definitions/DbConfig", definitions: fusion.definitions });
    const profiles = yaml("profiles.yml") as Record<string, { outputs: Record<string, Record<string, unknown>> }>;
    const outputs = profiles["lakec_prototype"]!.outputs;
    expect(Object.keys(outputs)).toEqual(["duckdb"]);
    for (const output of Object.values(outputs)) {
      // Fusion (Rust) runs no Python, so its DuckDB config has no `plugins`/`module_paths`:
      // the two dbt-duckdb (dbt Core) keys this project needs. Everything else must validate.
      const { plugins, module_paths, ...rest } = output;
      expect(plugins).toBeDefined();
      expect(module_paths).toBeDefined();
      expect(validate(rest) ? [] : validate.errors).toEqual([]);
    }
    const serving = (outputs["duckdb"]!["plugins"] as { alias?: string; config?: Record<string, string> }[]).find((p) => p.alias === "serving")!;
    for (const key of ["host", "user", "password", "dbname"]) expect(serving.config![key]).toMatch(/^\{\{ env_var\('SERVING_PG_[A-Z]+'\) \}\}$/);
  });
});

describe("dbt on the prototype project", () => {
  it("parses with no warnings or deprecations", () => {
    const run = dbt(["parse"]);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).not.toMatch(/WARNING|[Dd]eprecat/);
    const manifest = JSON.parse(readFileSync(path.join(run.targetPath, "manifest.json"), "utf8")) as {
      sources: Record<string, { meta: Record<string, unknown> }>;
    };
    // env_var() inside source meta is rendered at parse time: the plugin gets the real path.
    expect(manifest.sources["source.lakec_prototype.silver.orders"]!.meta).toEqual({
      plugin: "delta",
      materialization: "view",
      save_mode: "ignore",
      delta_table_path: path.join(env["SILVER_DELTA_ROOT"]!, "orders"),
    });
  });

  it("selectors select what their names say", () => {
    const ls = (selector: string) => {
      const run = dbt(["ls", "--selector", selector, "--resource-type", "model", "--output", "name", "--quiet"]);
      expect(run.code, run.stdout).toBe(0);
      return run.stdout.trim().split("\n").sort();
    };
    const all = ["dim_clients", "fct_orders", "serve_dim_clients", "serve_fct_orders", "stg_orders"];
    expect(ls("daily_refresh")).toEqual(all);
    expect(ls("full_rebuild")).toEqual(all);
    expect(ls("gold_only")).toEqual(["dim_clients", "fct_orders", "serve_dim_clients", "serve_fct_orders"]);
  });

  it("builds over the sample Delta tables with every test green and publishes the marts", async () => {
    const run = dbt(["build"]);
    expect(run.code, run.stdout).toBe(0);
    const statuses = statusByName(run.runResults!);
    expect(Object.keys(statuses).length).toBe(22); // on-run-start hook + 5 models + 16 data tests
    for (const [node, status] of Object.entries(statuses)) expect(`${node}: ${status}`).toMatch(/: (success|pass)$/);

    const { clients, orders } = await marts();
    expect(clients.map((c) => [c["client_id"], c["client_name"], c["order_count"], c["lifetime_amount"]])).toEqual([
      ["1", "Ada", "2", "76.04"],
      ["2", "Grace", "2", "145.55"],
      ["3", "Linus", "3", "157.34"],
      ["4", "Zoë O'Brien", "3", "178.73"],
      ["5", "Ken", "0", "0.00"],
    ]);
    expect(orders).toHaveLength(12);
    // Order 1001 has two silver versions: the newest one wins.
    expect(orders.find((o) => o["order_id"] === "1001")).toMatchObject({ status: "delivered", amount: "99.90" });
    // Types survive the trip (numeric stays exact, dates and timestamps stay typed).
    const types = await queryPostgres(
      server,
      "select column_name, data_type, numeric_precision, numeric_scale from information_schema.columns where table_schema = 'gold' and table_name = 'fct_orders' order by ordinal_position",
    );
    expect(types.map((t) => [t["column_name"], t["data_type"]])).toEqual([
      ["order_id", "bigint"],
      ["client_id", "bigint"],
      ["order_date", "date"],
      ["status", "text"],
      ["amount", "numeric"],
      ["is_cancelled", "boolean"],
      ["updated_at", "timestamp without time zone"],
    ]);
    expect(types[4]).toMatchObject({ numeric_precision: 12, numeric_scale: 2 });
  });

  it("reruns idempotently: incremental path taken, same rows, no duplicates", async () => {
    const before = await marts();
    const run = dbt(["build"]);
    expect(run.code, run.stdout).toBe(0);
    // fct_orders ran as an incremental (delete+insert by key), not a rebuild.
    const fct = readFileSync(path.join(run.targetPath, "run", "lakec_prototype", "models", "gold", "fct_orders.sql"), "utf8");
    expect(fct).toMatch(/delete from/i);
    const after = await marts();
    expect(after).toEqual(before);
    const [dupes] = await queryPostgres(server, "select count(*) - count(distinct order_id) as d from gold.fct_orders");
    expect(dupes!["d"]).toBe("0");
  });

  it("full_rebuild with --full-refresh and gold_only rebuild the same marts", async () => {
    const before = await marts();
    const full = dbt(["build", "--selector", "full_rebuild", "--full-refresh"]);
    expect(full.code, full.stdout).toBe(0);
    const fct = readFileSync(path.join(full.targetPath, "run", "lakec_prototype", "models", "gold", "fct_orders.sql"), "utf8");
    expect(fct).not.toMatch(/delete from/i); // rebuilt from scratch
    expect(await marts()).toEqual(before);

    const gold = dbt(["build", "--selector", "gold_only"]);
    expect(gold.code, gold.stdout).toBe(0);
    const models = gold.runResults!.results.filter((r) => r.unique_id.startsWith("model.")).map((r) => [r.unique_id.split(".").pop(), r.status]);
    expect(models.sort()).toEqual([
      ["dim_clients", "success"],
      ["fct_orders", "success"],
      ["serve_dim_clients", "success"],
      ["serve_fct_orders", "success"],
    ]);
    expect(await marts()).toEqual(before);
  });

  it("source freshness reads loaded_at_field through the Delta plugin (the sample is old: error)", () => {
    const run = dbt(["source", "freshness"]);
    expect(run.code).toBe(1);
    const sources = JSON.parse(readFileSync(path.join(run.targetPath, "sources.json"), "utf8")) as {
      results: { unique_id: string; status: string; max_loaded_at: string }[];
    };
    const byId = Object.fromEntries(sources.results.map((r) => [r.unique_id.split(".").pop(), r]));
    expect(byId["orders"]).toMatchObject({ status: "error", max_loaded_at: "2025-09-05T09:00:00+00:00" });
    expect(byId["clients"]).toMatchObject({ status: "error", max_loaded_at: "2025-09-01T06:00:00+00:00" });
  });

  it("an unknown status only warns (accepted_values, severity warn): the build goes on and publishes", async () => {
    makeSampleDelta(env["SILVER_DELTA_ROOT"]!, { badRow: "unknown_status" });
    const run = dbt(["build"]);
    expect(run.code, run.stdout).toBe(0);
    const statuses = statusByName(run.runResults!);
    const notGreen = Object.entries(statuses).filter(([, s]) => !["success", "pass"].includes(s));
    expect(notGreen).toEqual([[testNames.stgStatus, "warn"]]);
    expect(run.runResults!.results.find((r) => r.unique_id.includes(testNames.stgStatus))!.failures).toBe(1);
    // The new Delta version was read (not a stale snapshot) and the incremental picked it up.
    const { orders } = await marts();
    expect(orders).toHaveLength(13);
    expect(orders.find((o) => o["order_id"] === "2001")).toMatchObject({ status: "lost_in_transit" });
  });

  it("a negative amount fails expression_is_true (severity error): nothing downstream is built or published", async () => {
    const before = await marts();
    makeSampleDelta(env["SILVER_DELTA_ROOT"]!, { badRow: "negative_amount" });
    const run = dbt(["build"]);
    expect(run.code).toBe(1);
    const statuses = statusByName(run.runResults!);
    expect(statuses[testNames.stgAmount]).toBe("fail");
    expect(statuses[testNames.stgStatus]).toBe("warn"); // the earlier row is still there
    const failed = Object.entries(statuses).filter(([, s]) => ["fail", "error"].includes(s));
    expect(failed).toEqual([[testNames.stgAmount, "fail"]]);
    for (const model of ["fct_orders", "dim_clients", "serve_fct_orders", "serve_dim_clients"]) expect(statuses[model]).toBe("skipped");
    expect(await marts()).toEqual(before);
  });

  it("a duplicate client key fails the source's unique test (error) and skips what reads clients", () => {
    makeSampleDelta(env["SILVER_DELTA_ROOT"]!, { badRow: "duplicate_client" });
    const run = dbt(["build", "--select", "source:silver.clients+"]);
    expect(run.code).toBe(1);
    const statuses = statusByName(run.runResults!);
    const failed = Object.entries(statuses).filter(([, s]) => ["fail", "error"].includes(s));
    expect(failed).toEqual([[testNames.sourceClientUnique, "fail"]]);
    expect(statuses["dim_clients"]).toBe("skipped");
    expect(statuses["serve_dim_clients"]).toBe("skipped");
  });
});
