// Checks every generated data set must pass, whatever the day: rows carry exactly the declared
// columns, keys are unique, and non-nullable columns (keys, and the event date or time of facts
// and events, which landing refuses NULL in) hold no NULL.
import { db } from "../../../pipelines/sources/ampere-db.ts";
import type { SourceTable } from "../../../dsl/sources/table.ts";
import type { Row, Tables } from "../../../local/synthetic/rows.ts";

/** Columns that must never be NULL: keys, declared non-nullable ones, behaviour columns. */
export function requiredColumns(t: SourceTable): string[] {
  const b = t.behaviour;
  const behaviour = b.kind === "fact" ? [b.eventDate] : b.kind === "event" ? [b.eventTime] : b.kind === "mutableDimension" ? [b.watermark, ...(b.created ? [b.created] : [])] : [];
  return Object.entries(t.columns).filter(([name, c]) => t.keys.includes(name) || !c.nullable || behaviour.includes(name)).map(([name]) => name);
}

/** Problems found in the tables, as readable lines (empty: all good). */
export function violations(tables: Tables): string[] {
  const out: string[] = [];
  for (const t of db.all) {
    const rows: readonly Row[] | undefined = tables[t.name];
    if (!rows) { out.push(`${t.name}: no rows array`); continue; }
    const declared = Object.keys(t.columns);
    const required = requiredColumns(t);
    const keys = new Set<string>();
    for (const row of rows) {
      const cols = Object.keys(row);
      if (cols.length !== declared.length || !declared.every((c) => c in row)) out.push(`${t.name}: row columns ${cols.join(",")} are not ${declared.join(",")}`);
      for (const c of required) if (row[c] === null || row[c] === undefined) out.push(`${t.name}: NULL in ${c}: ${JSON.stringify(row)}`);
      const key = JSON.stringify(t.keys.map((k) => row[k]));
      if (keys.has(key)) out.push(`${t.name}: duplicate key ${key}`);
      keys.add(key);
    }
  }
  return out.slice(0, 20);
}
