// Locations (URIs) of datasets, spelled as their writers address them. The Spark jobs build the
// same paths (spark-jobs/lakehouse_jobs/paths.py); dbt reads the same Delta tables.

const join = (root: string, ...parts: string[]) => [root.replace(/\/+$/, ""), ...parts].join("/");

/** A PostgreSQL table in Airflow's URI convention: `postgres://host:port/database/schema/table`. */
export const postgresTable = (host: string, port: number, database: string, schema: string, table: string): string =>
  `postgres://${host}:${port}/${database}/${schema}/${table}`;

export const rawTable = (rawRoot: string, table: string) => join(rawRoot, table);
export const stateFile = (stateRoot: string, table: string) => join(stateRoot, `_state_${table}.json`);
export const bronzeTable = (bronzeRoot: string, table: string) => join(bronzeRoot, table);
export const silverTable = (silverRoot: string, target: string) => join(silverRoot, target);
export const quarantineTable = (quarantineRoot: string, target: string) => join(quarantineRoot, target);
/** Rows the landing job could not type, per run (landing_quarantine.py). */
export const landingQuarantine = (quarantineRoot: string, table: string) => join(quarantineRoot, "_landing", table);
export const goldTable = (goldRoot: string, name: string) => join(goldRoot, name);
/** A relation in the dbt project's DuckDB file. */
export const duckdbRelation = (file: string, schema: string, name: string) => `duckdb://${file}/${schema}/${name}`;
