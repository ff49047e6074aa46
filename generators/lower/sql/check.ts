/**
 * Checks the column names free SQL uses: dbt model SQL against the relations it reads (source
 * tables: the dataset's columns, system columns included; ref() models: their declared
 * `columns`; `{{ this }}`: the model's own) and silver rule(...) expressions against the silver
 * table as the job evaluates them. An unknown column is DS088 at its line; SQL the scanner cannot
 * decide on is DS089 (a warning, once per model or rule, naming why), never silently trusted.
 */
import { error, warning, type Diagnostic } from "../../diagnostics/diagnostic.ts";
import type { IrGraph, IrDbtModel, IrDbtProject, IrDbtSource, SourceRef } from "../../ir/types.ts";
import { scanColumns, type ColumnUse } from "./columns.ts";
import type { SqlRelation } from "./tokens.ts";

/** What the checker did with one model's SQL or one rule. */
export interface SqlCheck {
  /** `model 'stg_clients'`, `silver 'clients': rule 'name_not_blank'`. */
  readonly subject: string;
  readonly status: "checked" | "unchecked" | "skipped";
  /** Why it was not checked (DS089), or skipped (another diagnostic covers it). */
  readonly why?: string;
  /** Column uses found (checked ones). */
  readonly uses: number;
  readonly unknown: number;
}

/** A relation's columns as the SQL sees them, and the renames that explain a former name. */
export interface KnownColumns {
  readonly columns: readonly string[];
  readonly renames?: Readonly<Record<string, string>>;
  /** Accepted too, but left out of the hint (the silver job's cursor columns). */
  readonly hidden?: readonly string[];
}

const lc = (s: string) => s.toLowerCase();
/** Whether `name` is an alias defined before the use at token `index`. */
const aliasBefore = (aliases: ReadonlyMap<string, number>, name: string, index: number) => (aliases.get(lc(name)) ?? Infinity) < index;
const relationText = (r: SqlRelation, self: string) => (r.kind === "source" ? `source('${r.source}', '${r.name}')` : r.kind === "model" ? `ref('${r.name}')` : `{{ this }} (model '${self}')`);

function renameHint(name: string, renames: Readonly<Record<string, string>> | undefined): string[] {
  const key = Object.keys(renames ?? {}).find((k) => lc(k) === lc(name));
  return key !== undefined ? [`'${key}' is renamed to '${renames![key]}': use the new name`] : [];
}

/**
 * Checks one dbt model's SQL. `relationColumns` gives a relation's columns, `undefined` when
 * they are unknown (a model declaring none), or "undeclared" when the relation is not in the
 * project (GR013 reports that; the model is skipped).
 */
export function checkModelSql(
  model: Pick<IrDbtModel, "name" | "sql" | "sqlFile" | "origin">,
  relationColumns: (r: SqlRelation) => KnownColumns | undefined | "undeclared",
): { check: SqlCheck; diagnostics: Diagnostic[] } {
  const subject = `model '${model.name}'`;
  const at = (line: number, column: number): SourceRef => ({ file: model.sqlFile, line, column });
  if (model.sql.trim() === "") return { check: { subject, status: "skipped", why: "no SQL was read", uses: 0, unknown: 0 }, diagnostics: [] };
  const scan = scanColumns(model.sql, { jinja: true, doubleQuoted: "identifier", backslashEscapes: false, expression: false });
  const notChecked = (why: string, line: number, column: number) => ({
    check: { subject, status: "unchecked" as const, why, uses: 0, unknown: 0 },
    diagnostics: [warning("DS089", `${subject}: SQL not checked for column names: ${why}`, at(line, column))],
  });
  if (scan.kind === "unchecked") return notChecked(scan.why, scan.line, scan.column);

  const read: { relation: SqlRelation; alias?: string; known: KnownColumns; scope: number }[] = [];
  for (const r of scan.relations) {
    const known = relationColumns(r.relation);
    if (known === "undeclared") return { check: { subject, status: "skipped", why: `${relationText(r.relation, model.name)} is not declared`, uses: 0, unknown: 0 }, diagnostics: [] };
    if (known === undefined) return notChecked(`the columns of ${relationText(r.relation, model.name)} are unknown (it declares no columns)`, r.line, 1);
    read.push({ relation: r.relation, alias: r.alias, known, scope: r.scope });
  }
  /** The relations a use in `scope` sees: its query's, then those of the queries around it. */
  const visible = (scope: number) => {
    const out: (typeof read)[number][] = [];
    for (let s = scope; s >= 0; s = scan.scopeParents[s] ?? -1) out.push(...read.filter((r) => r.scope === s));
    return out;
  };
  /** The relation `qualifier` names in `scope`: its alias, else (without one) its own name. */
  const bound = (qualifier: string, scope: number) => {
    const seen = visible(scope);
    return seen.find((r) => r.alias !== undefined && lc(r.alias) === lc(qualifier)) ??
      seen.find((r) => r.alias === undefined && lc(r.relation.kind === "this" ? model.name : r.relation.name) === lc(qualifier));
  };
  const diagnostics: Diagnostic[] = [];
  const unknown = (u: ColumnUse, shown: string, of: (typeof read)[number][]) => {
    const which = of.length === 0 ? "is no alias it defines (it reads no relation)" : of.length === 1 ? `${relationText(of[0]!.relation, model.name)} does not have` : `none of ${of.map((r) => relationText(r.relation, model.name)).join(", ")} has`;
    diagnostics.push(error(
      "DS088",
      `${subject} names column '${shown}', which ${which}`,
      at(u.line, u.column),
      ...of.flatMap((r) => renameHint(u.name, r.known.renames)),
      ...of.map((r) => `columns of ${relationText(r.relation, model.name)} are ${r.known.columns.join(", ")}`),
    ));
  };
  for (const u of scan.uses) {
    const relation = u.qualifier !== undefined ? bound(u.qualifier, u.scope) : undefined;
    if (relation) {
      if (!relation.known.columns.some((c) => lc(c) === lc(u.name))) unknown(u, `${u.qualifier}.${u.name}`, [relation]);
      continue;
    }
    const name = u.qualifier ?? u.name; // `x.y` with no relation `x`: a field of struct column x
    const seen = visible(u.scope);
    const known = seen.some((r) => r.known.columns.some((c) => lc(c) === lc(name))) || bound(name, u.scope) !== undefined || aliasBefore(scan.aliases, name, u.index);
    if (!known) unknown({ ...u, name }, name, seen);
  }
  return { check: { subject, status: "checked", uses: scan.uses.length, unknown: diagnostics.length }, diagnostics };
}

/** The columns of a dbt source's table, from the dataset graph (`<layer>:<table>`). */
export type SourceColumns = (source: IrDbtSource, table: string) => KnownColumns | undefined;

/** Checks every model of the dbt project. */
export function checkDbtSql(dbt: IrDbtProject, sourceColumns: SourceColumns): { checks: SqlCheck[]; diagnostics: Diagnostic[] } {
  const checks: SqlCheck[] = [];
  const diagnostics: Diagnostic[] = [];
  const byName = new Map(dbt.models.map((m) => [m.name, m]));
  for (const m of dbt.models) {
    const result = checkModelSql(m, (r) => {
      if (r.kind === "this") return m.columns.length ? { columns: m.columns.map((c) => c.name) } : undefined;
      if (r.kind === "model") {
        const target = byName.get(r.name);
        if (!target) return "undeclared";
        return target.columns.length ? { columns: target.columns.map((c) => c.name) } : undefined;
      }
      const src = dbt.sources.find((s) => s.name === r.source);
      if (!src || !src.tables.some((t) => t.name === r.name)) return "undeclared";
      return sourceColumns(src, r.name) ?? "undeclared";
    });
    checks.push(result.check);
    diagnostics.push(...result.diagnostics);
  }
  return { checks, diagnostics };
}

/** What checkDbtSql finds for a compiled graph (source columns from its datasets). */
export function checkGraphSql(graph: IrGraph): { checks: SqlCheck[]; diagnostics: Diagnostic[] } {
  if (!graph.dbt) return { checks: [], diagnostics: [] };
  const datasets = new Map(graph.datasets.map((d) => [d.id, d]));
  return checkDbtSql(graph.dbt, (src, table) => {
    const d = datasets.get(src.tables.find((t) => t.name === table)!.dataset);
    return d ? { columns: d.columns.map((c) => c.name) } : undefined;
  });
}

/**
 * Checks a silver rule's Spark SQL condition against the columns the job evaluates it over
 * (`columns`: the silver table's after renames, and the job's cursor columns).
 */
export function checkRuleSql(
  rule: { readonly name: string; readonly sql: string },
  target: string,
  table: KnownColumns,
  at: SourceRef | undefined,
): { check: SqlCheck; diagnostics: Diagnostic[] } {
  const subject = `silver '${target}': rule '${rule.name}'`;
  const scan = scanColumns(rule.sql, { jinja: false, doubleQuoted: "string", backslashEscapes: true, expression: true });
  if (scan.kind === "unchecked") {
    return {
      check: { subject, status: "unchecked", why: scan.why, uses: 0, unknown: 0 },
      diagnostics: [warning("DS089", `${subject}: SQL not checked for column names: ${scan.why}`, at)],
    };
  }
  const inScope = new Set([...table.columns.map(lc), ...(table.hidden ?? []).map(lc)]);
  const diagnostics: Diagnostic[] = [];
  for (const u of scan.uses) {
    const name = u.qualifier ?? u.name;
    if (inScope.has(lc(name)) || aliasBefore(scan.aliases, name, u.index)) continue;
    diagnostics.push(error(
      "DS088",
      `${subject} names column '${name}', which the silver table does not have`,
      at,
      ...renameHint(name, table.renames),
      `columns of silver '${target}' are ${table.columns.join(", ")}`,
    ));
  }
  return { check: { subject, status: "checked", uses: scan.uses.length, unknown: diagnostics.length }, diagnostics };
}
