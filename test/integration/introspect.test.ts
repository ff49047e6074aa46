// `npm run introspect` against a real PostgreSQL (scripts/postgres-server.py) holding the reference's
// 16-table `source` schema (DDL of local/synthetic/ddl.ts), a table with every mapped type, a table
// keyed by unique constraints and a keyless one. The CLI runs as a subprocess on a temporary copy of
// the project: the declarations it writes type-check and compile; --check finds no drift, then exactly
// the ALTER TABLEs made; a rerun keeps hand edits; every failure is one stderr line, exit 2, no file
// touched and no password (a sentinel) in any output.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileProject } from "../../generators/compile.ts";
import { db } from "../../pipelines/sources/ampere-db.ts";
import { SETUP_SQL } from "./fixtures/introspect/schema.ts";
import { queryPostgres, startPostgres, type PostgresServer } from "./helpers/dbt.ts";
import { REPO_ROOT } from "./helpers/python-env.ts";

const SENTINEL = "Sentinel-Pw-7f3a9c";
const FILE = "pipelines/sources/warehouse.ts";
let server: PostgresServer;
let root: string;

/** Runs as the server's superuser over the socket inside its data directory (trust). */
async function asSuperuser(statements: readonly string[]): Promise<void> {
  const client = new pg.Client({ host: server.datadir, port: server.port, user: "postgres", database: server.database });
  await client.connect();
  try {
    for (const s of statements) await client.query(s);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  server = startPostgres();
  for (const s of SETUP_SQL) await queryPostgres(server, s);
  // A role that may connect but has no USAGE on schema source; its password is the sentinel too.
  await asSuperuser([
    `CREATE ROLE outsider LOGIN PASSWORD '${SENTINEL}'`,
    // One that may use the schema and read only stores.
    `CREATE ROLE reader LOGIN PASSWORD '${SENTINEL}'`,
    `GRANT USAGE ON SCHEMA "source" TO reader`,
    `GRANT SELECT ON "source"."stores" TO reader`,
  ]);
  root = mkdtempSync(path.join(os.tmpdir(), "lakec-introspect-"));
  cpSync(path.join(REPO_ROOT, "pipelines"), path.join(root, "pipelines"), { recursive: true });
  cpSync(path.join(REPO_ROOT, "dbt"), path.join(root, "dbt"), { recursive: true });
  symlinkSync(path.join(REPO_ROOT, "dsl"), path.join(root, "dsl"), "dir");
  symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(root, "node_modules"), "dir");
});
afterAll(() => {
  server?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

const url = (o: { user?: string; password?: string; port?: number; database?: string } = {}) =>
  `postgres://${o.user ?? server.user}:${encodeURIComponent(o.password ?? server.password)}@${server.host}:${o.port ?? server.port}/${o.database ?? server.database}`;

/** The CLI as `npm run introspect` starts it (tsx), from the project copy. */
function introspect(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, "node_modules", "tsx", "dist", "cli.mjs"), path.join(REPO_ROOT, "generators/introspect/main.ts"), ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 120_000,
    env: { PATH: process.env.PATH ?? "", ...env },
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const run = (extra: string[], o?: Parameters<typeof url>[0]) => introspect(["--url", url(o), "--schema", "source", "--file", FILE, "--name", "warehouse", ...extra]);
const declaration = () => readFileSync(path.join(root, FILE), "utf8");

async function compileErrors(): Promise<string[]> {
  const result = await compileProject(root, { typecheck: true });
  return result.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`);
}

/** A fingerprint of every file under pipelines/ of the copy. */
function pipelinesHash(): string {
  const h = createHash("sha256");
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else h.update(`${p}\0`).update(readFileSync(p));
    }
  };
  walk(path.join(root, "pipelines"));
  return h.digest("hex");
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

describe("npm run introspect against a real PostgreSQL", () => {
  it("the reference declaration matches the reference schema: --check exits 0 with no drift", () => {
    const r = introspect(["--url", url(), "--schema", "source", "--file", "pipelines/sources/ampere-db.ts", "--tables", db.all.map((t) => t.name).join(","), "--check"]);
    expect(r.stderr).toMatch(/^introspect: pipelines\/sources\/ampere-db\.ts matches schema "source" of postgres:\/\/lakec@127\.0\.0\.1:\d+\/lakec \(16 tables\)\n$/);
    expect(r.stdout).toBe("");
    expect(r.code).toBe(0);
  });

  it("writes a new declaration of every table: every mapped type, keys, TODOs; it type-checks and compiles", async () => {
    const r = run([]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`wrote ${FILE} (19 tables of schema source)\n`);
    expect(r.stderr).toBe("introspect: warning: source.all_types.span: interval has no column type; written as text() with a TODO comment\n");
    const text = declaration();
    expect(text).toContain(`    all_types: table({
      columns: {
        id: int64(),
        small: int16({ nullable: false }),
        regular: int32(),
        big: int64({ nullable: false }),
        exact: decimal(12, 4),
        whole: decimal(10, 0),
        // numeric without precision: decimal(38, 18), as Spark reads it (more than 20 integer digits do not fit)
        unbounded: decimal(38, 18),
        single: float32(),
        double_value: float64(),
        body: text(),
        label: text({ nullable: false }),
        code: text(),
        flag: bool(),
        day: date(),
        at_local: timestamp(),
        at_zone: timestamp(),
        at_precise: timestamp(),
        ident: text(),
        doc: text(),
        docb: text(),
        // integer[]: an array, kept as its text form (the jobs have no array type)
        counts: text(),
        // text[]: an array, kept as its text form (the jobs have no array type)
        tags: text(),
        // TODO: interval cannot be mapped (no column type holds it); declared as text(): choose its type
        span: text(),
      },
      keys: ["id"],
      // TODO: choose the behaviour: snapshot(), mutableDimension({ watermark }), fact({ eventDate }) or event({ eventTime })
      behaviour: snapshot(),
    }),`);
    expect(text).toContain(`    delivery_costing: table({
      columns: {
        zone_id: int16(),
        delivery_type_id: int16(),
        tariff: decimal(4, 2),
      },
      keys: ["zone_id", "delivery_type_id"],`);
    expect(text).toContain(`      keys: ["code", "region"],`); // by_unique: the first unique constraint by name
    expect(text).toContain(`      // TODO: the table has no primary key or unique constraint: name its logical key\n      keys: ["happened_at"],`);
    expect(text).not.toContain(server.password);
    expect(await compileErrors()).toEqual([]);

    const check = run(["--check"]);
    expect(check.stdout).toBe("");
    expect(check.code).toBe(0);
    const again = run([]);
    expect(again.stdout).toBe(`${FILE} is up to date (19 tables of schema source)\n`);
    expect(declaration()).toBe(text);
  });

  it("ALTER TABLE makes --check exit 1 naming exactly that change; a rerun follows it and keeps hand edits", async () => {
    const handEdited = declaration()
      .replace(
        /( {4}clients: table\(\{[\s\S]*?keys: \["id"\],\n)\s*\/\/ TODO: choose the behaviour[^\n]*\n\s*behaviour: snapshot\(\),/,
        `$1      // Hand-written: clients change in place; updated_at moves with every change.\n      behaviour: mutableDimension({ watermark: "updated_at", created: "registration_date", granularity: "day" }),`,
      )
      .replace("import { bool,", "import { mutableDimension, bool,");
    expect(handEdited).toContain("behaviour: mutableDimension({ watermark: \"updated_at\"");
    writeFileSync(path.join(root, FILE), handEdited);
    expect(run(["--check"]).code).toBe(0); // hand edits are not drift

    await queryPostgres(server, `ALTER TABLE "source"."clients" ADD COLUMN email text`);
    await queryPostgres(server, `ALTER TABLE "source"."orders" ALTER COLUMN total_amount TYPE numeric(14,4)`);
    const check = run(["--check"]);
    expect(check.stdout).toBe([
      "column added: source.clients.email (text)",
      "column retyped: source.orders.total_amount is declared decimal(12,4), the database has numeric(14,4) (decimal(14,4))",
      "",
    ].join("\n"));
    expect(check.stderr).toMatch(/^introspect: 2 differences between schema "source" of postgres:\/\/lakec@127\.0\.0\.1:\d+\/lakec and pipelines\/sources\/warehouse\.ts; run without --check to update it\n$/);
    expect(check.code).toBe(1);
    expect(declaration()).toBe(handEdited); // --check writes nothing

    const rerun = run([]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain(`updated ${FILE} (19 tables of schema source)`);
    const text = declaration();
    expect(text).toContain(`        churned: bool(),
        email: text(),
      },
      keys: ["id"],
      // Hand-written: clients change in place; updated_at moves with every change.
      behaviour: mutableDimension({ watermark: "updated_at", created: "registration_date", granularity: "day" }),`);
    expect(text).toContain("        total_amount: decimal(14, 4),\n");
    // Nothing else changed.
    expect(text.replace("        email: text(),\n", "").replace("decimal(14, 4)", "decimal(12, 4)")).toBe(handEdited);
    expect(run(["--check"]).code).toBe(0);
    expect(await compileErrors()).toEqual([]);
  });

  describe("failures: one line on stderr, exit 2, no file touched, never the password", () => {
    // Run alone (-t), the cases still find a declaration to leave untouched.
    beforeAll(() => {
      if (!existsSync(path.join(root, FILE))) expect(run([]).code).toBe(0);
    });
    // [name, arguments, the line, the line with --check when another]
    const cases: [string, () => Promise<string[]> | string[], RegExp, RegExp?][] = [
      ["a URL that is not one", () => ["--url", `postgres//lakec:${SENTINEL}@127.0.0.1/lakec`], /^introspect: error: --url is not a URL; expected postgres:\/\/user:password@host:port\/database$/],
      ["a URL without a database", () => ["--url", `postgres://lakec:${SENTINEL}@127.0.0.1:5432`], /^introspect: error: --url names no database/],
      ["a wrong password", () => ["--url", url({ password: SENTINEL })], /^introspect: error: cannot connect to postgres:\/\/lakec@127\.0\.0\.1:\d+\/lakec: password authentication failed for user "lakec"$/],
      ["a refused connection", async () => ["--url", url({ password: SENTINEL, port: await freePort() })], /^introspect: error: cannot connect to postgres:\/\/lakec@127\.0\.0\.1:\d+\/lakec: connection refused \(is PostgreSQL running and listening on 127\.0\.0\.1:\d+\?\)$/],
      ["a missing database", () => ["--url", url({ database: "nope" })], /^introspect: error: cannot connect to postgres:\/\/lakec@127\.0\.0\.1:\d+\/nope: database "nope" does not exist$/],
      ["a missing schema", () => ["--url", url(), "--schema", "nope", "--file", "pipelines/sources/nope.ts"], /^introspect: error: schema "nope" does not exist in postgres:\/\/lakec@127\.0\.0\.1:\d+\/lakec$/, /^introspect: error: pipelines\/sources\/nope\.ts does not exist: nothing to check \(run without --check to write it\)$/],
      ["a declaration file without that schema's source", () => ["--url", url(), "--schema", "nope"], /^introspect: error: pipelines\/sources\/warehouse\.ts declares no postgresSource of schema "nope" \(it declares "source"\)$/],
      ["a missing table", () => ["--url", url(), "--tables", "clients,nope"], /^introspect: error: no table "nope" in schema "source" of postgres:\/\/lakec@127\.0\.0\.1:\d+\/lakec$/],
      ["no SELECT on a table", () => ["--url", url({ user: "reader", password: SENTINEL }), "--tables", "stores,clients,orders"], /^introspect: error: permission denied: user "reader" cannot SELECT from source\.clients, source\.orders \(the landing job reads them\)$/],
      ["no USAGE on the schema", () => ["--url", url({ user: "outsider", password: SENTINEL })], /^introspect: error: permission denied: user "outsider" has no USAGE on schema "source" of postgres:\/\/outsider@127\.0\.0\.1:\d+\/lakec$/],
    ];
    it.each(cases)("%s", async (_name, args, line, checkLine) => {
      const before = pipelinesHash();
      const given = await args();
      for (const check of [false, true]) {
        const r = introspect(["--schema", "source", "--file", FILE, "--name", "warehouse", ...given, ...(check ? ["--check"] : [])]);
        expect(r.stderr).toMatch(/^[^\n]*\n$/);
        expect(r.stderr.trimEnd()).toMatch(check ? (checkLine ?? line) : line);
        expect(r.stdout).toBe("");
        expect(r.code).toBe(2);
        expect(r.stdout + r.stderr).not.toContain(SENTINEL);
        expect(r.stdout + r.stderr).not.toContain(encodeURIComponent(SENTINEL));
      }
      expect(pipelinesHash()).toBe(before);
    });

    it("a password from PGPASSWORD is never printed either", () => {
      const r = introspect(["--url", `postgres://lakec@${server.host}:${server.port}/lakec`, "--schema", "source", "--file", FILE, "--check"], { PGPASSWORD: SENTINEL });
      expect(r.stderr.trimEnd()).toMatch(/^introspect: error: cannot connect to postgres:\/\/lakec@127\.0\.0\.1:\d+\/lakec: password authentication failed for user "lakec"$/);
      expect(r.code).toBe(2);
      expect(r.stdout + r.stderr).not.toContain(SENTINEL);
    });
  });
});
