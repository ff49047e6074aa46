/**
 * Values that used to be accepted silently and broke later (in Airflow, Kubernetes, Spark or
 * dbt) are refused with a diagnostic at the declaring line. Each case edits the reference
 * pipelines (copied to a temporary root) and compiles them in-process, without type-check.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileProject } from "../../../generators/compile.ts";
import { ROOT } from "./helpers.ts";

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

const SILVER_HEAD = `import { after, group, rule, silver, silverLoad } from "../dsl/index.ts";\nimport { bronze } from "./medallion.ts";\nimport { db } from "./sources/ampere-db.ts";\n`;
const OTHER_SOURCE = `import { int64, postgresSource, snapshot, table } from "../dsl/index.ts";\nimport { platform } from "./project.ts";\nconst other = postgresSource({ name: "other_db", schema: "s", connection: { host: "h", database: "o", user: platform.secrets.pgUser, password: platform.secrets.pgPassword }, tables: { things: table({ columns: { id: int64() }, keys: ["id"], behaviour: snapshot() }) } });\n`;
const RELEASE = `variable("ampere_release_version", "latest")`;
const PREP_IMAGE = `image("ghcr.io/antonminiazev/init-source-preparation", { tag: release })`;

interface Case {
  readonly name: string;
  readonly file: string;
  readonly from: string;
  readonly to: string;
  readonly extra?: Readonly<Record<string, string>>;
  readonly code: string;
  /** The diagnostic is on the line holding this text (in `atFile`, default `file`). */
  readonly at: string;
  readonly atFile?: string;
  readonly message: RegExp;
}

const CASES: readonly Case[] = [
  { name: "startDate 2025-02-31", file: "pipelines/project.ts", from: `startDate: "2025-08-24"`, to: `startDate: "2025-02-31"`, code: "DS001", at: "export const platform = project({", message: /'startDate' must be a real calendar date/ },
  { name: "the same table in two groups of one step", file: "pipelines/medallion.ts", from: `[...db.facts, ...db.events], { executors: 2, memory: "1536m"`, to: `[...db.facts, ...db.events, db.tables.stores], { executors: 2, memory: "1536m"`, code: "GR020", at: "export const rawLanding", message: /^table 'stores' is in two groups of pipeline 'raw_landing__postgres_to_landing__daily'/ },
  { name: "a table landed by two pipelines", file: "pipelines/medallion.ts", from: "export const bronze", to: `export const again = landing({ id: "again", source: db, schedule: after(rawLanding), groups: [group("again", [db.tables.stores])] });\nexport const bronze`, code: "GR021", at: "export const rawLanding", message: /^table 'ampere_db\.stores' is landed by two pipelines: 'again' and 'raw_landing__/ },
  { name: "two silver tables with one target", file: "pipelines/medallion.ts", from: "", to: "", extra: { "pipelines/silver.ts": `${SILVER_HEAD}export const s = silverLoad({ id: "s", schedule: after(bronze), groups: [group("g", [silver(db.tables.stores, { target: "t" }), silver(db.tables.clients, { target: "t" })])] });\n` }, code: "GR022", atFile: "pipelines/silver.ts", at: "export const s =", message: /^silver table 't' is the target of two declarations/ },
  { name: "a landing step given another source's table", file: "pipelines/medallion.ts", from: "export const bronze", to: `${OTHER_SOURCE}export const l3 = landing({ id: "l3", source: db, schedule: after(rawLanding), groups: [group("other", [other.tables.things])] });\nexport const bronze`, code: "GR023", at: "export const l3", message: /reads source 'ampere_db', but table 'things' belongs to source 'other_db'/ },
  { name: "a dbt source over a bronze table no bronze step writes", file: "pipelines/medallion.ts", from: `group("facts-events", [...db.facts, ...db.events], { executors: 2, memory: "2560m" })`, to: `group("facts-events", [...db.facts.filter((t) => t.name !== "payments"), ...db.events], { executors: 2, memory: "2560m" })`, code: "GR026", atFile: "pipelines/dbt.ts", at: "export const silverFullRebuild", message: /^task 'run__silver__dbt_full_rebuild' of 'ampere__silver__dbt_duckdb__full_rebuild' \(and 1 other task\) reads bronze table 'payments' \(s3a:\/\/ampere-bronze\/bronze\/source\/payments\), which no task of the project writes$/ },
  { name: "two dbt sources with one name", file: "pipelines/dbt.ts", from: "sources: [bronzeSrc]", to: `sources: [bronzeSrc, dbtSource("bronze", "bronze", { stores: db.tables.stores })]`, code: "GR024", at: "sources: [bronzeSrc, dbtSource(", message: /^dbt project 'ampere' has two sources named 'bronze'$/ },
  { name: "a dbt project name dbt refuses", file: "pipelines/dbt.ts", from: `name: "ampere",\n  image`, to: `name: "my-project",\n  image`, code: "DS001", at: "export const warehouse = dbtProject({", message: /dbt project name "my-project"/ },
  { name: "an empty Variable name", file: "pipelines/project.ts", from: RELEASE, to: `variable("", "latest")`, code: "DS084", at: "export const platform = project({", message: /Airflow Variable name "" is empty/ },
  { name: "a 10,000-character Variable name", file: "pipelines/project.ts", from: RELEASE, to: `variable("${"v".repeat(10_000)}", "latest")`, code: "DS084", at: "export const platform = project({", message: /is 10000 characters long \(at most 250\)/ },
  { name: "an empty image reference", file: "pipelines/project.ts", from: PREP_IMAGE, to: `image("", { tag: release })`, code: "DS082", at: "export const platform = project({", message: /repository "" is empty/ },
  { name: "a malformed image reference", file: "pipelines/project.ts", from: PREP_IMAGE, to: `image("ghcr.io/Acme/bad image", { tag: release })`, code: "DS082", at: "export const platform = project({", message: /invalid path component 'Acme'/ },
  { name: "a malformed image tag", file: "pipelines/project.ts", from: PREP_IMAGE, to: `image("ghcr.io/acme/x", { tag: "1.0 beta" })`, code: "DS082", at: "export const platform = project({", message: /tag "1\.0 beta" is not a valid image tag/ },
  { name: "an empty secret key", file: "pipelines/project.ts", from: `k8sSecret("pguser", "pguser")`, to: `k8sSecret("pguser", "")`, code: "DS083", at: "export const platform = project({", message: /key "" of Kubernetes secret 'pguser'/ },
  { name: "a malformed secret key", file: "pipelines/project.ts", from: `k8sSecret("pguser", "pguser")`, to: `k8sSecret("pguser", "user/name")`, code: "DS083", at: "export const platform = project({", message: /key "user\/name"/ },
  { name: `loadedAtField: ""`, file: "pipelines/dbt.ts", from: `loadedAtField: "_bronze_last_apply_ts"`, to: `loadedAtField: ""`, code: "DS001", at: "export const bronzeSrc", message: /loadedAtField of dbt source 'bronze'/ },
  { name: `onFail: "explode"`, file: "pipelines/medallion.ts", from: "", to: "", extra: { "pipelines/silver.ts": `${SILVER_HEAD}export const s = silverLoad({ id: "s", schedule: after(bronze), groups: [group("g", [silver(db.tables.stores, { quality: [rule("r", "id > 0", { onFail: "explode" as never })] })])] });\n` }, code: "DS001", atFile: "pipelines/silver.ts", at: "export const s =", message: /rule 'r' has onFail "explode"/ },
  { name: "a project sparkConf replacing the Delta extension", file: "pipelines/project.ts", from: `"spark.sql.adaptive.enabled": "true",`, to: `"spark.sql.extensions": "com.example.Other",`, code: "DS081", at: "export const platform = project({", message: /sets 'spark\.sql\.extensions', which the compiler sets itself/ },
  { name: "a group sparkConf replacing the Delta catalog", file: "pipelines/medallion.ts", from: "{ executors: 1 }", to: `{ executors: 1, sparkConf: { "spark.sql.catalog.spark_catalog": "x" } }`, code: "DS081", at: `group("snapshots-mutable-dims", [...db.snapshots, ...db.mutableDimensions], { executors: 1,`, message: /^group 'snapshots-mutable-dims' sparkConf sets 'spark\.sql\.catalog\.spark_catalog'/ },
  { name: `spark.version "3.3.2"`, file: "pipelines/project.ts", from: `version: "4.1.0"`, to: `version: "3.3.2"`, code: "DS001", at: "export const platform = project({", message: /'spark\.version' must be a Spark 4\.1 version/ },
];

/** The reference pipelines with one edit, in a fresh root. */
function editedRoot(c: Case): string {
  const root = mkdtempSync(path.join(tmpdir(), "refused-"));
  roots.push(root);
  cpSync(path.join(ROOT, "pipelines"), path.join(root, "pipelines"), { recursive: true });
  cpSync(path.join(ROOT, "dbt"), path.join(root, "dbt"), { recursive: true });
  symlinkSync(path.join(ROOT, "dsl"), path.join(root, "dsl"), "dir");
  const file = path.join(root, c.file);
  const text = readFileSync(file, "utf8");
  if (!text.includes(c.from)) throw new Error(`${c.file} no longer holds ${c.from}`);
  writeFileSync(file, text.replace(c.from, c.to));
  for (const [rel, body] of Object.entries(c.extra ?? {})) writeFileSync(path.join(root, rel), body);
  return root;
}

const lineOf = (root: string, rel: string, needle: string): number => {
  const lines = readFileSync(path.join(root, rel), "utf8").split("\n");
  const i = lines.findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`${needle} not found in ${rel}`);
  return i + 1;
};

describe("values accepted silently before are refused at the declaring line", () => {
  it("the reference pipelines compile with no error (the base every case edits)", async () => {
    const root = editedRoot({ name: "none", file: "pipelines/project.ts", from: "", to: "", code: "", at: "", message: /./ });
    expect((await compileProject(root, { typecheck: false })).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it.each(CASES)("$name → $code", { timeout: 30_000 }, async (c) => {
    const root = editedRoot(c);
    const out = await compileProject(root, { typecheck: false });
    const errors = out.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => ({ code: d.code, file: d.location?.file, line: d.location?.line, message: d.message }))).toEqual([
      { code: c.code, file: c.atFile ?? c.file, line: lineOf(root, c.atFile ?? c.file, c.at), message: expect.stringMatching(c.message) },
    ]);
    expect(out.files).toEqual([]);
  });
});
