/**
 * Column names that reach the compiler untyped (`as any`, names built at run time) are still
 * checked: a silver rule, dedupe, scd2(...) or partitionBy naming a column the silver table does
 * not have (DS085), an incremental uniqueKey or references() field naming no declared column
 * (DS086), a dbt source's loadedAtField missing from one of its tables (DS087). Each is one error
 * at the line of the use, with a hint listing the valid columns, and nothing is written. Typed
 * the same typos are one TY001 each and nothing else (the DS error is the same mistake).
 * Each case edits the reference pipelines (copied to a temporary root).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileProject } from "../../../generators/compile.ts";
import { CATALOG } from "../../../generators/diagnostics/catalog.ts";
import { compileCli } from "../../helpers/dbt-temp-project.ts";
import { ROOT } from "./helpers.ts";

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

const SILVER_FILE = "pipelines/silver.ts";
/** A silver step over the reference `clients` table with `spec` (object body lines). */
const silverFile = (spec: string) => `import { after, group, notNull, scd2, silver, silverLoad } from "../dsl/index.ts";
import { bronze } from "./medallion.ts";
import { db } from "./sources/ampere-db.ts";
/** A column name built at run time: the types cannot see it. */
const built = (...parts: string[]): any => parts.join("");
export const silverDaily = silverLoad({ id: "silver__daily", schedule: after(bronze), groups: [group("dims", [
  silver(db.tables.clients, {
    rename: { fullname: "client_name" },
${spec}
  }),
])] });
`;

const SILVER_COLUMNS = "columns of silver 'clients' are id, client_name, preferred_store_id, registration_date, updated_at, churned";
const BRONZE_EVERY = "columns every table of 'bronze' has: _row_hash, _ingest_run_id, _ingest_ts, _source_system, _source_table, _op, _bronze_last_run_id, _bronze_last_apply_ts, _bronze_last_manifest_path";

interface Case {
  readonly name: string;
  /** The reference file to edit (`from` → `to`), or the silver file to add. */
  readonly file: string;
  readonly from?: string;
  readonly to?: string;
  readonly silver?: string;
  readonly code: "DS085" | "DS086" | "DS087";
  /** The diagnostic is on the line holding this text. */
  readonly at: string;
  readonly message: string;
  /** Hints before the catalog's. */
  readonly hints: readonly string[];
}

const CASES: readonly Case[] = [
  {
    name: "notNull() of a typo'd column", file: SILVER_FILE, silver: `    quality: [\n      notNull("contry" as any),\n    ],`,
    code: "DS085", at: `notNull("contry"`, message: "silver 'clients': column 'contry' of rule 'contry_not_null' is not a column of the silver table", hints: [SILVER_COLUMNS],
  },
  {
    name: "notNull() of a renamed column by its old name", file: SILVER_FILE, silver: `    quality: [\n      notNull(built("full", "name")),\n    ],`,
    code: "DS085", at: "notNull(built(", message: "silver 'clients': column 'fullname' of rule 'fullname_not_null' is not a column of the silver table",
    hints: ["'fullname' is renamed to 'client_name': use the new name", SILVER_COLUMNS],
  },
  {
    name: "partitionBy", file: SILVER_FILE, silver: `    partitionBy: [built("registration", "_dat")],`,
    code: "DS085", at: "silver(db.tables.clients, {", message: "silver 'clients': partition column 'registration_dat' is not a column of the silver table", hints: [SILVER_COLUMNS],
  },
  {
    name: "scd2 track", file: SILVER_FILE, silver: `    write:\n      scd2({ track: ["client_name", "churnd" as any] }),`,
    code: "DS085", at: "scd2({ track:", message: "silver 'clients': scd2 tracked column 'churnd' is not a column of the silver table", hints: [SILVER_COLUMNS],
  },
  {
    name: "scd2 orderBy", file: SILVER_FILE, silver: `    write:\n      scd2({ orderBy: "updatedat" as any }),`,
    code: "DS085", at: "scd2({ orderBy:", message: "silver 'clients': scd2 ordering column 'updatedat' is not a column of the silver table", hints: [SILVER_COLUMNS],
  },
  {
    name: "dedupe", file: SILVER_FILE, silver: `    dedupe: { by: ["id"], latest: "updated" as any },`,
    code: "DS085", at: "silver(db.tables.clients, {", message: "silver 'clients': dedupe ordering column 'updated' is not a column of the silver table", hints: [SILVER_COLUMNS],
  },
  {
    name: "incremental uniqueKey", file: "pipelines/dbt.ts", from: `incremental({ uniqueKey: ["order_id"]`, to: `incremental({ uniqueKey: ["ordr_id" as any]`,
    code: "DS086", at: "materialized: incremental(", message: "uniqueKey 'ordr_id' of model 'fct_orders_sales' is not one of its columns",
    hints: ["columns of model 'fct_orders_sales' are order_id, client_id, order_date, store_id, total_amount, paid_amount"],
  },
  {
    name: "references() field", file: "pipelines/dbt.ts", from: `references(dimClients, "client_id")`, to: `references(dimClients, "clint_id" as any)`,
    code: "DS086", at: "references(dimClients,", message: "a test of 'fct_orders_sales.client_id' references column 'clint_id' of ref('dim_clients'), which has no such column",
    hints: ["columns of ref('dim_clients') are client_id, client_name, preferred_city, registration_date, churned"],
  },
  {
    name: "loadedAtField typo'd", file: "pipelines/dbt.ts", from: `loadedAtField: "_bronze_last_apply_ts"`, to: `loadedAtField: "_bronze_last_aply_ts" as any`,
    code: "DS087", at: "export const bronzeSrc = dbtSource(", message: "loadedAtField '_bronze_last_aply_ts' of dbt source 'bronze' is not a column of tables 'stores', 'clients', 'orders', 'payments'",
    hints: [BRONZE_EVERY],
  },
  {
    name: "loadedAtField of one table only", file: "pipelines/dbt.ts", from: `loadedAtField: "_bronze_last_apply_ts"`, to: `loadedAtField: "updated_at" as any`,
    code: "DS087", at: "export const bronzeSrc = dbtSource(", message: "loadedAtField 'updated_at' of dbt source 'bronze' is not a column of tables 'stores', 'orders', 'payments'",
    hints: [BRONZE_EVERY],
  },
];

/** The reference project (pipelines/, dbt/, dsl/ linked) with one edit, in a fresh root. */
function editedRoot(edit: { file: string; from?: string; to?: string; silver?: string }): string {
  const root = mkdtempSync(path.join(tmpdir(), "untyped-columns-"));
  roots.push(root);
  cpSync(path.join(ROOT, "pipelines"), path.join(root, "pipelines"), { recursive: true });
  cpSync(path.join(ROOT, "dbt"), path.join(root, "dbt"), { recursive: true });
  symlinkSync(path.join(ROOT, "dsl"), path.join(root, "dsl"), "dir");
  symlinkSync(path.join(ROOT, "node_modules"), path.join(root, "node_modules"), "dir");
  const file = path.join(root, edit.file);
  if (edit.silver !== undefined) writeFileSync(file, silverFile(edit.silver));
  else {
    const text = readFileSync(file, "utf8");
    if (!text.includes(edit.from!)) throw new Error(`${edit.file} no longer holds ${edit.from}`);
    writeFileSync(file, text.replace(edit.from!, edit.to!));
  }
  return root;
}

const lineOf = (root: string, rel: string, needle: string): number => {
  const lines = readFileSync(path.join(root, rel), "utf8").split("\n");
  const hits = lines.flatMap((l, i) => (l.includes(needle) ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`${needle} is on ${hits.length} lines of ${rel}`);
  return hits[0]!;
};

describe("untyped column names are refused at the line of their use", () => {
  it("a correct silver declaration compiles (the base of the silver cases)", async () => {
    const root = editedRoot({ file: SILVER_FILE, silver: `    quality: [notNull("client_name")],\n    write: scd2({ track: ["client_name"], orderBy: "updated_at" }),\n    partitionBy: ["registration_date"],` });
    const out = await compileProject(root, { typecheck: false });
    expect(out.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const spec = JSON.parse(out.files.find((f) => f.path === "dags/jobspecs/silver-dims.json")!.content);
    // Names after renames are written as they are (the job resolves them after renaming).
    expect(spec.tables[0].silver).toMatchObject({ write: { track: ["client_name"], orderBy: "updated_at" }, partitionBy: ["registration_date"], renames: { fullname: "client_name" } });
  });

  it.each(CASES)("$name → $code", { timeout: 30_000 }, async (c) => {
    const root = editedRoot(c);
    const out = await compileProject(root, { typecheck: false });
    const errors = out.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => ({ code: d.code, file: d.location?.file, line: d.location?.line, message: d.message, hints: d.hints }))).toEqual([
      { code: c.code, file: c.file, line: lineOf(root, c.file, c.at), message: c.message, hints: [...c.hints, CATALOG[c.code].hint] },
    ]);
    expect(out.files).toEqual([]);
  });

  it("the CLI exits 1 and writes nothing", { timeout: 60_000 }, async () => {
    const root = editedRoot(CASES[0]!);
    const run = await compileCli(root);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain(`pipelines/silver.ts:${lineOf(root, SILVER_FILE, CASES[0]!.at)}:`);
    expect(run.stderr).toContain("error DS085 silver 'clients': column 'contry' of rule 'contry_not_null' is not a column of the silver table");
    expect(run.stderr).toContain(`  hint: ${SILVER_COLUMNS}`);
    expect(existsSync(path.join(root, "generated")), "nothing written").toBe(false);
  });
});

describe("typed, the same typos are type errors only", () => {
  it("one TY001 at each typo, no DS085 / DS086 / DS087 for the same mistake", { timeout: 120_000 }, async () => {
    const root = editedRoot({
      file: SILVER_FILE,
      silver: [
        `    quality: [notNull("contry")], // @typo`,
        `    write: scd2({ track: ["fullname"] }), // @typo`,
        `    partitionBy: ["registration_dat"], // @typo`,
      ].join("\n"),
    });
    const dbt = path.join(root, "pipelines/dbt.ts");
    let text = readFileSync(dbt, "utf8");
    for (const [from, to] of [
      [`incremental({ uniqueKey: ["order_id"]`, `incremental({ uniqueKey: ["ordr_id"]`],
      [`references(dimClients, "client_id")`, `references(dimClients, "clint_id")`],
      [`loadedAtField: "_bronze_last_apply_ts",`, `loadedAtField: "_bronze_last_aply_ts",`],
    ]) text = text.replace(from!, to!);
    writeFileSync(dbt, text);
    const out = await compileProject(root, { typecheck: true });
    const where = (file: string, needle: string) => `${file}:${lineOf(root, file, needle)}`;
    expect(out.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.location?.file}:${d.location?.line} ${d.code}`).sort()).toEqual([
      `${where(SILVER_FILE, `notNull("contry")`)} TY001`,
      `${where(SILVER_FILE, `track: ["fullname"]`)} TY001`,
      `${where(SILVER_FILE, `"registration_dat"`)} TY001`,
      `${where("pipelines/dbt.ts", `"ordr_id"`)} TY001`,
      `${where("pipelines/dbt.ts", `"clint_id"`)} TY001`,
      `${where("pipelines/dbt.ts", `"_bronze_last_aply_ts"`)} TY001`,
    ].sort());
    expect(out.files).toEqual([]);
  });
});
