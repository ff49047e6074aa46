// Writing and updating source declarations from a schema (generators/introspect/write.ts), and the
// drift between them (drift.ts), without a database: schemas are built in memory.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { findSource, parseFile, type DeclaredSource } from "../../../generators/introspect/declarations.ts";
import { driftOf } from "../../../generators/introspect/drift.ts";
import type { DbColumn, DbSchema, DbTable } from "../../../generators/introspect/read.ts";
import { writeSource, type WriteOptions } from "../../../generators/introspect/write.ts";
import { pgColumns, source } from "../../../local/synthetic/ddl.ts";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const REFERENCE = readFileSync(path.join(ROOT, "pipelines/sources/ampere-db.ts"), "utf8");

const col = (name: string, pgType: string, nullable = true): DbColumn => ({ name, pgType, kind: "b", nullable });
const tbl = (name: string, columns: DbColumn[], primaryKey: string[] = [], uniques: string[][] = []): DbTable => ({ name, columns, primaryKey, uniques });

/** The reference's 16 tables as the synthetic generator creates them. */
const reference: DbSchema = {
  database: "ampere_db",
  schema: "source",
  tables: source.all.map((t) => tbl(t.name, pgColumns(t).map((c) => col(c.name, c.type, c.nullable)), [...t.keys])),
};

const options = (schema: DbSchema, existing?: string, extra: Partial<WriteOptions> = {}): WriteOptions => ({
  schema,
  existing,
  fileLabel: "pipelines/sources/x.ts",
  name: "shop",
  dslImport: "../../dsl/index.ts",
  host: "db.example",
  port: 5432,
  ...extra,
});

function write(o: WriteOptions) {
  const r = writeSource(o);
  if ("error" in r) throw new Error(r.error);
  return r;
}

function declared(text: string, schema = "source"): DeclaredSource {
  const d = findSource(parseFile("x.ts", text), schema);
  if (typeof d === "string") throw new Error(d);
  return d;
}

const shop = (tables: DbTable[]): DbSchema => ({ database: "shop", schema: "source", tables });
const customers = (extra: DbColumn[] = []) =>
  tbl("customers", [col("id", "integer", false), col("name", "text", false), col("balance", "numeric(12,2)"), col("updated_at", "date"), ...extra], ["id"]);
const events = () => tbl("events", [col("at", "timestamp with time zone"), col("kind", "character varying(20)")]);

describe("introspect: writing declarations", () => {
  it("rewriting the reference declaration from its own schema changes no byte, and finds no drift", () => {
    expect(write(options(reference, REFERENCE, { name: "ampere_db" })).text).toBe(REFERENCE);
    expect(driftOf(reference, declared(REFERENCE))).toEqual([]);
  });

  it("a new file: builders imported, keys from the primary key, snapshot() with a TODO, a keyless table's TODO", () => {
    const { text } = write(options(shop([customers(), events()])));
    expect(text).toContain(`import { date, decimal, int32, k8sSecret, postgresSource, snapshot, table, text, timestamp } from "../../dsl/index.ts";`);
    expect(text).toContain(`export const shop = postgresSource({\n  name: "shop",\n  schema: "source",`);
    expect(text).toContain(`    customers: table({
      columns: {
        id: int32(),
        name: text({ nullable: false }),
        balance: decimal(12, 2),
        updated_at: date(),
      },
      keys: ["id"],
      // TODO: choose the behaviour: snapshot(), mutableDimension({ watermark }), fact({ eventDate }) or event({ eventTime })
      behaviour: snapshot(),
    }),`);
    expect(text).toContain(`      // TODO: the table has no primary key or unique constraint: name its logical key\n      keys: ["at"],`);
    expect(text).toContain(`user: k8sSecret("shop-credentials", "user")`);
    // A rerun over the same schema changes nothing.
    expect(write(options(shop([customers(), events()]), text)).text).toBe(text);
    expect(driftOf(shop([customers(), events()]), declared(text))).toEqual([]);
  });

  it("keys: the primary key, else the first unique constraint", () => {
    const t = tbl("codes", [col("a", "text", false), col("b", "text", false)], [], [["a", "b"], ["b"]]);
    expect(write(options(shop([t]))).text).toContain(`keys: ["a", "b"],`);
  });

  it("a rerun keeps hand edits and follows the database: added (first, middle, last), removed, retyped and re-nulled columns", () => {
    const first = write(options(shop([customers(), events()]))).text;
    const edited = first
      .replace(
        `      keys: ["id"],\n      // TODO: choose the behaviour: snapshot(), mutableDimension({ watermark }), fact({ eventDate }) or event({ eventTime })\n      behaviour: snapshot(),`,
        `      keys: ["id"],\n      // Changes daily; the watermark is the update date.\n      behaviour: mutableDimension({ watermark: "updated_at", granularity: "day" }),`,
      )
      .replace(`        balance: decimal(12, 2),`, `        // money, in the shop's currency\n        balance: decimal(12, 2), // hand-written note`)
      .replace(`import { date,`, `import { mutableDimension, date,`);
    expect(edited).not.toBe(first);
    const changed = shop([
      tbl("customers", [col("tenant", "smallint", false), col("id", "integer", false), col("balance", "numeric(14,2)"), col("email", "text"), col("updated_at", "date", false), col("tags", "text[]")], ["id"]),
      events(),
    ]);
    const drift = driftOf(changed, declared(edited)).map((d) => d.message);
    expect(drift).toEqual([
      "column added: source.customers.tenant (smallint not null)",
      "column retyped: source.customers.balance is declared decimal(12,2), the database has numeric(14,2) (decimal(14,2))",
      "column added: source.customers.email (text)",
      "nullability changed: source.customers.updated_at is declared nullable, the database has it not null",
      "column added: source.customers.tags (text[])",
      "column removed: source.customers.name is declared but not in the database",
    ]);
    const r = write(options(changed, edited));
    expect(r.text).toContain(`    customers: table({
      columns: {
        tenant: int16({ nullable: false }),
        id: int32(),
        // money, in the shop's currency
        balance: decimal(14, 2), // hand-written note
        email: text(),
        updated_at: date({ nullable: false }),
        // text[]: an array, kept as its text form (the jobs have no array type)
        tags: text(),
      },
      keys: ["id"],
      // Changes daily; the watermark is the update date.
      behaviour: mutableDimension({ watermark: "updated_at", granularity: "day" }),
    }),`);
    expect(r.text).toContain(`import { date, decimal, int16, int32, k8sSecret, mutableDimension, postgresSource, snapshot, table, text, timestamp } from`);
    expect(r.notes).toEqual(["source.customers.name is no longer in the database: removed from the declaration (fix what still names it)"]);
    expect(driftOf(changed, declared(r.text))).toEqual([]);
    expect(write(options(changed, r.text)).text).toBe(r.text);
  });

  it("one-line columns stay one line unless a comment is needed; new tables are appended after the hand-ordered ones", () => {
    const text = `import { int32, postgresSource, snapshot, table, text } from "../../dsl/index.ts";
import { platform } from "../project.ts";

export const db = postgresSource({
  name: "shop",
  schema: "source",
  connection: { host: "pg", database: "shop", user: platform.secrets.u, password: platform.secrets.p },
  tables: {
    // Dictionaries first.
    b: table({ columns: { id: int32(), label: text() }, keys: ["id"], behaviour: snapshot() }),
    a: table({ columns: { id: int32() }, keys: ["id"], behaviour: snapshot() }),
  },
});
`;
    const schema = shop([
      tbl("a", [col("id", "integer", false), col("tags", "integer[]")], ["id"]),
      tbl("b", [col("id", "integer", false), col("label", "text"), col("code", "text")], ["id"]),
      tbl("c", [col("id", "bigint", false)], ["id"]),
    ]);
    const r = write(options(schema, text));
    expect(r.text).toBe(`import { int32, int64, postgresSource, snapshot, table, text } from "../../dsl/index.ts";
import { platform } from "../project.ts";

export const db = postgresSource({
  name: "shop",
  schema: "source",
  connection: { host: "pg", database: "shop", user: platform.secrets.u, password: platform.secrets.p },
  tables: {
    // Dictionaries first.
    b: table({ columns: { id: int32(), label: text(), code: text() }, keys: ["id"], behaviour: snapshot() }),
    a: table({ columns: {
      id: int32(),
      // integer[]: an array, kept as its text form (the jobs have no array type)
      tags: text(),
    }, keys: ["id"], behaviour: snapshot() }),

    c: table({
      columns: {
        id: int64(),
      },
      keys: ["id"],
      // TODO: choose the behaviour: snapshot(), mutableDimension({ watermark }), fact({ eventDate }) or event({ eventTime })
      behaviour: snapshot(),
    }),
  },
});
`);
    expect(write(options(schema, r.text)).text).toBe(r.text);
  });

  it("a declared table the database no longer has is kept and reported; --tables leaves other tables alone", () => {
    const text = write(options(shop([customers(), events()]))).text;
    const r = write(options(shop([events()]), text));
    expect(r.text).toBe(text);
    expect(r.notes).toEqual(["source.customers is declared but not in the database: kept (remove it by hand once no pipeline uses it)"]);
    expect(driftOf(shop([events()]), declared(text)).map((d) => d.message)).toEqual(["table removed: source.customers is declared but not in the database"]);
    expect(write(options(shop([events()]), text, { only: ["events"] })).notes).toEqual([]);
    expect(driftOf(shop([events()]), declared(text), ["events"])).toEqual([]);
  });

  it("an unmapped type is reported, written as text() with a TODO, and the author's later choice is kept", () => {
    const schema = shop([tbl("t", [col("id", "integer", false), col("span", "interval")], ["id"])]);
    const r = write(options(schema));
    expect(r.notes).toEqual(["source.t.span: interval has no column type; written as text() with a TODO comment"]);
    expect(r.text).toContain(`        // TODO: interval cannot be mapped (no column type holds it); declared as text(): choose its type\n        span: text(),`);
    const chosen = r.text.replace("span: text(),", "span: int64(),").replace("import { ", "import { int64, ");
    expect(write(options(schema, chosen)).text).toBe(chosen);
    expect(driftOf(schema, declared(chosen))).toEqual([]);
  });

  it("a file without a source of the schema is an error, not a rewrite", () => {
    const r = writeSource(options(shop([events()]), REFERENCE, { schema: { ...shop([events()]), schema: "other" } }));
    expect(r).toEqual({ error: `pipelines/sources/x.ts declares no postgresSource of schema "other" (it declares "source")` });
  });
});
