/**
 * Columns the Spark jobs add to every table of a lake layer, after the table's own columns. dbt
 * reads them like any other column (e.g. a source's `loadedAtField`), so the DSL knows them by name.
 * Keep in step with the jobs (a unit test compares them):
 * - bronze: the landing job's lineage columns, kept by bronze (`LANDING_COLUMNS` in
 *   spark-jobs/lakehouse_jobs/lineage.py, written by landing.py), then the columns bronze.py sets on
 *   every row it applies (`BRONZE_COLUMNS`, same file);
 * - silver: the lineage columns every silver write mode adds (`LINEAGE` in
 *   spark-jobs/lakehouse_jobs/silver/writers.py; `_silver_source_ts` comes from silver/transform.py).
 * Left out: columns only some tables have (bronze's `snapshot_date` / `event_date`, SCD2's
 * `valid_from` / `valid_to` / `is_current`).
 */
export const SYSTEM_COLUMNS = {
  bronze: [
    "_row_hash", "_ingest_run_id", "_ingest_ts", "_source_system", "_source_table", "_op",
    "_bronze_last_run_id", "_bronze_last_apply_ts", "_bronze_last_manifest_path",
  ],
  silver: ["_silver_source_ts", "_silver_run_id", "_silver_apply_ts"],
} as const;

/** A lake layer dbt reads Delta tables from. */
export type LakeLayer = keyof typeof SYSTEM_COLUMNS;

/** A column the jobs add to every table of layer `L`. */
export type SystemColumn<L extends LakeLayer> = (typeof SYSTEM_COLUMNS)[L][number];
