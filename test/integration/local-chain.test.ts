// The whole reference chain on this machine (`npm run local`): real Airflow scheduling the
// generated DAGs, SparkApplications as local spark-submits, dbt in its own environment,
// PostgreSQL and an S3 server on loopback. Three consecutive days and a rerun of the third;
// on day 2 a corrupt landed batch stops bronze and the chain behind it until it is fixed.
// Every layer is reconciled with the source after each step (reconcile.py).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../pipelines/sources/ampere-db.ts";
import { postgresDataDir, removePostgres } from "../../local/run/services/postgres.ts";
import { REPO_ROOT } from "./helpers/python-env.ts";
import { editLake, lakeIndex, materializeLake, readLakeObject, reconcile, runLocal, withKeptPostgres, type Reconciled } from "./helpers/local-run.ts";

const DAYS = ["2026-03-28", "2026-03-29", "2026-03-30"] as const;
const RAW = "s3a://ampere-raw/postgres-pre-raw/source";
const CORRUPT_RUN = "run_id=corrupt-copy";

const tables = Object.fromEntries(
  Object.entries(db.tables).map(([name, t]) => {
    const behaviour = JSON.parse(JSON.stringify(t.behaviour)) as { kind: string };
    // Bronze keeps every snapshot date of a snapshot table: its key there includes the date.
    const bronzeKeys = behaviour.kind === "snapshot" ? [...t.keys, "snapshot_date"] : [...t.keys];
    return [name, { keys: [...t.keys], bronze_keys: bronzeKeys, behaviour }];
  }),
);
const snapshotTables = Object.keys(tables).filter((n) => tables[n]!.behaviour.kind === "snapshot");

let work: string;
let state: string;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), "lakec-local-chain-"));
  state = path.join(work, "state");
});
afterAll(() => {
  if (process.env.LAKEC_KEEP_TEST_STATE) return;
  removePostgres(REPO_ROOT, postgresDataDir(state));
  rmSync(work, { recursive: true, force: true });
});

const local = (...args: string[]) => runLocal([...args, "--keep", "--state", state]);

async function readBack(day: string, bootstrap: boolean): Promise<Reconciled> {
  const lake = mkdtempSync(path.join(work, "lake-"));
  materializeLake(state, lake);
  return withKeptPostgres(state, async (url) =>
    reconcile(
      {
        lake, raw: RAW, bronze: "s3a://ampere-bronze/bronze/source", gold: "s3a://ampere-gold/gold",
        source_url: url("ampere_db"), serving_url: url("ampere_serving"), schema: "source", day, bootstrap, tables,
        gold_tables: { dim_clients: { keys: ["client_id"] } },
        serving_tables: { "gold.dim_clients": { keys: ["client_id"] }, "gold.fct_orders_sales": { keys: ["order_id"] } },
      },
      work,
    ),
  );
}

/** The task rows of the summary table: dag -> task -> state. */
function summary(stdout: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const line of stdout.split("\n").slice(2)) {
    const [, dag, task, state] = line.split(/\s{2,}/);
    if (!dag || !task || !state) continue;
    if (!out.has(dag)) out.set(dag, new Map());
    out.get(dag)!.set(task, state);
  }
  return out;
}

/** Runs of `day` as landed by its newest run: the batch rows equal what the source holds for the day. */
function expectLandingReconciles(r: Reconciled, day: string): void {
  for (const name of Object.keys(tables)) {
    const batches = r.raw[name]!.filter((b) => b.run_date === day && !b.dir.includes(CORRUPT_RUN));
    expect(batches.length, `${name}: no batch landed for ${day}`).toBeGreaterThan(0);
    const newestRun = batches.map((b) => b.run_id).sort().at(-1);
    const rows = batches.filter((b) => b.run_id === newestRun).reduce((n, b) => n + b.row_count, 0);
    expect({ table: name, rows }).toEqual({ table: name, rows: r.expected[name] });
    expect(batches.every((b) => b.success), `${name}: a batch of ${day} has no _SUCCESS`).toBe(true);
  }
}

function expectBronzeReconciles(r: Reconciled, daysSoFar: number, except: readonly string[] = []): void {
  for (const name of Object.keys(tables)) {
    if (except.includes(name)) continue;
    const bronze = r.bronze[name];
    expect(bronze, `bronze ${name} missing`).toBeTruthy();
    expect({ table: name, unique: bronze!.distinct_keys }).toEqual({ table: name, unique: bronze!.rows });
    const expected = snapshotTables.includes(name) ? r.source[name]!.rows * daysSoFar : r.source[name]!.rows;
    expect({ table: name, rows: bronze!.rows }).toEqual({ table: name, rows: expected });
  }
}

function expectGoldReconciles(r: Reconciled, day: string): void {
  const dim = r.gold.dim_clients!;
  expect(dim.rows).toBe(r.source.clients!.rows);
  expect(dim.distinct_keys).toBe(dim.rows);
  // The serving mart is the gold Delta table, row for row.
  expect(r.serving["gold.dim_clients"]!.fingerprint).toBe(dim.fingerprint);
  const fct = r.serving["gold.fct_orders_sales"]!;
  expect(fct.rows).toBe(r.source.orders!.rows);
  expect(fct.distinct_keys).toBe(fct.rows);
  // Silver lives in dbt's DuckDB: its uniqueness tests ran, and passed, in that day's build.
  const results = dbtResults(day);
  const unique = results.filter((t) => t.unique_id.startsWith("test.") && t.unique_id.includes(".unique_stg_"));
  expect(unique.length).toBeGreaterThanOrEqual(3);
  expect(unique.every((t) => t.status === "pass")).toBe(true);
}

function dbtResults(day: string): { unique_id: string; status: string }[] {
  const keys = lakeIndex(state).objects.filter((o) => o.bucket === "ampere-gold-ops" && o.key.includes(`logical_date=${day}/`) && o.key.endsWith("run_results.json"));
  expect(keys.length, `no dbt run_results for ${day}`).toBeGreaterThan(0);
  const newest = keys.map((k) => JSON.parse(readLakeObject(state, k.bucket, k.key).toString("utf8")) as { metadata: { generated_at: string }; results: { unique_id: string; status: string }[] })
    .sort((a, b) => a.metadata.generated_at.localeCompare(b.metadata.generated_at))
    .at(-1)!;
  return newest.results;
}

const DAG = {
  bronze: "ampere__bronze__landing_to_delta__daily",
  dbt: "ampere__silver_gold__dbt_duckdb__daily",
  facts: "run__sparkapp__group_facts-events",
};

describe("npm run local: the reference chain, day by day", { timeout: 40 * 60_000 }, () => {
  let day1: Reconciled;
  let day3: Reconciled;

  it("day 1 (fresh state: the source init, then generators -> landing -> bronze -> dbt -> serving)", async () => {
    const run = await local("all", "--date", DAYS[0]);
    expect(run.code, run.stderr.slice(-4000)).toBe(0);
    const tasks = summary(run.stdout);
    expect(tasks.get("ampere__pre_raw__generators__init")?.get("run__pre_raw__init")).toBe("success");
    expect(tasks.get(DAG.dbt)?.get("run__silver_gold__dbt_build")).toBe("success");
    day1 = await readBack(DAYS[0], true);
    expectLandingReconciles(day1, DAYS[0]);
    expectBronzeReconciles(day1, 1);
    expectGoldReconciles(day1, DAYS[0]);
  });

  it("day 2: a corrupt landed batch fails bronze with the job's message, changes its table not, and stops the chain", async () => {
    // A copy of day 1's orders batch filed under day 2 with a manifest that lies about its rows.
    const index = lakeIndex(state);
    const day1Batch = index.objects.filter((o) => o.bucket === "ampere-raw" && o.key.includes(`/orders/mode=incremental/event_date=${DAYS[0]}/`));
    expect(day1Batch.length).toBeGreaterThan(0);
    editLake(state, {
      add: day1Batch.map((o) => {
        const key = o.key.replace(`event_date=${DAYS[0]}`, `event_date=${DAYS[1]}`).replace(/run_id=[^/]+/, CORRUPT_RUN);
        let body = readLakeObject(state, o.bucket, o.key);
        if (key.endsWith("_manifest.json")) {
          const manifest = JSON.parse(body.toString("utf8"));
          // Consistent with its folder in everything but the row count, so only that check can catch it.
          const runId = CORRUPT_RUN.slice("run_id=".length);
          body = Buffer.from(JSON.stringify({ ...manifest, row_count: manifest.row_count + 7, run_date: DAYS[1], run_id: runId, partition: { ...manifest.partition, value: DAYS[1] } }));
        }
        return { bucket: o.bucket, key, body };
      }),
    });
    const run = await local("all", "--date", DAYS[1]);
    expect(run.code).toBe(1);
    const tasks = summary(run.stdout);
    expect(tasks.get(DAG.bronze)?.get(DAG.facts)).toBe("failed");
    expect(tasks.has(DAG.dbt), "the dbt DAG ran after a failed bronze").toBe(false);
    // The job's own message, repeated by the runner at the end with the task's log path.
    expect(run.stderr).toContain(`failed: ${DAG.bronze} / ${DAG.facts} (${DAYS[1]})`);
    expect(run.stderr).toMatch(/ERROR: bronze: 1 of \d+ table\(s\) not written/);
    expect(run.stderr).toMatch(new RegExp(`orders/mode=incremental/event_date=${DAYS[1]}/${CORRUPT_RUN}: \\d+ rows in the files, the manifest says \\d+`));
    const r = await readBack(DAYS[1], false);
    // Nothing of the bad table was written; the chain behind it did not run.
    expect(r.bronze.orders!.fingerprint).toBe(day1.bronze.orders!.fingerprint);
    expect(r.bronze.orders!.version).toBe(day1.bronze.orders!.version);
    expect(r.gold.dim_clients!.version).toBe(day1.gold.dim_clients!.version);
  });

  it("day 2, after the fix: rerunning bronze completes the chain", async () => {
    editLake(state, { remove: (bucket, key) => bucket === "ampere-raw" && key.includes(CORRUPT_RUN) });
    const run = await local("bronze__landing_to_delta__daily", "--date", DAYS[1]);
    expect(run.code, run.stderr.slice(-4000)).toBe(0);
    expect(summary(run.stdout).get(DAG.dbt)?.get("run__silver_gold__dbt_build")).toBe("success");
    const r = await readBack(DAYS[1], false);
    expectLandingReconciles(r, DAYS[1]);
    expectBronzeReconciles(r, 2);
    expectGoldReconciles(r, DAYS[1]);
  });

  it("day 3", async () => {
    const run = await local("all", "--date", DAYS[2]);
    expect(run.code, run.stderr.slice(-4000)).toBe(0);
    day3 = await readBack(DAYS[2], false);
    expectLandingReconciles(day3, DAYS[2]);
    expectBronzeReconciles(day3, 3);
    expectGoldReconciles(day3, DAYS[2]);
  });

  it("a rerun of day 3 changes no table's content", async () => {
    const run = await local("all", "--date", DAYS[2]);
    expect(run.code, run.stderr.slice(-4000)).toBe(0);
    const again = await readBack(DAYS[2], false);
    for (const name of Object.keys(tables)) {
      expect({ table: name, source: again.source[name]!.fingerprint }).toEqual({ table: name, source: day3.source[name]!.fingerprint });
      expect({ table: name, bronze: again.bronze[name]!.fingerprint, version: again.bronze[name]!.version }).toEqual({ table: name, bronze: day3.bronze[name]!.fingerprint, version: day3.bronze[name]!.version });
    }
    expect(again.gold.dim_clients!.fingerprint).toBe(day3.gold.dim_clients!.fingerprint);
    expect(again.serving["gold.dim_clients"]!.fingerprint).toBe(day3.serving["gold.dim_clients"]!.fingerprint);
    expect(again.serving["gold.fct_orders_sales"]!.fingerprint).toBe(day3.serving["gold.fct_orders_sales"]!.fingerprint);
  });
});
