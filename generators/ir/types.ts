/**
 * The intermediate representation: a plain, serialisable, deep-readonly graph that every check
 * and emitter reads. Emitters never see DSL objects. Bump IR_VERSION on incompatible changes.
 */
export const IR_VERSION = 3;

import type { IrDataset } from "./datasets.ts";

/** Where a node was declared: path relative to the project root, 1-based line and column. */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** Text that may contain run-time values; literal parts must stay verbatim in every target. */
export type TextPart =
  | { readonly kind: "literal"; readonly value: string }
  | { readonly kind: "variable"; readonly name: string; readonly default: string }
  | { readonly kind: "runtime"; readonly name: "runDate" | "runDateNodash" | "logicalDate" | "runId" | "tryNumber" };
export type IrText = readonly TextPart[];

export interface IrImage {
  readonly name: string;
  readonly repository: string;
  readonly tag: IrText;
  readonly pullPolicy: "IfNotPresent" | "Always" | "Never";
}

export interface IrSecret {
  readonly name: string;
  readonly secret: string;
  readonly key: string;
}

export interface IrProject {
  readonly id: string;
  readonly owner: string;
  readonly retries: number;
  readonly retryDelaySeconds: number;
  readonly startDate: string;
  readonly namespace: string;
  readonly handoff: "trigger" | "asset";
  readonly images: readonly IrImage[];
  readonly secrets: readonly IrSecret[];
  readonly connections: readonly { readonly name: string; readonly connId: string }[];
  readonly placement: {
    readonly nodeSelector: Readonly<Record<string, string>>;
    readonly serviceAccount: string;
    readonly imagePullSecrets: readonly string[];
  };
  /** Object store settings (medallion steps need them). */
  readonly lake: IrLake | undefined;
  /** Spark defaults (medallion steps need them). */
  readonly spark: IrSparkDefaults | undefined;
  readonly origin: SourceRef | undefined;
}

export interface IrLake {
  readonly endpoint: string;
  readonly sslEnabled: boolean;
  readonly accessKey: IrSecret;
  readonly secretKey: IrSecret;
  readonly raw: string;
  readonly state: string;
  readonly bronze: string;
  readonly registry: string;
  readonly silver: string;
  readonly gold: string | undefined;
  readonly quarantine: string;
  readonly format: "delta";
}

export interface IrSparkDefaults {
  readonly image: IrImage;
  readonly version: string;
  readonly mainFile: string;
  readonly serviceAccount: string;
  readonly jars: readonly string[];
  readonly sparkConf: Readonly<Record<string, string>>;
  readonly kubernetesConnId: string;
  readonly driver: IrSparkSizing;
  readonly executor: IrSparkSizing;
}

export type IrSchedule =
  | { readonly kind: "cron"; readonly cron: string }
  | { readonly kind: "preset"; readonly preset: string }
  | { readonly kind: "manual" }
  /**
   * Data-aware: runs when all these assets are updated (Airflow's AND). `datasets` are the ids
   * of the datasets among them (sorted); the other URIs are `pipeline://` completion assets.
   */
  | { readonly kind: "assets"; readonly assets: readonly string[]; readonly datasets: readonly string[] }
  /** Started by the upstream pipelines' trigger tasks. */
  | { readonly kind: "triggered"; readonly by: readonly string[] };

/** Airflow trigger rules, in Airflow's own spelling. */
export type IrTriggerRule =
  | "all_success" | "all_failed" | "all_done" | "all_done_min_one_success" | "all_skipped" | "one_success"
  | "one_done" | "one_failed" | "none_failed" | "none_failed_min_one_success" | "none_skipped" | "always";

interface IrTaskBase {
  readonly id: string;
  readonly origin: SourceRef | undefined;
  /** Ids of upstream tasks in the same pipeline, sorted. */
  readonly upstream: readonly string[];
  readonly triggerRule: IrTriggerRule;
  /** Overrides of the pipeline defaults; undefined means "inherit". */
  readonly retries?: number;
  readonly retryDelaySeconds?: number;
  readonly dependsOnPast?: boolean;
  readonly doc?: string;
  /** Asset URIs of the datasets this task reads (lineage), sorted and unique. */
  readonly inlets: readonly string[];
  /**
   * Asset URIs this task updates when it succeeds: the datasets it writes, plus a
   * `pipeline://<project>/<dag id>` completion asset on the publisher of an asset hand-off
   * from a pipeline that writes no known dataset (or whose writers do not cover its tasks). Sorted, unique.
   */
  readonly outlets: readonly string[];
  /** Ids of the datasets this task reads and writes (see `IrGraph.datasets`), sorted. */
  readonly reads: readonly string[];
  readonly writes: readonly string[];
}

export interface IrMarkerTask extends IrTaskBase { readonly kind: "marker" }

export interface IrPodTask extends IrTaskBase {
  readonly kind: "pod";
  readonly image: IrImage;
  readonly podName: string;
  readonly namespace: string;
  readonly command: readonly IrText[];
  readonly args: readonly IrText[];
  readonly env: readonly { readonly name: string; readonly value: IrText }[];
  readonly secretEnv: readonly { readonly name: string; readonly secret: string; readonly key: string }[];
  readonly resources: {
    readonly requests: Readonly<Record<string, string>>;
    readonly limits: Readonly<Record<string, string>>;
  };
  readonly serviceAccount: string;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly imagePullSecrets: readonly string[];
  readonly startupTimeoutSeconds: number;
}

export interface IrTriggerTask extends IrTaskBase {
  readonly kind: "trigger";
  readonly targetDagId: string;
  readonly wait: boolean;
  readonly pollSeconds: number;
  readonly resetDagRun: boolean;
}

export type IrCondition =
  | { readonly kind: "weekday"; readonly days: readonly number[] /* ISO: 1 = Monday … 7 = Sunday */ }
  | { readonly kind: "variableFlag"; readonly name: string; readonly default: boolean }
  | { readonly kind: "anyOf" | "allOf"; readonly conditions: readonly IrCondition[] };

export interface IrBranchTask extends IrTaskBase {
  readonly kind: "branch";
  readonly condition: IrCondition;
  /** Direct downstream task ids that run when the condition holds / does not hold (sorted). */
  readonly ifTrue: readonly string[];
  readonly ifFalse: readonly string[];
}

/** A JSON value whose strings may hold run-time values; object entries sorted by name. */
export type IrJsonText =
  | IrText
  | number | boolean | null
  | { readonly kind: "array"; readonly items: readonly IrJsonText[] }
  | { readonly kind: "object"; readonly entries: readonly { readonly name: string; readonly value: IrJsonText }[] };

/** An http request body: text as written, or an object body sent as JSON. */
export type IrHttpBody = { readonly kind: "text"; readonly text: IrText } | { readonly kind: "json"; readonly json: IrJsonText };

export interface IrHttpTask extends IrTaskBase {
  readonly kind: "http";
  readonly connId: string;
  readonly method: string;
  readonly endpoint: IrText;
  readonly body: IrHttpBody | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly expectStatus: readonly number[];
  readonly captureField: string | undefined;
}

export interface IrHttpPollTask extends IrTaskBase {
  readonly kind: "httpPoll";
  readonly connId: string;
  readonly endpoint: IrText;
  readonly headers: Readonly<Record<string, string>>;
  readonly everySeconds: number;
  readonly timeoutSeconds: number;
  readonly field: string;
  readonly until: { readonly kind: "equals"; readonly value: string | number | boolean } | { readonly kind: "changedFrom"; readonly taskId: string };
}

/** Sizing of a Spark driver or executors. */
export interface IrSparkSizing {
  readonly cores: number;
  readonly coreRequest?: string;
  readonly memory: string;
  readonly memoryOverhead?: string;
  /** Executors only. */
  readonly instances?: number;
}

/** One SparkApplication: everything its YAML and job spec hold. */
export interface IrSparkApp {
  /** DNS-1123 base name (the operator adds a unique suffix per run). */
  readonly name: string;
  readonly step: "landing" | "bronze" | "silver";
  /** Paths inside the output directory. */
  readonly yamlPath: string;
  readonly specPath: string;
  readonly image: IrImage;
  readonly sparkVersion: string;
  readonly mainFile: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly imagePullSecrets: readonly string[];
  readonly driver: IrSparkSizing;
  readonly executor: IrSparkSizing;
  readonly jars: readonly string[];
  /** Sorted by key; values are strings (the CRD's map[string]string). */
  readonly sparkConf: Readonly<Record<string, string>>;
  readonly env: readonly { readonly name: string; readonly value: IrText }[];
  readonly secretEnv: readonly { readonly name: string; readonly secret: string; readonly key: string }[];
  /** Job arguments after the main file. */
  readonly args: readonly IrText[];
  /** The job spec (validated against spark-jobs/jobspec.schema.json). */
  readonly jobSpec: JobSpec;
}

/** Plain JSON value. */
export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };
/** The job spec document the PySpark jobs read; see spark-jobs/jobspec.schema.json. */
export type JobSpec = { readonly [key: string]: Json };

export interface IrSparkTask extends IrTaskBase {
  readonly kind: "spark";
  readonly app: IrSparkApp;
  readonly kubernetesConnId: string;
}

/** A dbt data test on a column, in dbt's terms. */
export type IrDataTest =
  | { readonly kind: "not_null" | "unique"; readonly severity: "error" | "warn" }
  | { readonly kind: "accepted_values"; readonly values: readonly (string | number)[]; readonly severity: "error" | "warn" }
  | { readonly kind: "relationships"; readonly to: IrDbtRelation; readonly field: string; readonly severity: "error" | "warn" }
  | { readonly kind: "expression"; readonly expression: string; readonly severity: "error" | "warn" };

/** A model or a source table, as dbt refers to it. */
export type IrDbtRelation = { readonly kind: "model"; readonly name: string } | { readonly kind: "source"; readonly source: string; readonly name: string };

export interface IrDbtModel {
  readonly name: string;
  readonly origin: SourceRef | undefined;
  /** The hand-written SQL file, relative to the project root (`dbt/models/...`). */
  readonly sqlFile: string;
  readonly sql: string;
  readonly layer: "silver" | "gold";
  readonly materialized: { readonly kind: "table" | "view" } | { readonly kind: "incremental"; readonly uniqueKey: readonly string[]; readonly lookbackDays: number };
  /** Sorted, with the layer tag. */
  readonly tags: readonly string[];
  readonly alias: string | undefined;
  readonly description: string | undefined;
  /** Declared order; empty means no contract. */
  readonly columns: readonly { readonly name: string; readonly type: string; readonly description?: string; readonly tests: readonly IrDataTest[] }[];
  readonly dependsOn: readonly IrDbtRelation[];
  readonly publish: { readonly postgres?: { readonly schema: string }; readonly delta?: boolean };
}

export interface IrDbtSource {
  readonly name: string;
  readonly layer: "bronze" | "silver";
  readonly loadedAtField: string | undefined;
  readonly freshness: { readonly warnAfterHours?: number; readonly errorAfterHours?: number } | undefined;
  /** Each table names its dataset in `IrGraph.datasets` (`<layer>:<name>`): location and columns come from there. */
  readonly tables: readonly { readonly name: string; readonly dataset: string }[];
}

export interface IrDbtProject {
  readonly name: string;
  readonly origin: SourceRef | undefined;
  /** The pipeline file that declared it (generated files name it in their header). */
  readonly file: string;
  readonly image: IrImage;
  readonly sources: readonly IrDbtSource[];
  /** Topologically sorted by dependsOn. */
  readonly models: readonly IrDbtModel[];
  readonly duckdb: { readonly path: string; readonly threads: number; readonly memoryLimit: string | undefined };
  readonly serving: { readonly host: string; readonly port: number; readonly database: string; readonly user: IrSecret; readonly password: IrSecret } | undefined;
  readonly artifacts: string | undefined;
}

export interface IrDbtTask extends IrTaskBase {
  readonly kind: "dbt";
  readonly project: string;
  readonly mode: "daily_refresh" | "full_rebuild" | "gold_only";
  readonly fullRefresh: boolean;
  readonly image: IrImage;
  readonly podName: string;
  readonly namespace: string;
  readonly env: readonly { readonly name: string; readonly value: IrText }[];
  readonly secretEnv: readonly { readonly name: string; readonly secret: string; readonly key: string }[];
  readonly resources: { readonly requests: Readonly<Record<string, string>>; readonly limits: Readonly<Record<string, string>> };
  readonly serviceAccount: string;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly imagePullSecrets: readonly string[];
  readonly command: readonly IrText[];
  readonly args: readonly IrText[];
}

export type IrTask = IrDbtTask | IrSparkTask | IrMarkerTask | IrPodTask | IrTriggerTask | IrBranchTask | IrHttpTask | IrHttpPollTask;

export interface IrPipeline {
  /** Id without the project prefix. */
  readonly id: string;
  readonly dagId: string;
  /** The pipeline file, relative to the project root. */
  readonly file: string;
  readonly origin: SourceRef | undefined;
  readonly description: string | undefined;
  readonly schedule: IrSchedule;
  readonly tags: readonly string[];
  readonly catchup: boolean;
  readonly maxActiveRuns: number;
  readonly dependsOnPast: boolean;
  readonly retries: number;
  readonly retryDelaySeconds: number;
  readonly owner: string;
  readonly startDate: string;
  /** Topologically sorted (ties by declaration order). */
  readonly tasks: readonly IrTask[];
}

export interface IrGraph {
  readonly version: typeof IR_VERSION;
  readonly project: IrProject;
  /** Sorted by dag id. */
  readonly pipelines: readonly IrPipeline[];
  /** The dbt project, when one is declared. */
  readonly dbt: IrDbtProject | undefined;
  /** Every table the platform reads or writes, sorted by id. */
  readonly datasets: readonly IrDataset[];
}
