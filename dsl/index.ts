/**
 * The pipeline DSL: everything an author imports, from one place.
 * @example
 * import { project, pipeline, cron, image, k8sSecret, runDate } from "../dsl/index.ts";
 */
export { project, type Project, type ProjectSpec, type Placement, type HandoffMode } from "./project.ts";
export { pipeline, type Pipeline, type PipelineSpec, type TaskBuilder } from "./pipeline.ts";
export { cron, hourly, daily, weekly, monthly, yearly, manual, after, onData, externalDataset, type Schedule, type DataSchedule, type DataHandle, type ExternalDataset, type ExternalFormat } from "./schedule.ts";
export {
  variable, template, image, k8sSecret, airflowConnection,
  runDate, runDateNodash, logicalDate, runId, tryNumber,
  type Text, type VariableRef, type RuntimeValue, type Template, type ImageHandle, type SecretHandle, type ConnectionHandle, type PullPolicy,
} from "./values.ts";
export type { Task, TaskOptions, TriggerRule, Upstream, BranchPath } from "./tasks/common.ts";
export type { PodSpec, ResourceAmounts } from "./tasks/pod.ts";
export { externalDag, type ExternalDag, type TriggerSpec } from "./tasks/trigger.ts";
export { weekday, variableFlag, anyOf, allOf, type Condition, type Weekday, type BranchSpec, type BranchTask } from "./tasks/branch.ts";
export type { HttpSpec, HttpPollSpec, HttpMethod, PollUntil } from "./tasks/http.ts";
export type { LakeSettings, SparkSettings, SparkPodSizing, SparkExecutorSizing } from "./lake.ts";
export { int64, int32, int16, text, bool, float32, float64, date, timestamp, decimal, type ColumnType } from "./sources/columns.ts";
export { snapshot, mutableDimension, fact, event, type Behaviour } from "./sources/behaviour.ts";
export { table, postgresSource, type SourceTable, type PostgresSource, type PostgresConnection, type TableSpec } from "./sources/table.ts";
export { group, type Group, type GroupOptions } from "./medallion/group.ts";
export { silver, type SilverTable, type SilverSpec } from "./medallion/silver.ts";
export { rule, notNull, type Rule, type OnFail } from "./medallion/rules.ts";
export { merge, scd1, scd2, overwrite, append, type WriteMode, type KeyedWrite, type Scd2Write } from "./medallion/write-modes.ts";
export type { RenameMap, SilverColumns } from "./medallion/silver-columns.ts";
export { SYSTEM_COLUMNS, type LakeLayer, type SystemColumn } from "./system-columns.ts";
export { landing, bronzeLoad, silverLoad, type StepSpec } from "./medallion/steps.ts";
export type { SparkGroupSpec, SparkStep } from "./tasks/spark.ts";
export { dbtSource, type DbtSource, type DbtSourceTable } from "./dbt/sources.ts";
export { model, column, asTable, asView, incremental, type DbtModel, type ModelSpec, type ModelColumn, type Materialization, type IncrementalMaterialization, type Publish } from "./dbt/model.ts";
export type { DatasetColumns, ColumnsOfEvery, LoadedAtField } from "./dbt/source-columns.ts";
export { isNotNull, isUnique, isOneOf, references, satisfies, type DataTest, type Severity } from "./dbt/tests.ts";
export { dbtProject, type DbtProject, type DbtProjectSpec, type ServingDatabase } from "./dbt/project.ts";
export { dbtRun, type DbtRunSpec, type DbtMode } from "./dbt/run.ts";
export type { DbtTaskSpec } from "./tasks/dbt.ts";
