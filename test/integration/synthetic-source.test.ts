// The synthetic source generator (local/synthetic) against a real PostgreSQL, run as a subprocess
// exactly as the local runner runs it in place of the reference images (tsx CLI, absolute paths,
// the task's own folder as working directory): the init pod's env
// (PROJECT_START_DATE, empty N_* variables) and the daily pod's `--run-date D` with PGOPTIONS.
// The live schema equals the DSL declaration; reruns of init and of a day change nothing;
// mistakes are one line and exit 1.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../pipelines/sources/ampere-db.ts";
import { queryPostgres, startPostgres, type PostgresServer } from "./helpers/dbt.ts";
import { REPO_ROOT } from "./helpers/python-env.ts";

const START = "2025-08-01";
const DAYS = ["2025-08-02", "2025-08-03", "2025-08-04"];
const CLI = "local/synthetic/cli.ts";
let server: PostgresServer;
let taskDir: string;

beforeAll(() => {
  server = startPostgres();
  taskDir = mkdtempSync(path.join(os.tmpdir(), "lakec-synthetic-task-"));
});
afterAll(() => {
  server?.stop();
  if (taskDir) rmSync(taskDir, { recursive: true, force: true });
});

function libpqEnv(): Record<string, string> {
  return { PGHOST: server.host, PGPORT: String(server.port), PGUSER: server.user, PGPASSWORD: server.password, PGDATABASE: server.database };
}

/**
 * The generator as the local runner's image mapping starts it: `node <repo>/node_modules/tsx/dist/cli.mjs
 * <repo>/local/synthetic/cli.ts ...` from the task's own folder (not the repository), with only the
 * pod's environment (and PATH). `importTsx` runs the documented `node --import tsx local/synthetic/cli.ts`
 * from the repository root instead.
 */
function generator(args: string[], env: Record<string, string>, form: "runner" | "importTsx" = "runner") {
  const argv = form === "runner" ? [path.join(REPO_ROOT, "node_modules", "tsx", "dist", "cli.mjs"), path.join(REPO_ROOT, CLI), ...args] : ["--import", "tsx", CLI, ...args];
  const r = spawnSync(process.execPath, argv, { cwd: form === "runner" ? taskDir : REPO_ROOT, encoding: "utf8", timeout: 120_000, env: { PATH: process.env.PATH ?? "", ...env } });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, lines: r.stderr.trim().split("\n") };
}

const init = (env: Record<string, string> = {}) => generator(["init"], { ...libpqEnv(), PROJECT_START_DATE: START, N_OF_INIT_CLIENTS: "", N_DELIVERY_RESOURCE: "", ...env });
const daily = (date: string, env: Record<string, string> = {}) => generator(["daily", "--run-date", date], { ...libpqEnv(), PGOPTIONS: "-c work_mem=64MB", ...env });
const sql = (text: string, params: unknown[] = []) => queryPostgres(server, text, params);

/** Every declared table's rows as PostgreSQL prints them, in key order. */
async function dump(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of db.all) {
    const rows = await sql(`SELECT x::text AS r FROM "source"."${t.name}" x ORDER BY ${t.keys.map((k) => `"${k}"`).join(", ")}`);
    out[t.name] = rows.map((r) => String(r.r));
  }
  return out;
}

/** information_schema's view of a DSL column type. */
function infoType(dsl: string): { data_type: string; numeric_precision: number | null; numeric_scale: number | null } {
  const m = /^decimal\((\d+),(\d+)\)$/.exec(dsl);
  if (m) return { data_type: "numeric", numeric_precision: Number(m[1]), numeric_scale: Number(m[2]) };
  const simple: Record<string, [string, number | null]> = {
    int: ["integer", 32], smallint: ["smallint", 16], bigint: ["bigint", 64], string: ["text", null], boolean: ["boolean", null],
    date: ["date", null], timestamp: ["timestamp without time zone", null], double: ["double precision", 53], float: ["real", 24],
  };
  const [data_type, numeric_precision] = simple[dsl]!;
  return { data_type, numeric_precision, numeric_scale: numeric_precision === null || dsl === "double" || dsl === "float" ? null : 0 };
}

function expectOneLineFailure(run: ReturnType<typeof generator>, message: string) {
  expect(run.code).toBe(1);
  expect(run.lines).toEqual([message]);
  expect(run.lines.join("\n")).not.toMatch(/^\s+at /m);
  expect(run.lines.join("\n")).not.toContain(server.password);
}

describe("synthetic source generator on a real PostgreSQL", () => {
  it("daily before init fails with one clear line and exit 1 (either way of starting it)", () => {
    const message = `synthetic: schema "source" does not exist in database "${server.database}": run init first`;
    expectOneLineFailure(daily(DAYS[0]!), message);
    expectOneLineFailure(generator(["daily", "--run-date", DAYS[0]!], libpqEnv(), "importTsx"), message);
  });

  let initial: Record<string, string[]>;

  it("init creates exactly the declared schema: tables, columns, types, nullability, primary keys", async () => {
    const run = init();
    expect(run.code, run.lines.join("\n")).toBe(0);
    // One progress line per table, with its row count, then a summary.
    expect(run.lines.slice(0, -1).map((l) => l.replace(/: \d+ rows$/, ""))).toEqual(db.all.map((t) => `synthetic init ${START}: source.${t.name}`));
    expect(run.lines.at(-1)).toMatch(/done \(seed 42, 127\.0\.0\.1:\d+\//);

    const columns = await sql(`SELECT table_name, column_name, data_type, numeric_precision, numeric_scale, is_nullable
      FROM information_schema.columns WHERE table_schema = 'source' ORDER BY table_name, ordinal_position`);
    const expected = [...db.all].sort((a, b) => (a.name < b.name ? -1 : 1)).flatMap((t) => Object.entries(t.columns).map(([name, c]) => ({
      table_name: t.name, column_name: name, ...infoType(c.type), is_nullable: t.keys.includes(name) || !c.nullable ? "NO" : "YES",
    })));
    expect(columns).toEqual(expected);

    const keys = await sql(`SELECT tc.table_name, string_agg(k.column_name, ',' ORDER BY k.ordinal_position) AS keys
      FROM information_schema.table_constraints tc
      JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name AND k.table_schema = tc.table_schema
      WHERE tc.table_schema = 'source' AND tc.constraint_type = 'PRIMARY KEY' GROUP BY tc.table_name ORDER BY tc.table_name`);
    expect(keys).toEqual([...db.all].sort((a, b) => (a.name < b.name ? -1 : 1)).map((t) => ({ table_name: t.name, keys: t.keys.join(",") })));

    initial = await dump();
    expect(initial.clients).toHaveLength(500);
    expect(initial.delivery_resource).toHaveLength(60);
  });

  it("a rerun of init recreates the same data", async () => {
    expect(init().code).toBe(0);
    expect(await dump()).toEqual(initial);
  });

  let afterDays: Record<string, string[]>;

  it("three days are written, each consistent as the dbt tests and landing need it", async () => {
    for (const date of DAYS) {
      const run = daily(date);
      expect(run.code, run.lines.join("\n")).toBe(0);
      expect(run.lines.filter((l) => l.startsWith(`synthetic daily ${date}: source.`))).toHaveLength(8);
      const [{ n }] = (await sql(`SELECT count(*)::int AS n FROM source.orders WHERE order_date = $1`, [date])) as [{ n: number }];
      expect(n).toBeGreaterThan(30);
    }
    const problems = await sql(`
      SELECT 'order total is not the sum of its lines' AS problem, o.id::text AS what FROM source.orders o
        JOIN source.order_product l ON l.order_id = o.id GROUP BY o.id, o.total_amount HAVING o.total_amount <> sum(l.quantity * l.sales_price)
      UNION ALL SELECT 'order without client', o.id::text FROM source.orders o LEFT JOIN source.clients c ON c.id = o.client_id WHERE c.id IS NULL
      UNION ALL SELECT 'line without order', l.order_id::text FROM source.order_product l LEFT JOIN source.orders o ON o.id = l.order_id WHERE o.id IS NULL
      UNION ALL SELECT 'bad payment', p.order_id::text FROM source.payments p
        WHERE p.payment_status NOT IN ('paid', 'pending', 'failed', 'refunded') OR p.amount < 0 OR p.payment_date IS NULL
      UNION ALL SELECT 'payment outside the 5-day window', p.order_id::text FROM source.payments p JOIN source.orders o ON o.id = p.order_id
        WHERE p.payment_date - o.order_date NOT BETWEEN 0 AND 5
      UNION ALL SELECT 'event outside the 2-day window', e.order_id::text FROM source.order_status_history e JOIN source.orders o ON o.id = e.order_id
        WHERE e.status_datetime::date - o.order_date NOT BETWEEN 0 AND 2 OR e.status_datetime IS NULL
      UNION ALL SELECT 'delivery outside the 2-day window', e.order_id::text FROM source.delivery_tracking e JOIN source.orders o ON o.id = e.order_id
        WHERE e.status_datetime::date - o.order_date NOT BETWEEN 0 AND 2 OR e.status_datetime IS NULL`);
    expect(problems).toEqual([]);
    // The lookback windows are exercised: payments and events for orders of earlier days.
    const [late] = await sql(`SELECT
        (SELECT count(*)::int FROM source.payments p JOIN source.orders o ON o.id = p.order_id WHERE p.payment_date > o.order_date) AS late_payments,
        (SELECT count(*)::int FROM source.order_status_history e JOIN source.orders o ON o.id = e.order_id WHERE e.status_datetime::date > o.order_date) AS late_events,
        (SELECT count(*)::int FROM source.clients WHERE updated_at = ANY($1::date[]) AND churned) AS churned,
        (SELECT count(*)::int FROM source.clients WHERE registration_date = ANY($1::date[])) AS registered`, [DAYS]);
    expect(late).toMatchObject({ late_payments: expect.any(Number), late_events: expect.any(Number) });
    for (const v of Object.values(late!)) expect(v).toBeGreaterThan(0);
    afterDays = await dump();
  });

  it("a rerun of day 2 (and of day 3) changes nothing", async () => {
    for (const date of [DAYS[1]!, DAYS[2]!, DAYS[1]!]) {
      expect(daily(date).code).toBe(0);
      expect(await dump()).toEqual(afterDays);
    }
  });

  it("a rerun of init after the days recreates the initial data set", async () => {
    expect(init().code).toBe(0);
    expect(await dump()).toEqual(initial);
  });

  it("the same days again give byte-identical tables", async () => {
    for (const date of DAYS) expect(daily(date).code).toBe(0);
    expect(await dump()).toEqual(afterDays);
  });

  it("a run that fails midway writes nothing: its undo is rolled back with it", async () => {
    // Move one order of day 1 out of day 1: the rerun's undo keeps it, and inserting day 1 again collides.
    const [{ id }] = (await sql(`SELECT min(id) AS id FROM source.orders WHERE order_date = $1`, [DAYS[0]])) as [{ id: number }];
    await sql(`UPDATE source.orders SET order_date = '2025-09-30' WHERE id = $1`, [id]);
    const before = await dump();
    const run = daily(DAYS[0]!);
    expect(run.code).toBe(1);
    expect(run.lines).toEqual([expect.stringMatching(/^synthetic: failed: duplicate key value violates unique constraint/)]);
    expect(await dump()).toEqual(before);
    await sql(`UPDATE source.orders SET order_date = $2 WHERE id = $1`, [id, DAYS[0]]);
    expect(await dump()).toEqual(afterDays);
  });

  it("a missing table, a run date before the data, a bad date, a refused connection: one line each, exit 1", async () => {
    expectOneLineFailure(daily("2025-07-31"), `synthetic: --run-date 2025-07-31 is before the first day of the data, ${START} (init's PROJECT_START_DATE)`);
    expectOneLineFailure(daily("2025-13-01"), 'synthetic: --run-date "2025-13-01" is not a calendar date (YYYY-MM-DD)');
    expectOneLineFailure(generator(["init"], { ...libpqEnv() }), "synthetic: PROJECT_START_DATE is missing (a date, YYYY-MM-DD)");

    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const closed = (probe.address() as net.AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    expectOneLineFailure(generator(["daily", "--run-date", DAYS[0]!], { ...libpqEnv(), PGPORT: String(closed) }),
      `synthetic: cannot connect to PostgreSQL at 127.0.0.1:${closed}/${server.database}: connection refused`);
    const wrong = generator(["daily", "--run-date", DAYS[0]!], { ...libpqEnv(), PGPASSWORD: "wrong-password-sentinel" });
    expect(wrong.code).toBe(1);
    expect(wrong.lines).toHaveLength(1);
    expect(wrong.lines[0]).toMatch(/^synthetic: PostgreSQL at 127\.0\.0\.1:\d+\/\w+: password authentication failed/);
    expect(wrong.lines[0]).not.toContain("wrong-password-sentinel");

    await sql(`DROP TABLE source.delivery_tracking`);
    expectOneLineFailure(daily(DAYS[0]!), `synthetic: missing table source.delivery_tracking in database "${server.database}": run init first`);
    // Nothing was half-written by the failed runs.
    const [{ n }] = (await sql(`SELECT count(*)::int AS n FROM source.orders`)) as [{ n: number }];
    expect(n).toBe(afterDays.orders!.length);
  });
});

describe("reruns of older days after later days changed their rows", () => {
  // Small and busy: many clients register and churn, so later days churn clients an earlier day
  // registered, couriers change twice, and reruns must keep the later changes.
  const BUSY = { CHURN_RATES: "0.08,0.12", NEW_CLIENTS_RATES: "0.15,0.2", AVG_ORDERS: "2" };
  const WEEK = Array.from({ length: 8 }, (_, i) => `2025-08-${String(i + 2).padStart(2, "0")}`);

  it("leave every table as it was", async () => {
    expect(init({ N_OF_INIT_CLIENTS: "80", N_DELIVERY_RESOURCE: "40" }).code).toBe(0);
    for (const date of WEEK) expect(daily(date, BUSY).code).toBe(0);
    const [overlap] = await sql(`SELECT
        (SELECT count(*)::int FROM source.clients WHERE id > 100000000 AND churned AND updated_at > registration_date) AS churned_later,
        (SELECT count(*)::int FROM source.products WHERE valid_from > $1) AS price_changes`, [START]);
    expect(overlap!.churned_later).toBeGreaterThan(0);
    expect(overlap!.price_changes).toBeGreaterThan(0);
    const after = await dump();
    for (const date of WEEK.slice(0, -1).reverse()) {
      expect(daily(date, BUSY).code).toBe(0);
      expect(await dump(), `after a rerun of ${date}`).toEqual(after);
    }
  });
});
