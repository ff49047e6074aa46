import type { DbtProject } from "../../dsl/dbt/project.ts";
import type { DbtSourceTable } from "../../dsl/dbt/sources.ts";
import { SYSTEM_COLUMNS } from "../../dsl/system-columns.ts";
import { error } from "../diagnostics/diagnostic.ts";
import type { LowerContext } from "./context.ts";
import { datasetColumns, silverRenames } from "./dataset-columns.ts";
import type { IrDataset } from "../ir/datasets.ts";
import type { SourceColumns } from "./sql/check.ts";
import type { SilverTable } from "../../dsl/medallion/silver.ts";
import { isKind } from "../../dsl/values.ts";
import { identifierProblem } from "./dbt-values.ts";

const quoted = (names: readonly string[]) => names.map((n) => `'${n}'`).join(", ");

/**
 * The columns a dbt source's `loadedAtField` and a model's `incremental({ uniqueKey })` name
 * must exist; the types catch a typo, this catches what reached the compiler untyped. A name
 * that is not a dbt identifier is DS001 already (dbt-check.ts) and is not reported again.
 * (references() fields are checked where their relation is resolved, in dbt.ts.)
 */
export function checkDbtColumns(decl: DbtProject, ctx: LowerContext): void {
  for (const src of decl.sources ?? []) {
    const field = src.loadedAtField;
    if (field === undefined || identifierProblem(field)) continue;
    const system: readonly string[] = SYSTEM_COLUMNS[src.layer] ?? [];
    const tables = Object.values(src.tables ?? {}) as DbtSourceTable[];
    const columnsOf = (t: DbtSourceTable) => [...datasetColumns(t.dataset).map((c) => c.name), ...system];
    const missing = tables.filter((t) => !columnsOf(t).includes(field)).map((t) => t.name);
    if (missing.length === 0) continue;
    const every = tables.map(columnsOf).reduce((common, columns) => common.filter((c) => columns.includes(c)));
    ctx.report(error(
      "DS087",
      `loadedAtField '${field}' of dbt source '${src.name}' is not a column of table${missing.length > 1 ? "s" : ""} ${quoted(missing)}`,
      ctx.ref(src.origin),
      `columns every table of '${src.name}' has: ${every.join(", ")}`,
    ));
  }

  for (const m of decl.models ?? []) {
    const mat = m.materialized;
    const declared = Object.keys(m.columns ?? {});
    // A model without columns has no contract: its key is the SQL's business.
    if (mat?.kind !== "incremental" || declared.length === 0 || !Array.isArray(mat.uniqueKey)) continue;
    for (const key of mat.uniqueKey) {
      if (identifierProblem(key) || declared.includes(key)) continue;
      ctx.report(error("DS086", `uniqueKey '${key}' of model '${m.name}' is not one of its columns`, ctx.ref(mat.origin) ?? ctx.ref(m.origin), `columns of model '${m.name}' are ${declared.join(", ")}`));
    }
  }
}

/**
 * The columns dbt SQL sees in a source's table: the graph dataset's (`bronze:<t>` / `silver:<t>`,
 * system columns included), else the declared table's with the layer's SYSTEM_COLUMNS; a silver
 * table's renames explain a former name in DS088's hint.
 */
export function dbtSourceColumns(decl: DbtProject, datasets: readonly IrDataset[]): SourceColumns {
  const byId = new Map(datasets.map((d) => [d.id, d]));
  return (src, table) => {
    const t = (Object.values(decl.sources?.find((s) => s.name === src.name)?.tables ?? {}) as DbtSourceTable[]).find((x) => x?.name === table);
    const renames = t && isKind(t.dataset, "silver-table") ? silverRenames(t.dataset as SilverTable) : undefined;
    const d = byId.get(src.tables.find((x) => x.name === table)?.dataset ?? "");
    if (d && d.columns.length) return { columns: d.columns.map((c) => c.name), renames };
    if (!t?.dataset) return undefined;
    return { columns: [...datasetColumns(t.dataset).map((c) => c.name), ...(SYSTEM_COLUMNS[src.layer] ?? [])], renames };
  };
}
