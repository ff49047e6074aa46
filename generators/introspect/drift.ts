// Drift between a live schema and its declarations, in the DSL's terms: a database change that
// leaves the declaration as it is (varchar(20) -> text, timestamp -> timestamptz, a key column's
// NOT NULL) is no drift; a type the DSL cannot hold (types.ts) is never a retype.
import type { DeclaredSource, DeclaredTable } from "./declarations.ts";
import type { DbColumn, DbSchema, DbTable } from "./read.ts";
import { mapPgType } from "./types.ts";

export type DriftKind = "table added" | "table removed" | "column added" | "column removed" | "column retyped" | "nullability changed";

export interface Drift {
  readonly kind: DriftKind;
  readonly table: string;
  readonly column?: string;
  /** One line: what the declaration says and what the database has. */
  readonly message: string;
}

const nullability = (nullable: boolean) => (nullable ? "nullable" : "not null");

/**
 * Every difference between `db` and `declared` (tables of `only` when given), in the order of the
 * database's tables and columns, then declared tables the database no longer has.
 */
export function driftOf(db: DbSchema, declared: DeclaredSource, only?: readonly string[]): Drift[] {
  const out: Drift[] = [];
  const at = (t: string, c?: string) => `${db.schema}.${t}${c ? `.${c}` : ""}`;
  const byName = new Map(declared.tables.map((t) => [t.name, t]));
  for (const table of db.tables) {
    const d = byName.get(table.name);
    if (!d) {
      out.push({ kind: "table added", table: table.name, message: `table added: ${at(table.name)} (${table.columns.length} column${table.columns.length === 1 ? "" : "s"}: ${table.columns.map((c) => c.name).join(", ")})` });
      continue;
    }
    out.push(...columnDrift(table, d, at));
  }
  const live = new Set(db.tables.map((t) => t.name));
  for (const t of declared.tables) {
    if (live.has(t.name) || (only && !only.includes(t.name))) continue;
    out.push({ kind: "table removed", table: t.name, message: `table removed: ${at(t.name)} is declared but not in the database` });
  }
  return out;
}

function columnDrift(table: DbTable, d: DeclaredTable, at: (t: string, c?: string) => string): Drift[] {
  const out: Drift[] = [];
  const declared = new Map(d.columns.map((c) => [c.name, c]));
  for (const c of table.columns) {
    const dc = declared.get(c.name);
    const m = mapPgType(c.pgType, c.kind);
    if (!dc) {
      out.push({ kind: "column added", table: table.name, column: c.name, message: `column added: ${at(table.name, c.name)} ${describe(c)}` });
      continue;
    }
    if (dc.type === undefined) continue; // not a plain builder call: the author's own expression
    if (!m.unmapped && dc.type !== m.type) {
      out.push({ kind: "column retyped", table: table.name, column: c.name, message: `column retyped: ${at(table.name, c.name)} is declared ${dc.type}, the database has ${c.pgType} (${m.type})` });
    }
    if (d.keys.includes(c.name)) continue;
    if (dc.nullable !== undefined && dc.nullable !== c.nullable) {
      out.push({ kind: "nullability changed", table: table.name, column: c.name, message: `nullability changed: ${at(table.name, c.name)} is declared ${nullability(dc.nullable)}, the database has it ${nullability(c.nullable)}` });
    }
  }
  const live = new Set(table.columns.map((c) => c.name));
  for (const c of d.columns) {
    if (!live.has(c.name)) out.push({ kind: "column removed", table: table.name, column: c.name, message: `column removed: ${at(table.name, c.name)} is declared but not in the database` });
  }
  return out;
}

const describe = (c: DbColumn) => `(${c.pgType}${c.nullable ? "" : " not null"})`;
