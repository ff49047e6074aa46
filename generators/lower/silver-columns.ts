import type { Origin } from "../../dsl/internal/origin.ts";
import type { SilverTable } from "../../dsl/medallion/silver.ts";
import { error } from "../diagnostics/diagnostic.ts";
import type { SourceRef } from "../ir/types.ts";
import type { LowerContext } from "./context.ts";
import { silverColumnNames, silverRenames } from "./dataset-columns.ts";
import { checkRuleSql } from "./sql/check.ts";

/**
 * Columns the silver job has beside the table's own while it evaluates rules (silver/transform.py
 * INTERNAL: the incremental cursor and the landing time; the lineage columns come later).
 */
export const RULE_CURSOR_COLUMNS = ["_silver_source_ts", "_ingest_ts"] as const;

const names = (columns: readonly string[]) => columns.join(", ");

/**
 * The column names of a silver declaration must exist; the types catch a typo, this catches
 * what reached the compiler untyped (plain JS, `as any`, names built at run time).
 * - `rename` and `cast` keys name source columns (DS010, at the silver() line; a cast may also
 *   name a column by its new name, as the job accepts);
 * - dedupe, quality rules, scd2(...) and partitionBy name the silver table's columns, after the
 *   renames (DS085, at the line of the rule or scd2() call, else of silver()).
 */
export function checkSilverColumns(s: SilverTable, where: SourceRef | undefined, ctx: LowerContext): void {
  const target = s.spec?.target ?? s.table?.name;
  const at = (origin?: Origin) => ctx.ref(origin) ?? ctx.ref(s.origin) ?? where;

  const source = Object.keys(s.table?.columns ?? {});
  const renames = silverRenames(s);
  const sourceHint = `columns of '${s.table?.name}' are ${names(source)}`;
  const needSource = (column: unknown, role: string, known: readonly string[]) => {
    if (!known.includes(column as string)) ctx.report(error("DS010", `silver '${target}': ${role} '${String(column)}' is not a column of '${s.table?.name}'`, at(), sourceHint));
  };
  for (const c of Object.keys(s.spec?.rename ?? {})) needSource(c, "renamed column", source);
  for (const c of Object.keys(s.spec?.cast ?? {})) needSource(c, "cast column", [...source, ...Object.values(renames)]);

  /** A list of column names; anything else (only possible untyped) is one DS001. */
  const list = (v: unknown, what: string, origin?: Origin): unknown[] => {
    if (v === undefined || Array.isArray(v)) return v ?? [];
    ctx.report(error("DS001", `silver '${target}': ${what} must be a list of column names, not ${v === null ? "null" : `a ${typeof v}`}`, at(origin)));
    return [];
  };
  const columns = silverColumnNames(s);
  const need = (column: unknown, role: string, origin?: Origin, owner?: string) => {
    if (columns.includes(column as string)) return;
    const renamedTo = typeof column === "string" && Object.hasOwn(renames, column) ? renames[column] : undefined;
    const hints = [...(renamedTo !== undefined ? [`'${column}' is renamed to '${renamedTo}': use the new name`] : []), `columns of silver '${target}' are ${names(columns)}`];
    ctx.report(error("DS085", `silver '${target}': ${role} '${String(column)}'${owner ? ` of ${owner}` : ""} is not a column of the silver table`, at(origin), ...hints));
  };
  const dedupe = s.spec?.dedupe;
  if (dedupe) {
    for (const c of list(dedupe.by, "dedupe.by")) need(c, "dedupe column");
    if (dedupe.latest !== undefined) need(dedupe.latest, "dedupe ordering column");
  }
  for (const r of (Array.isArray(s.spec?.quality) ? s.spec.quality : []) as { name?: unknown; sql?: unknown; columns?: unknown; origin?: Origin }[]) {
    const typed = Array.isArray(r?.columns) ? r.columns : [];
    for (const c of typed) need(c, "column", r.origin, `rule '${String(r.name)}'`);
    // A rule(name, sql) names its columns in free SQL: checked by the SQL scanner (DS088 / DS089).
    if (typed.length === 0 && typeof r?.sql === "string") {
      for (const d of checkRuleSql({ name: String(r.name), sql: r.sql }, String(target), { columns, renames, hidden: RULE_CURSOR_COLUMNS }, at(r.origin)).diagnostics) ctx.report(d);
    }
  }
  const write = s.spec?.write;
  if (write?.mode === "scd2") {
    for (const c of list(write.track, "scd2 track", write.origin)) need(c, "scd2 tracked column", write.origin);
    if (write.orderBy !== undefined) need(write.orderBy, "scd2 ordering column", write.origin);
  }
  for (const c of list(s.spec?.partitionBy, "partitionBy")) need(c, "partition column");
}
