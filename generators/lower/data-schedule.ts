// `schedule: onData(...)`: a pipeline scheduled on datasets, whoever writes them. Each handle
// is resolved to its dataset in the graph (declared here when nothing declared it yet, e.g. an
// external dataset or a silver table only a dbt source names); the schedule becomes an Airflow
// asset schedule on their asset URIs. A dataset nobody writes is reported over the final graph
// (GR028, checks/datasets.ts).
import type { DbtModel } from "../../dsl/dbt/model.ts";
import type { DbtSourceTable } from "../../dsl/dbt/sources.ts";
import type { SilverTable } from "../../dsl/medallion/silver.ts";
import type { DataHandle, ExternalDataset } from "../../dsl/schedule.ts";
import type { SourceTable } from "../../dsl/sources/table.ts";
import { isKind } from "../../dsl/values.ts";
import { error } from "../diagnostics/diagnostic.ts";
import { modelDatasetId, type DatasetFormat } from "../ir/datasets.ts";
import type { IrProject } from "../ir/types.ts";
import type { LowerContext } from "./context.ts";
import { datasetAssetUri, externalUriProblem } from "./datasets/asset-uri.ts";
import type { DatasetCollector } from "./datasets/collector.ts";
import { declareBronze, declareSilver } from "./datasets/spark-step.ts";
import type { DraftPipeline } from "./pipeline.ts";

const FORMATS: readonly DatasetFormat[] = ["postgres", "parquet", "json", "delta", "duckdb", "iceberg"];

/** Id of an external dataset: its asset URI, so two declarations of one URI are one dataset. */
export const externalDatasetId = (assetUri: string) => `external:${assetUri}`;

export class DataScheduleResolver {
  /** One declaring object per external asset URI: `externalDataset(...)` twice with one URI is one dataset. */
  private readonly externals = new Map<string, object>();

  constructor(private readonly ctx: LowerContext, private readonly project: IrProject, private readonly datasets: DatasetCollector) {}

  /** Replaces each `onData(...)` schedule by the asset schedule on its datasets. */
  wire(drafts: readonly DraftPipeline[]): void {
    for (const d of drafts) {
      const s = d.source.schedule;
      if (s?.kind !== "data") continue;
      const handles: readonly unknown[] = Array.isArray(s.datasets) ? s.datasets : [];
      const ids = handles.map((h) => this.resolve(d, h as DataHandle)).filter((id): id is string => id !== undefined);
      const uris = ids.map((id) => datasetAssetUri(this.datasets.get(id)!.location));
      d.schedule = { kind: "assets", assets: [...new Set(uris)].sort(), datasets: [...new Set(ids)].sort() };
    }
  }

  private resolve(p: DraftPipeline, h: DataHandle): string | undefined {
    const c = this.datasets;
    const lake = this.project.lake;
    const where = (o: unknown) => this.ctx.ref(o as never) ?? p.origin;
    if (isKind(h, "external-dataset")) return this.external(p, h as ExternalDataset);
    if (isKind(h, "source-table")) {
      const t = h as SourceTable;
      const id = `source:${t.sourceName}.${t.name}`;
      if (c.get(id)) return id;
      this.ctx.report(error("GR029", `pipeline '${p.id}' is scheduled on source table '${t.sourceName}.${t.name}', which no landing step of the project lands, so its location is not known`, p.origin));
      return undefined;
    }
    if (isKind(h, "dbt-model")) {
      const m = h as DbtModel;
      const id = modelDatasetId(m.name);
      if (c.get(id)) return id;
      this.ctx.report(error("GR029", `pipeline '${p.id}' is scheduled on dbt model '${m.name}', which is not a model of the project's dbt project`, p.origin));
      return undefined;
    }
    if (isKind(h, "silver-table") || isKind(h, "dbt-source-table")) {
      if (!lake) {
        this.ctx.report(error("DS001", `pipeline '${p.id}': onData(...) on a lake table needs the project's lake settings`, p.origin, "set project({ lake: { ... } })"));
        return undefined;
      }
      const d = isKind(h, "dbt-source-table") ? (h as DbtSourceTable).dataset : (h as SilverTable);
      // A table of a dbtSource(..., { external: true }) is written outside the project.
      const external = isKind(h, "dbt-source-table") && (h as DbtSourceTable).external === true;
      if (isKind(d, "silver-table")) return declareSilver(d as SilverTable, lake, where((d as SilverTable).origin), c, external).silver;
      if (isKind(d, "source-table")) return declareBronze(d as SourceTable, lake, where((d as SourceTable).origin), c, external);
    }
    const got = h === null ? "null" : typeof h === "object" ? "an object that is not a table handle" : typeof h;
    this.ctx.report(error("DS001", `pipeline '${p.id}': onData(...) expects table handles (source tables, silver tables, dbt models, dbt source tables, externalDataset(...)), got ${got}`, p.origin));
    return undefined;
  }

  private external(p: DraftPipeline, h: ExternalDataset): string | undefined {
    const at = this.ctx.ref(h.origin) ?? p.origin;
    const problem = externalUriProblem(h.uri);
    if (problem) {
      this.ctx.report(error("DS090", `externalDataset uri ${JSON.stringify(String(h.uri))}: ${problem}`, at));
      return undefined;
    }
    if (!FORMATS.includes(h.format as DatasetFormat)) {
      this.ctx.report(error("DS001", `externalDataset ${h.uri}: 'format' must be one of ${FORMATS.join(", ")}`, at));
      return undefined;
    }
    const assetUri = datasetAssetUri(h.uri);
    const token = this.externals.get(assetUri) ?? {};
    this.externals.set(assetUri, token);
    return this.datasets.declare({
      id: externalDatasetId(assetUri), layer: "external", name: assetUri, location: h.uri, format: h.format as DatasetFormat, catalog: { kind: "path" },
      columns: [], keys: [], partitionBy: [], external: true, origin: at,
    }, token);
  }
}
