// The source schema's DDL, derived from the DSL declaration (pipelines/sources/ampere-db.ts) so
// the generator's tables cannot drift from what landing reads.
import type { PostgresSource, SourceTable } from "../../dsl/sources/table.ts";
import { db } from "../../pipelines/sources/ampere-db.ts";

/** The declared source (schema `source` of database `ampere_db`). */
// Tables of any column shape: the generator walks them generically.
export const source: PostgresSource<Record<string, SourceTable<any>>> = db;

/** One column as PostgreSQL declares it. */
export interface PgColumn {
  readonly name: string;
  /** e.g. `smallint`, `numeric(12,4)`, `timestamp without time zone`. */
  readonly type: string;
  readonly nullable: boolean;
}

const SIMPLE: Readonly<Record<string, string>> = {
  bigint: "bigint",
  int: "integer",
  smallint: "smallint",
  string: "text",
  boolean: "boolean",
  double: "double precision",
  float: "real",
  date: "date",
  // The DSL's timestamp is a UTC wall clock without zone (what landing reads over JDBC).
  timestamp: "timestamp without time zone",
};

/**
 * The PostgreSQL type of a DSL column type (Spark SQL names).
 * @example pgType("decimal(12,4)") // "numeric(12,4)"
 */
export function pgType(dslType: string): string {
  const simple = SIMPLE[dslType];
  if (simple) return simple;
  const m = /^decimal\((\d+),(\d+)\)$/.exec(dslType);
  if (m) return `numeric(${m[1]},${m[2]})`;
  throw new Error(`no PostgreSQL type for the DSL column type '${dslType}' (extend local/synthetic/ddl.ts)`);
}

/** A table's columns in declaration order; keys are NOT NULL, like the job specs declare them. */
export function pgColumns(t: SourceTable): PgColumn[] {
  return Object.entries(t.columns).map(([name, c]) => ({ name, type: pgType(c.type), nullable: c.nullable && !t.keys.includes(name) }));
}

/** A double-quoted SQL identifier. */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** `"schema"."table"`. */
export const qualified = (t: SourceTable, schema = source.schema): string => `${ident(schema)}.${ident(t.name)}`;

/**
 * CREATE TABLE for a declared table: its columns, types, NOT NULL and primary key (the keys).
 * @example
 * createTableSql(db.tables.stores)
 * // CREATE TABLE "source"."stores" ("id" smallint NOT NULL, "city" text, "store_name" text, PRIMARY KEY ("id"))
 */
export function createTableSql(t: SourceTable, schema = source.schema): string {
  const cols = pgColumns(t).map((c) => `${ident(c.name)} ${c.type}${c.nullable ? "" : " NOT NULL"}`);
  return `CREATE TABLE ${qualified(t, schema)} (${[...cols, `PRIMARY KEY (${t.keys.map(ident).join(", ")})`].join(", ")})`;
}

/** The declared table called `name`. */
export function table(name: string): SourceTable {
  const t = source.tables[name];
  if (!t) throw new Error(`no table '${name}' in the declaration of source '${source.name}'`);
  return t;
}
