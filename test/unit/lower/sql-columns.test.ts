/**
 * Issue 10: renaming or dropping a source column gives a diagnostic at every downstream use, with
 * the use's file and line, free SQL included: silver rule(name, sql) expressions and dbt model SQL
 * are checked for the column names they use (DS088, an error, nothing written), and SQL the
 * checker cannot judge is a warning saying so (DS089). Each case edits the reference pipelines
 * (copied to a temporary root).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileProject } from "../../../generators/compile.ts";
import { CATALOG } from "../../../generators/diagnostics/catalog.ts";
import type { Diagnostic } from "../../../generators/diagnostics/diagnostic.ts";
import { checkGraphSql } from "../../../generators/lower/sql/check.ts";
import { ROOT } from "./helpers.ts";

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

type Edit = { readonly file: string; readonly from: string; readonly to: string } | { readonly file: string; readonly text: string };

/** The reference project (pipelines/, dbt/ copied, dsl/ linked) with `edits` applied, in a fresh root. */
function editedRoot(...edits: Edit[]): string {
  const root = mkdtempSync(path.join(tmpdir(), "sql-columns-"));
  roots.push(root);
  cpSync(path.join(ROOT, "pipelines"), path.join(root, "pipelines"), { recursive: true });
  cpSync(path.join(ROOT, "dbt"), path.join(root, "dbt"), { recursive: true });
  symlinkSync(path.join(ROOT, "dsl"), path.join(root, "dsl"), "dir");
  symlinkSync(path.join(ROOT, "node_modules"), path.join(root, "node_modules"), "dir");
  for (const e of edits) {
    const file = path.join(root, e.file);
    if ("text" in e) writeFileSync(file, e.text);
    else {
      const text = readFileSync(file, "utf8");
      if (text.split(e.from).length !== 2) throw new Error(`${e.file} holds ${e.from} ${text.split(e.from).length - 1} times`);
      writeFileSync(file, text.replace(e.from, e.to));
    }
  }
  return root;
}

const lineOf = (root: string, rel: string, needle: string): number => {
  const hits = readFileSync(path.join(root, rel), "utf8").split("\n").flatMap((l, i) => (l.includes(needle) ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`${needle} is on ${hits.length} lines of ${rel}`);
  return hits[0]!;
};

const shown = (ds: readonly Diagnostic[]) => ds.map((d) => ({ severity: d.severity, code: d.code, at: `${d.location?.file}:${d.location?.line}`, message: d.message }));

/** The clients table of pipelines/sources/ampere-db.ts, up to the column an edit changes. */
const CLIENTS = "    clients: table({\n      columns: {\n        id: int32(),\n";
const RENAME_FULLNAME: Edit = { file: "pipelines/sources/ampere-db.ts", from: `${CLIENTS}        fullname: text(),`, to: `${CLIENTS}        full_name: text(),` };
/** A dbt test on the source table's column: stg_clients' names all appear in bronze clients. */
const TEST_ON_SOURCE_COLUMN: Edit = {
  file: "pipelines/dbt.ts",
  from: `client_name: column("varchar"), preferred_store_id`,
  to: `client_name: column("varchar", { tests: [references(bronzeSrc.tables.clients, "fullname")] }), preferred_store_id`,
};
const DROP_CHURNED: Edit = { file: "pipelines/sources/ampere-db.ts", from: "        updated_at: date(),\n        churned: bool(),\n", to: "        updated_at: date(),\n" };

const SILVER_FILE = "pipelines/silver.ts";
/** A silver step over `clients` with `spec` (object body lines). */
const silverStep = (spec: string): Edit => ({
  file: SILVER_FILE,
  text: `import { after, group, notNull, rule, silver, silverLoad } from "../dsl/index.ts";
import { bronze } from "./medallion.ts";
import { db } from "./sources/ampere-db.ts";
export const silverDaily = silverLoad({ id: "silver__daily", schedule: after(bronze), groups: [group("dims", [
  silver(db.tables.clients, {
${spec}
  }),
])] });
`,
});

const BRONZE_SYSTEM = "_row_hash, _ingest_run_id, _ingest_ts, _source_system, _source_table, _op, _bronze_last_run_id, _bronze_last_apply_ts, _bronze_last_manifest_path";

describe("the reference project's free SQL", () => {
  it("is checked in full, with no DS088 or DS089", { timeout: 60_000 }, async () => {
    const out = await compileProject(ROOT, { typecheck: false });
    expect(shown(out.diagnostics)).toEqual([]);
    const { checks, diagnostics } = checkGraphSql(out.graph!);
    expect(diagnostics).toEqual([]);
    expect(checks.map((c) => [c.subject, c.status, c.unknown])).toEqual(
      ["stg_clients", "stg_stores", "stg_orders", "stg_payments", "dim_clients", "fct_orders_sales"].map((m) => [`model '${m}'`, "checked", 0]),
    );
    expect(checks.every((c) => c.uses > 0)).toBe(true);
  });
});

describe("renaming or dropping a source column: a diagnostic at every downstream use", () => {
  it("rename fullname → full_name: TY001 at the typed notNull and the dbt test, DS088 at the rule and in stg_clients.sql", { timeout: 180_000 }, async () => {
    const root = editedRoot(RENAME_FULLNAME, TEST_ON_SOURCE_COLUMN, silverStep(`    quality: [\n      notNull("fullname"),\n      rule("name_not_blank", "trim(fullname) <> ''"),\n    ],`));
    const out = await compileProject(root, { typecheck: true });
    const ty = out.diagnostics.filter((d) => d.code === "TY001");
    expect(shown(ty).map((d) => d.at).sort()).toEqual([
      `${SILVER_FILE}:${lineOf(root, SILVER_FILE, `notNull("fullname")`)}`,
      `pipelines/dbt.ts:${lineOf(root, "pipelines/dbt.ts", `references(bronzeSrc.tables.clients, "fullname")`)}`,
    ].sort());
    for (const d of ty) expect(d.message).toContain(`"fullname"`);
    expect(shown(out.diagnostics.filter((d) => d.code !== "TY001"))).toEqual([
      { severity: "error", code: "DS088", at: "dbt/models/silver/stg_clients.sql:4", message: "model 'stg_clients' names column 'fullname', which source('bronze', 'clients') does not have" },
      { severity: "error", code: "DS088", at: `${SILVER_FILE}:${lineOf(root, SILVER_FILE, `rule("name_not_blank"`)}`, message: "silver 'clients': rule 'name_not_blank' names column 'fullname', which the silver table does not have" },
    ]);
    const [dbt, rule] = out.diagnostics.filter((d) => d.code === "DS088");
    expect(dbt!.hints).toEqual([`columns of source('bronze', 'clients') are id, full_name, preferred_store_id, registration_date, updated_at, churned, ${BRONZE_SYSTEM}`, CATALOG.DS088.hint]);
    expect(rule!.hints).toEqual(["columns of silver 'clients' are id, full_name, preferred_store_id, registration_date, updated_at, churned", CATALOG.DS088.hint]);
    expect(out.files).toEqual([]);
  });

  it("drop churned: DS088 in stg_clients.sql", { timeout: 60_000 }, async () => {
    const root = editedRoot(DROP_CHURNED);
    const out = await compileProject(root, { typecheck: false });
    expect(shown(out.diagnostics)).toEqual([
      { severity: "error", code: "DS088", at: `dbt/models/silver/stg_clients.sql:${lineOf(root, "dbt/models/silver/stg_clients.sql", "churned")}`, message: "model 'stg_clients' names column 'churned', which source('bronze', 'clients') does not have" },
    ]);
    expect(out.files).toEqual([]);
  });

  it("a rule naming a renamed column by its old name: DS088 with the rename in the hint; a lambda rule is DS089", { timeout: 60_000 }, async () => {
    const root = editedRoot(silverStep(`    rename: { fullname: "client_name" },\n    quality: [\n      rule("name_not_blank", "trim(fullname) <> ''"),\n      rule("name_words", "exists(split(client_name, ' '), w -> length(w) > 0)"),\n    ],`));
    const out = await compileProject(root, { typecheck: false });
    expect(shown(out.diagnostics)).toEqual([
      { severity: "error", code: "DS088", at: `${SILVER_FILE}:${lineOf(root, SILVER_FILE, `rule("name_not_blank"`)}`, message: "silver 'clients': rule 'name_not_blank' names column 'fullname', which the silver table does not have" },
      { severity: "warning", code: "DS089", at: `${SILVER_FILE}:${lineOf(root, SILVER_FILE, `rule("name_words"`)}`, message: "silver 'clients': rule 'name_words': SQL not checked for column names: it uses a lambda or arrow operator (->)" },
    ]);
    expect(out.diagnostics[0]!.hints).toEqual(["'fullname' is renamed to 'client_name': use the new name", "columns of silver 'clients' are id, client_name, preferred_store_id, registration_date, updated_at, churned", CATALOG.DS088.hint]);
    expect(out.files).toEqual([]);
  });

  it("a plain rule over the silver table's columns compiles without a diagnostic", { timeout: 60_000 }, async () => {
    const root = editedRoot(silverStep(`    rename: { fullname: "client_name" },\n    quality: [rule("name_not_blank", "trim(client_name) <> '' and _silver_source_ts is not null")],`));
    const out = await compileProject(root, { typecheck: false });
    expect(shown(out.diagnostics)).toEqual([]);
    expect(out.files.length).toBeGreaterThan(0);
  });
});

describe("dbt model SQL", () => {
  it("a qualified typo in a gold model: DS088 at its line", { timeout: 60_000 }, async () => {
    const root = editedRoot({ file: "dbt/models/gold/dim_clients.sql", from: "    c.client_name,", to: "    c.client_nme," });
    const out = await compileProject(root, { typecheck: false });
    expect(shown(out.diagnostics)).toEqual([
      { severity: "error", code: "DS088", at: "dbt/models/gold/dim_clients.sql:4", message: "model 'dim_clients' names column 'c.client_nme', which ref('stg_clients') does not have" },
    ]);
    expect(out.diagnostics[0]!.hints[0]).toBe("columns of ref('stg_clients') are client_id, client_name, preferred_store_id, registration_date, updated_at, churned");
    expect(out.files).toEqual([]);
  });

  it("a model over a ref() without declared columns is DS089, a warning: the project still compiles", { timeout: 60_000 }, async () => {
    const root = editedRoot({ file: "pipelines/dbt.ts", from: `  columns: { store_id: column("smallint", { tests: [isNotNull(), isUnique()] }), city: column("varchar"), store_name: column("varchar") },\n`, to: "" });
    const out = await compileProject(root, { typecheck: false });
    expect(shown(out.diagnostics)).toEqual([
      { severity: "warning", code: "DS089", at: "dbt/models/gold/dim_clients.sql:9", message: "model 'dim_clients': SQL not checked for column names: the columns of ref('stg_stores') are unknown (it declares no columns)" },
    ]);
    expect(out.files.length).toBeGreaterThan(0);
  });

  it("a CTE is DS089 at its line", { timeout: 60_000 }, async () => {
    const root = editedRoot({ file: "dbt/models/silver/stg_orders.sql", from: "-- One row per order.\nselect", to: "-- One row per order.\nwith o as (select * from {{ source('bronze', 'orders') }})\nselect" });
    const out = await compileProject(root, { typecheck: false });
    expect(shown(out.diagnostics)).toEqual([
      { severity: "warning", code: "DS089", at: "dbt/models/silver/stg_orders.sql:2", message: "model 'stg_orders': SQL not checked for column names: it uses a common table expression (with ...)" },
    ]);
  });
});
