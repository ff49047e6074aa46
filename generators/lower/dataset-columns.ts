import type { SilverTable } from "../../dsl/medallion/silver.ts";
import type { SourceTable } from "../../dsl/sources/table.ts";
import { isKind } from "../../dsl/values.ts";

/** A silver declaration's renames (source column → new name), without holes. */
export function silverRenames(s: SilverTable): Record<string, string> {
  return Object.fromEntries(Object.entries(s.spec?.rename ?? {}).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/**
 * A silver table's columns in declaration order: its source table's, renames applied (what the
 * job's dedupe, rules, write mode and partitioning see; the types in dsl/medallion/silver-columns.ts
 * say the same).
 */
export function silverColumnNames(s: SilverTable): string[] {
  const renames = silverRenames(s);
  return Object.keys(s.table?.columns ?? {}).map((name) => renames[name] ?? name);
}

/** Columns of a dataset as dbt sees it: silver tables after their renames and casts. */
export function datasetColumns(d: SourceTable | SilverTable): { name: string; type: string }[] {
  if (isKind(d, "silver-table")) {
    const s = d as SilverTable;
    const renames = silverRenames(s);
    const casts = (s.spec.cast ?? {}) as Record<string, string>;
    return Object.entries(s.table.columns).map(([name, c]) => ({ name: renames[name] ?? name, type: casts[name] ?? casts[renames[name] ?? ""] ?? c.type }));
  }
  return Object.entries((d as SourceTable).columns).map(([name, c]) => ({ name, type: c.type }));
}
