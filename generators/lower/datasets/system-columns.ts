// Columns the Spark jobs add to the tables they write (spark-jobs/lakehouse_jobs/lineage.py,
// silver/transform.py, silver/scd2.py, silver/quarantine.py). Kept here so that the dataset
// graph lists every column a reader sees; a change in the jobs must be mirrored here.
import type { IrDatasetColumn } from "../../ir/datasets.ts";

const system = (name: string, type: string, nullable = true): IrDatasetColumn => ({ name, type, nullable, system: true });

/** Added by the landing job to every landed row (lineage.LANDING_COLUMNS). */
export const LANDING_COLUMNS: readonly IrDatasetColumn[] = [
  system("_row_hash", "string", false),
  system("_ingest_run_id", "string", false),
  system("_ingest_ts", "timestamp", false),
  system("_source_system", "string", false),
  system("_source_table", "string", false),
  system("_op", "string", false),
];

/** Added by the bronze job when it applies a batch (lineage.BRONZE_COLUMNS). */
export const BRONZE_COLUMNS: readonly IrDatasetColumn[] = [
  system("_bronze_last_run_id", "string", false),
  system("_bronze_last_apply_ts", "timestamp", false),
  system("_bronze_last_manifest_path", "string", false),
];

/** The landing folder's date, which bronze keeps as data per behaviour (lineage.SNAPSHOT_DATE / EVENT_DATE). */
export const BRONZE_DATE_COLUMN: Readonly<Record<string, string | undefined>> = { snapshot: "snapshot_date", fact: "event_date", event: "event_date" };

/** The raw layout's partition folder per behaviour (paths.PARTITION_FIELD). */
export const RAW_PARTITION_FIELD: Readonly<Record<string, string>> = { snapshot: "snapshot_date", mutableDimension: "extract_date", fact: "event_date", event: "event_date" };

/** Silver lineage (silver/writers.LINEAGE): the bronze apply time of the row (the incremental cursor), the run and its time. */
export const SILVER_COLUMNS: readonly IrDatasetColumn[] = [
  system("_silver_source_ts", "timestamp"),
  system("_silver_run_id", "string", false),
  system("_silver_apply_ts", "timestamp", false),
];

/** SCD type 2 validity (scd2.VALID_FROM / VALID_TO / IS_CURRENT); the bounds take the ordering column's type. */
export const scd2Columns = (orderType: string): readonly IrDatasetColumn[] => [
  system("valid_from", orderType, false),
  system("valid_to", orderType),
  system("is_current", "boolean", false),
];

/** A quarantine table's own columns after the row's values (silver/quarantine.py). */
export const QUARANTINE_COLUMNS: readonly IrDatasetColumn[] = [
  system("_failed_rules", "array<string>", false),
  system("_silver_source_ts", "timestamp"),
  system("_quarantine_run_id", "string", false),
  system("_quarantine_ts", "timestamp", false),
  system("_quarantine_key", "string", false),
];
