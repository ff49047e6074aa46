/**
 * Every diagnostic code the compiler can report. Two letters name the phase (LD load, TY
 * TypeScript, DS DSL values, GR graph, AF Airflow target, KS Kubernetes, SC secrets, WR writer,
 * CL command line), three digits number it. A code is never reused: when one is retired, move it
 * to RETIRED_CODES (a test enforces both rules).
 */
export const CATALOG = {
  LD001: { title: "pipeline file failed to load", hint: "fix the error thrown while importing the file" },
  LD002: { title: "no project settings", hint: "export one `project({ ... })` from pipelines/project.ts" },
  LD003: { title: "more than one project", hint: "keep a single `project({ ... })` and import it everywhere" },
  LD004: { title: "no pipeline files", hint: "add a pipelines/*.ts file that exports `pipeline({ ... })`" },
  TY001: { title: "TypeScript error", hint: "fix the type error; your editor shows it too" },
  DS001: { title: "invalid value", hint: "see the JSDoc of the builder for accepted values" },
  DS002: { title: "declaring tasks failed", hint: "the `tasks: (t) => { ... }` function threw" },
  DS003: { title: "unknown image", hint: "register the image in project({ images }) and use it as platform.images.<name>" },
  DS004: { title: "unknown secret", hint: "register the secret in project({ secrets }) and use it as platform.secrets.<name>" },
  DS005: { title: "unknown connection", hint: "register the connection in project({ connections }) and use it as platform.connections.<name>" },
  DS006: { title: "invalid cron expression", hint: "use five fields: minute hour day-of-month month day-of-week, e.g. \"15 4 * * *\"" },
  DS010: { title: "unknown column", hint: "use one of the table's declared columns" },
  DS011: { title: "missing lake or Spark settings", hint: "add `lake` and `spark` to project({ ... })" },
  DS012: { title: "table used twice", hint: "a table belongs to one group of a step" },
  DS020: { title: "SQL file not found", hint: "model SQL lives in dbt/models/<path>; check the `sql` path" },
  DS021: { title: "no dbt project", hint: "export dbtProject({ ... }) and pass it to dbtRun({ project })" },
  DS030: { title: "model SQL outside dbt/models/", hint: "give `sql` as a relative path to a file under dbt/models/, e.g. gold/fct_orders.sql, with no '..' and no symlink out of the folder" },
  GR001: { title: "duplicate pipeline id", hint: "pipeline ids must be unique across pipelines/" },
  GR002: { title: "duplicate task id", hint: "task ids must be unique within a pipeline" },
  GR003: { title: "dependency on a task of another pipeline", hint: "tasks can only follow tasks of the same pipeline; hand off between pipelines with after(...) or t.trigger(...)" },
  GR004: { title: "cycle between tasks", hint: "remove one of the `after` edges on the cycle" },
  GR005: { title: "cycle between pipelines", hint: "pipelines hand off to each other in a loop; remove one hand-off" },
  GR006: { title: "task follows a branch without choosing a path", hint: "use `after: [branch.ifTrue]` or `after: [branch.ifFalse]`" },
  GR007: { title: "reference to a pipeline that is not part of the project", hint: "export the pipeline from a file in pipelines/, or use externalDag(\"dag_id\") for DAGs this project does not generate" },
  GR008: { title: "pipeline has no tasks", hint: "declare at least one task in `tasks: (t) => { ... }`" },
  GR009: { title: "poll refers to an http task of another pipeline", hint: "`changedFrom` must name an http task of the same pipeline" },
  GR010: { title: "triggered by several pipelines", hint: "with several upstream pipelines set project({ handoff: \"asset\" }) so the pipeline runs once when all of them are done" },
  GR011: { title: "SparkApplication produced twice", hint: "group names must be unique per medallion step across pipelines" },
  GR012: { title: "model SQL and dependsOn disagree", hint: "every ref()/source() in the SQL must be in dependsOn, and every dependsOn must be read by the SQL" },
  GR013: { title: "unknown model or source", hint: "list the model in dbtProject({ models }) or the table in one of its sources" },
  GR014: { title: "cycle between models", hint: "remove one of the dependencies on the cycle" },
  GR015: { title: "duplicate model name", hint: "model names must be unique in the dbt project" },
  AF001: { title: "invalid DAG id", hint: "DAG ids use letters, digits, '_', '-' and '.', at most 250 characters" },
  AF002: { title: "invalid task id", hint: "task ids use letters, digits, '_', '-' and '.', at most 250 characters" },
  AF003: { title: "tag too long", hint: "Airflow tags are at most 100 characters" },
  KS001: { title: "invalid Kubernetes name", hint: "use lowercase letters, digits and '-', start and end alphanumeric, at most 63 characters" },
  SC001: { title: "literal credential", hint: "pass credentials through a secret handle (k8sSecret(...)) or an Airflow connection, never as text" },
  WR001: { title: "invalid output path", hint: "this is a compiler bug if it comes from a generated name; please report it" },
  CL001: { title: "invalid command line", hint: "run with --help for usage" },
} as const satisfies Record<string, { title: string; hint: string }>;

export type DiagnosticCode = keyof typeof CATALOG;

/** Codes that existed once and must never be used again. */
export const RETIRED_CODES: readonly string[] = [];
