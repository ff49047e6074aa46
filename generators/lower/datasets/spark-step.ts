// The datasets one Spark group task reads and writes, derived from the tables of its group:
// landing reads the source tables and writes raw batches (and its watermark state), bronze
// applies raw batches to bronze Delta tables (recording them in the apply registry), silver
// turns bronze tables into silver ones (quarantining failing rows).
import type { SilverTable } from "../../../dsl/medallion/silver.ts";
import type { PostgresSource, SourceTable } from "../../../dsl/sources/table.ts";
import { isKind } from "../../../dsl/values.ts";
import type { IrDatasetColumn, IrTaskRef } from "../../ir/datasets.ts";
import type { IrLake, SourceRef } from "../../ir/types.ts";
import type { LowerContext } from "../context.ts";
import type { DatasetCollector } from "./collector.ts";
import * as at from "./locations.ts";
import { BRONZE_COLUMNS, BRONZE_DATE_COLUMN, LANDING_COLUMNS, QUARANTINE_COLUMNS, RAW_PARTITION_FIELD, SILVER_COLUMNS, scd2Columns } from "./system-columns.ts";

export interface SparkStepIo {
  readonly step: "landing" | "bronze" | "silver";
  readonly task: IrTaskRef;
  readonly lake: IrLake;
  readonly source: PostgresSource<any> | undefined;
  readonly members: readonly (SourceTable | SilverTable)[];
}

const PATH = { kind: "path" } as const;

/** A source table's declared columns (keys are never null). */
function sourceColumns(t: SourceTable): IrDatasetColumn[] {
  const keys: readonly string[] = Array.isArray(t.keys) ? t.keys : [];
  return Object.entries(t.columns ?? {}).map(([name, c]) => ({ name, type: String(c?.type), nullable: keys.includes(name) ? false : Boolean(c?.nullable), system: false }));
}
const keysOf = (t: SourceTable): string[] => (Array.isArray(t.keys) ? [...t.keys] : []);
const behaviourOf = (t: SourceTable): string => String(t.behaviour?.kind ?? "");

function declareSource(t: SourceTable, source: PostgresSource<any> | undefined, origin: SourceRef | undefined, c: DatasetCollector): string {
  const conn = source?.connection;
  return c.declare({
    id: `source:${t.sourceName}.${t.name}`, layer: "source", name: `${t.sourceName}.${t.name}`,
    location: at.postgresTable(conn?.host ?? "?", conn?.port ?? 5432, conn?.database ?? "?", source?.schema ?? "?", t.name),
    format: "postgres", catalog: PATH, columns: sourceColumns(t), keys: keysOf(t), partitionBy: [], external: true, origin,
  }, t);
}

function declareRaw(t: SourceTable, lake: IrLake, origin: SourceRef | undefined, c: DatasetCollector): string {
  const field = RAW_PARTITION_FIELD[behaviourOf(t)];
  return c.declare({
    id: `raw:${t.name}`, layer: "raw", name: t.name, location: at.rawTable(lake.raw, t.name), format: "parquet", catalog: PATH,
    columns: [...sourceColumns(t), ...LANDING_COLUMNS], keys: keysOf(t), partitionBy: ["mode", ...(field ? [field] : []), "run_id"], external: false, origin,
  }, t);
}

export function declareBronze(t: SourceTable, lake: IrLake, origin: SourceRef | undefined, c: DatasetCollector, external = false): string {
  const date = BRONZE_DATE_COLUMN[behaviourOf(t)];
  const dateColumn: IrDatasetColumn[] = date && !(date in (t.columns ?? {})) ? [{ name: date, type: "date", nullable: false, system: true }] : [];
  return c.declare({
    id: `bronze:${t.name}`, layer: "bronze", name: t.name, location: at.bronzeTable(lake.bronze, t.name), format: lake.format, catalog: PATH,
    columns: [...sourceColumns(t), ...dateColumn, ...BRONZE_COLUMNS],
    // A snapshot table keeps every snapshot date: the date is part of its key there.
    keys: behaviourOf(t) === "snapshot" ? [...keysOf(t), "snapshot_date"] : keysOf(t),
    partitionBy: [], external, origin,
  }, t);
}

/** The silver table's columns: renamed, cast, then the job's lineage (and SCD2 validity). */
function silverColumns(s: SilverTable): IrDatasetColumn[] {
  const renames = (s.spec.rename ?? {}) as Record<string, string | undefined>;
  const casts = (s.spec.cast ?? {}) as Record<string, string | undefined>;
  const columns = sourceColumns(s.table).map((col) => {
    const name = renames[col.name] ?? col.name;
    return { ...col, name, type: casts[name] ?? casts[col.name] ?? col.type };
  });
  const write = s.spec.write;
  if (write?.mode === "scd2") {
    const order = write.orderBy ?? s.spec.dedupe?.latest;
    const orderName = order ? renames[order] ?? order : undefined;
    columns.push(...scd2Columns(columns.find((col) => col.name === orderName)?.type ?? "timestamp"));
  }
  return [...columns, ...SILVER_COLUMNS];
}

export function declareSilver(s: SilverTable, lake: IrLake, origin: SourceRef | undefined, c: DatasetCollector, external = false): { silver: string; quarantine: string } {
  const target = s.spec.target ?? s.table.name;
  const renames = (s.spec.rename ?? {}) as Record<string, string | undefined>;
  const keys = keysOf(s.table).map((k) => renames[k] ?? k);
  const silver = c.declare({
    id: `silver:${target}`, layer: "silver", name: target, location: at.silverTable(lake.silver, target), format: lake.format, catalog: PATH,
    columns: silverColumns(s), keys: s.spec.write?.mode === "scd2" ? [...keys, "valid_from"] : keys, partitionBy: [...(s.spec.partitionBy ?? [])], external, origin,
  }, s);
  const business = sourceColumns(s.table).map((col) => ({ ...col, name: renames[col.name] ?? col.name, nullable: true }));
  const quarantine = c.declare({
    id: `quarantine:${target}`, layer: "quarantine", name: target, location: at.quarantineTable(lake.quarantine, target), format: lake.format, catalog: PATH,
    columns: [...business, ...QUARANTINE_COLUMNS], keys: ["_quarantine_key"], partitionBy: [], external, origin,
  }, s);
  return { silver, quarantine };
}

/** Records what one Spark group task reads and writes. */
export function sparkStepDatasets(io: SparkStepIo, c: DatasetCollector, ctx: LowerContext): void {
  const { lake, task } = io;
  for (const m of io.members) {
    if (isKind(m, "silver-table")) {
      const s = m as SilverTable;
      if (io.step !== "silver" || !isKind(s.table, "source-table")) continue; // misplaced members were reported
      const origin = ctx.ref(s.origin);
      c.read(task, declareBronze(s.table, lake, ctx.ref(s.table.origin), c), lake.format);
      const out = declareSilver(s, lake, origin, c);
      c.write(task, out.silver);
      c.write(task, out.quarantine);
      continue;
    }
    if (!isKind(m, "source-table")) continue;
    const t = m as SourceTable;
    const origin = ctx.ref(t.origin);
    if (io.step === "landing") {
      c.read(task, declareSource(t, io.source, origin, c), "postgres");
      c.write(task, declareRaw(t, lake, origin, c));
      const state = c.declare({ id: `state:${t.name}`, layer: "state", name: t.name, location: at.stateFile(lake.state, t.name), format: "json", catalog: PATH, columns: [], keys: [], partitionBy: [], external: false, origin }, t);
      c.read(task, state, "json");
      c.write(task, state);
      c.write(task, c.declare({ id: `quarantine:_landing.${t.name}`, layer: "quarantine", name: `_landing.${t.name}`, location: at.landingQuarantine(lake.quarantine, t.name), format: "parquet", catalog: PATH, columns: [], keys: [], partitionBy: ["run_id"], external: false, origin }, t));
    } else if (io.step === "bronze") {
      c.read(task, declareRaw(t, lake, origin, c), "parquet");
      c.write(task, declareBronze(t, lake, origin, c));
      const name = lake.registry.split("/").pop() ?? "apply_registry";
      const registry = c.declare({ id: `registry:${name}`, layer: "registry", name, location: lake.registry, format: lake.format, catalog: PATH, columns: [], keys: [], partitionBy: [], external: false, origin: undefined }, lake);
      c.read(task, registry, lake.format);
      c.write(task, registry);
    }
  }
}
