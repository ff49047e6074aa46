// Datasets of the dbt project: each model is a relation in the project's DuckDB file, published
// copies are Delta tables in the gold root or tables of the serving database. A dbt task writes
// the models its mode selects (and their copies) and reads what those models depend on that
// it does not build itself: lake tables through dbt sources, or models another run built.
import type { DbtProject } from "../../../dsl/dbt/project.ts";
import type { DbtSourceTable } from "../../../dsl/dbt/sources.ts";
import type { SilverTable } from "../../../dsl/medallion/silver.ts";
import type { SourceTable } from "../../../dsl/sources/table.ts";
import { isKind } from "../../../dsl/values.ts";
import { goldDatasetId, lakeDatasetId, modelDatasetId, type IrTaskRef } from "../../ir/datasets.ts";
import type { IrDbtModel, IrDbtProject, IrDbtRelation, IrLake } from "../../ir/types.ts";
import type { LowerContext } from "../context.ts";
import type { DatasetCollector } from "./collector.ts";
import * as at from "./locations.ts";
import { declareBronze, declareSilver } from "./spark-step.ts";

const PATH = { kind: "path" } as const;
type Mode = "daily_refresh" | "full_rebuild" | "gold_only";

const relationName = (m: IrDbtModel) => m.alias ?? m.name;
const sourceDatasetId = (p: IrDbtProject, r: Extract<IrDbtRelation, { kind: "source" }>) =>
  lakeDatasetId(p.sources.find((s) => s.name === r.source)?.layer ?? "bronze", r.name);


/**
 * The lake tables the dbt sources read, declared from the tables they name (so a source over a
 * table that no Spark step writes is still in the graph, and reported as read but never written).
 */
export function declareDbtSourceDatasets(decl: DbtProject, lake: IrLake, c: DatasetCollector, ctx: LowerContext): void {
  for (const src of decl.sources ?? []) {
    for (const t of Object.values(src.tables ?? {}) as DbtSourceTable[]) {
      const d = t?.dataset;
      const external = src.external === true;
      if (src.layer === "bronze" && isKind(d, "source-table")) declareBronze(d as SourceTable, lake, ctx.ref((d as SourceTable).origin), c, external);
      if (src.layer === "silver" && isKind(d, "silver-table")) declareSilver(d as SilverTable, lake, ctx.ref((d as SilverTable).origin), c, external);
    }
  }
}

/** Declares the models and their published copies (once per project). */
export function declareDbtDatasets(p: IrDbtProject, lakeGold: string | undefined, c: DatasetCollector): void {
  for (const m of p.models) {
    const columns = m.columns.map((col) => ({ name: col.name, type: col.type, nullable: !col.tests.some((t) => t.kind === "not_null"), system: false }));
    const keys = m.materialized.kind === "incremental" ? [...m.materialized.uniqueKey] : m.columns.filter((col) => col.tests.some((t) => t.kind === "unique")).map((col) => col.name);
    const base = { catalog: PATH, columns, keys, partitionBy: [], external: false, origin: m.origin };
    c.declare({ ...base, id: modelDatasetId(m.name), layer: m.layer, name: m.name, location: at.duckdbRelation(p.duckdb.path, m.layer, relationName(m)), format: "duckdb" }, m);
    if (m.publish.delta && lakeGold) {
      c.declare({ ...base, id: goldDatasetId(relationName(m)), layer: "gold", name: relationName(m), location: at.goldTable(lakeGold, relationName(m)), format: "delta" }, m);
    }
    if (m.publish.postgres && p.serving) {
      const name = `${m.publish.postgres.schema}.${relationName(m)}`;
      c.declare({ ...base, id: `serving:${name}`, layer: "serving", name, location: at.postgresTable(p.serving.host, p.serving.port, p.serving.database, m.publish.postgres.schema, relationName(m)), format: "postgres" }, m);
    }
  }
}

/** Records what one dbt task reads and writes in its mode. */
export function dbtTaskDatasets(p: IrDbtProject, mode: Mode, task: IrTaskRef, lakeGold: string | undefined, c: DatasetCollector): void {
  const built = p.models.filter((m) => mode !== "gold_only" || m.layer === "gold");
  const builtNames = new Set(built.map((m) => m.name));
  for (const m of built) {
    c.write(task, modelDatasetId(m.name));
    if (m.publish.delta && lakeGold) c.write(task, goldDatasetId(relationName(m)));
    if (m.publish.postgres && p.serving) c.write(task, `serving:${m.publish.postgres.schema}.${relationName(m)}`);
    for (const d of m.dependsOn) {
      if (d.kind === "model" && !builtNames.has(d.name)) c.read(task, modelDatasetId(d.name), "duckdb");
      // dbt-duckdb's delta plugin opens the lake tables (sources.yml: plugin delta).
      if (d.kind === "source") c.read(task, sourceDatasetId(p, d), "delta");
    }
  }
}
