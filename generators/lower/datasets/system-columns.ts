// The columns the Spark jobs add to the tables they write, typed, for the dataset graph. The
// names come from the DSL's SYSTEM_COLUMNS (compared with the jobs by a unit test); the
// per-table ones (dates, SCD2 validity, quarantine) are listed here, beside the job files.
import { SYSTEM_COLUMNS } from "../../../dsl/system-columns.ts";
import type { IrDatasetColumn } from "../../ir/datasets.ts";

/** Type and nullability of each column a job adds (lineage.py, silver/writers.py, silver/quarantine.py). */
const TYPES: Readonly<Record<string, readonly [type: string, nullable: boolean]>> = {
  _row_hash: ["string", false], _ingest_run_id: ["string", false], _ingest_ts: ["timestamp", false], _source_system: ["string", false],
  _source_table: ["string", false], _op: ["string", false],
  _bronze_last_run_id: ["string", false], _bronze_last_apply_ts: ["timestamp", false], _bronze_last_manifest_path: ["string", false],
  _silver_source_ts: ["timestamp", true], _silver_run_id: ["string", false], _silver_apply_ts: ["timestamp", false],
  _failed_rules: ["array<string>", false], _quarantine_run_id: ["string", false], _quarantine_ts: ["timestamp", false], _quarantine_key: ["string", false],
};

const system = (name: string): IrDatasetColumn => {
  const [type, nullable] = TYPES[name] ?? ["string", true];
  return { name, type, nullable, system: true };
};

/** Every bronze table: the landing job's lineage, then what bronze sets on each applied row. */
export const BRONZE_COLUMNS: readonly IrDatasetColumn[] = SYSTEM_COLUMNS.bronze.map(system);
/** A raw batch carries the landing lineage only (the first six of bronze's). */
export const LANDING_COLUMNS: readonly IrDatasetColumn[] = BRONZE_COLUMNS.filter((c) => !c.name.startsWith("_bronze_"));
/** Every silver table's lineage. */
export const SILVER_COLUMNS: readonly IrDatasetColumn[] = SYSTEM_COLUMNS.silver.map(system);
/** A quarantine table's own columns after the row's values (silver/quarantine.py). */
export const QUARANTINE_COLUMNS: readonly IrDatasetColumn[] = ["_failed_rules", "_silver_source_ts", "_quarantine_run_id", "_quarantine_ts", "_quarantine_key"].map(system);

/** The landing folder's date, which bronze keeps as data per behaviour (lineage.SNAPSHOT_DATE / EVENT_DATE). */
export const BRONZE_DATE_COLUMN: Readonly<Record<string, string | undefined>> = { snapshot: "snapshot_date", fact: "event_date", event: "event_date" };

/** The raw layout's partition folder per behaviour (paths.PARTITION_FIELD). */
export const RAW_PARTITION_FIELD: Readonly<Record<string, string>> = { snapshot: "snapshot_date", mutableDimension: "extract_date", fact: "event_date", event: "event_date" };

/** SCD type 2 validity (silver/scd2.py); the bounds take the ordering column's type. */
export const scd2Columns = (orderType: string): readonly IrDatasetColumn[] => [
  { name: "valid_from", type: orderType, nullable: false, system: true },
  { name: "valid_to", type: orderType, nullable: true, system: true },
  { name: "is_current", type: "boolean", nullable: false, system: true },
];
