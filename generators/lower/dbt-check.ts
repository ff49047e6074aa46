import type { DbtProject } from "../../dsl/dbt/project.ts";
import type { DbtSourceTable } from "../../dsl/dbt/sources.ts";
import { error } from "../diagnostics/diagnostic.ts";
import type { SourceRef } from "../ir/types.ts";
import type { LowerContext } from "./context.ts";
import { dataTypeProblem, identifierProblem, MAX_DBT_NAME, shown, tagProblem } from "./dbt-values.ts";

const IDENTIFIER_HINT = `a dbt name holds letters, digits and _, does not start with a digit and has at most ${MAX_DBT_NAME} characters`;

/**
 * Reports DS001 for every name of the dbt project that is not a dbt identifier (project, models,
 * columns, aliases, sources, tags, keys, schemas) and every column type outside the SQL type
 * grammar: such values would reach dbt's Jinja, paths or SQL unquoted.
 */
export function checkDbtValues(decl: DbtProject, ctx: LowerContext, columnsOf: (t: DbtSourceTable) => readonly { name: string; type: string }[]): void {
  const where = ctx.ref(decl.origin);
  const check = (problem: (v: unknown) => string | undefined, value: unknown, what: string, at: SourceRef | undefined, hint?: string) => {
    const why = problem(value);
    if (why) ctx.report(error("DS001", `${what} ${shown(value)} ${why}`, at, ...(hint ? [hint] : [])));
  };
  const name = (value: unknown, what: string, at: SourceRef | undefined) => check(identifierProblem, value, what, at, IDENTIFIER_HINT);

  name(decl.name, "dbt project name", where);
  // Numbers (threads, serving port, freshness hours, lookbacks) are checked in dbt-numbers.ts.

  for (const src of decl.sources ?? []) {
    const at = ctx.ref(src.origin);
    name(src.name, "dbt source name", at);
    if (src.loadedAtField !== undefined) name(src.loadedAtField, `loadedAtField of dbt source '${src.name}'`, at);
    check((v) => (v === undefined || typeof v === "boolean" ? undefined : "is not true or false"), src.external, `external of dbt source '${src.name}'`, at);
    for (const table of Object.values(src.tables) as DbtSourceTable[]) {
      name(table.name, `table name of dbt source '${src.name}'`, at);
      for (const c of columnsOf(table)) name(c.name, `column name of source table '${src.name}.${table.name}'`, at);
    }
  }

  for (const m of decl.models ?? []) {
    const at = ctx.ref(m.origin);
    name(m.name, "model name", at);
    const model = `model '${m.name}'`;
    if (m.alias !== undefined) name(m.alias, `alias of ${model}`, at);
    for (const tag of m.tags ?? []) check(tagProblem, tag, `tag of ${model}`, at, "a dbt tag holds letters, digits, _, -, : and .");
    if (m.publish?.postgres) name(m.publish.postgres.schema, `publish.postgres.schema of ${model}`, at);
    const mat = m.materialized;
    if (mat?.kind === "incremental") {
      for (const key of mat.uniqueKey ?? []) name(key, `uniqueKey of ${model}`, at);
    }
    for (const [column, c] of Object.entries(m.columns ?? {})) {
      name(column, `column name of ${model}`, at);
      check(dataTypeProblem, c.type, `type of column '${column}' of ${model}`, at);
      for (const t of c.tests ?? []) {
        if (t.kind === "relationships") name(t.field, `field of a references() test of '${m.name}.${column}'`, at);
        if (t.kind === "accepted_values") for (const v of t.values) if (typeof v === "number" && !Number.isFinite(v)) ctx.report(error("DS001", `isOneOf() value ${v} of '${m.name}.${column}' is not a finite number`, at));
      }
    }
  }
}
