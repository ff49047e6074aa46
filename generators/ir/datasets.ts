/**
 * Datasets: every table the platform reads or writes, whoever declares it. Tasks name the
 * datasets they read and write by id; each dataset lists its producing and consuming tasks.
 * Checks and emitters (job specs, dbt sources, Airflow assets, lineage) read this one graph.
 */
import type { SourceRef } from "./types.ts";

/** A dataset's identity in OpenLineage (spec/Naming.md). */
export interface IrOpenLineageName {
  readonly namespace: string;
  readonly name: string;
}

/** Where a dataset sits in the medallion (and the tables around it). */
export type DatasetLayer =
  | "source" | "raw" | "state" | "bronze" | "registry" | "silver" | "quarantine" | "gold" | "serving" | "external";

/** Storage format as the writer leaves it. */
export type DatasetFormat = "postgres" | "parquet" | "json" | "delta" | "duckdb" | "iceberg";

/** How readers find the table: a path today; a metastore later (iceberg, hive). */
export type DatasetCatalog = { readonly kind: "path" };

export interface IrDatasetColumn {
  readonly name: string;
  /** The declared type, in the declaring engine's words (source type names, Spark SQL or dbt types). */
  readonly type: string;
  readonly nullable: boolean;
  /** Added by a job or a tool (lineage, SCD2 validity, apply timestamps), not by the author. */
  readonly system: boolean;
}

/** A task of a pipeline, by ids. */
export interface IrTaskRef {
  readonly dagId: string;
  readonly taskId: string;
}

/** A task reading a dataset, and the format it reads it as (checked against the writer's). */
export interface IrDatasetRead extends IrTaskRef {
  readonly format: DatasetFormat;
}

export interface IrDataset {
  /** Stable id `<layer>:<name>`, e.g. `bronze:orders`, `source:ampere_db.orders`. */
  readonly id: string;
  readonly layer: DatasetLayer;
  /** Short name within the layer (table name, model name). */
  readonly name: string;
  /** URI of the data as its writer addresses it (`s3a://…`, `postgres://host:port/db/schema/table`, `duckdb://…`). */
  readonly location: string;
  readonly format: DatasetFormat;
  /** The Airflow asset URI (already in Airflow's normalised form): `s3://…`, `postgres://…`, `x-duckdb://…`. */
  readonly assetUri: string;
  /** OpenLineage namespace and name, what Airflow's OpenLineage integration turns the asset into (s3, postgres). */
  readonly openLineage: IrOpenLineageName;
  readonly catalog: DatasetCatalog;
  /** Declared order; empty when nothing declares the columns (e.g. the apply registry). */
  readonly columns: readonly IrDatasetColumn[];
  readonly keys: readonly string[];
  readonly partitionBy: readonly string[];
  /** Produced outside the project (an operational database, another team's table). */
  readonly external: boolean;
  /** Tasks that write it (several when DAGs share a writer, e.g. a daily and a rebuild run of the same model), sorted. */
  readonly producers: readonly IrTaskRef[];
  /** Tasks that read it, sorted. */
  readonly consumers: readonly IrDatasetRead[];
  /** The declaration it derives from (a source table, a silver(...), a dbt model). */
  readonly origin: SourceRef | undefined;
}

/** Ids the dbt side shares with the Spark side and the emitters. */
export const modelDatasetId = (model: string): string => `dbt:${model}`;
/** A lake table by layer and table name: what the Spark steps declare and dbt sources read. */
export const lakeDatasetId = (layer: "bronze" | "silver", table: string): string => `${layer}:${table}`;
/** A model's published Delta copy in the gold root, by its relation name (alias or name). */
export const goldDatasetId = (relation: string): string => `gold:${relation}`;
