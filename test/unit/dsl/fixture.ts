/**
 * A small project using every builder with a numeric setting: project (retries, Spark sizing),
 * a source (port, fetch size) with fact/event tables (lookbacks), a landing step with a group
 * (executors, sizing), a pipeline with every task kind that carries numbers, and a dbt project
 * (threads, serving port, incremental lookback, freshness). Each part can be edited before its
 * builder runs, so tests can plant getters and Proxies on any field.
 */
import {
  airflowConnection, date, dbtProject, dbtRun, dbtSource, event, externalDag, fact, group, image, incremental, int64,
  k8sSecret, landing, manual, model, pipeline, postgresSource, project, snapshot, table, text, timestamp,
  type TaskBuilder,
} from "../../../dsl/index.ts";
import type { LoadedProgram } from "../../../generators/lower/index.ts";
import { ROOT } from "../lower/helpers.ts";

/** Plain spec objects, before the builders see them. */
export interface Specs {
  project: Record<string, any>;
  connection: Record<string, any>;
  factOptions: Record<string, any>;
  eventOptions: Record<string, any>;
  groupOptions: Record<string, any>;
  landing: Record<string, any>;
  pipeline: Record<string, any>;
  taskOptions: Record<string, any>;
  pod: Record<string, any>;
  trigger: Record<string, any>;
  http: Record<string, any>;
  httpPoll: Record<string, any>;
  dbtProject: Record<string, any>;
  model: Record<string, any>;
  materialized: Record<string, any>;
  dbtSourceOptions: Record<string, any>;
}

export const FILE = "pipelines/hostile.ts";

/** Builds the specs, lets `edit` change them, then runs the builders in dependency order. */
export function hostileProgram(edit: (specs: Specs) => void = () => {}): LoadedProgram {
  const images = { tool: image("ghcr.io/acme/tool", { tag: "1.0" }), spark: image("ghcr.io/acme/spark", { tag: "1.0" }), dbt: image("ghcr.io/acme/dbt", { tag: "1.0" }) };
  const secrets = { pgUser: k8sSecret("pg", "user"), pgPassword: k8sSecret("pg", "password"), s3Key: k8sSecret("s3", "key"), s3Secret: k8sSecret("s3", "secret") };
  const connections = { api: airflowConnection("acme_api") };
  const specs: Specs = {
    project: {
      id: "acme", startDate: "2025-08-24", namespace: "lake", retries: 1, retryDelaySeconds: 60, images, secrets, connections,
      lake: { endpoint: "http://minio:9000", accessKey: secrets.s3Key, secretKey: secrets.s3Secret, raw: "s3a://raw/src", bronze: "s3a://bronze/src", silver: "s3a://silver/src", gold: "s3a://gold/g" },
      spark: { image: images.spark, driver: { cores: 1, memory: "1g" }, executor: { cores: 1, instances: 1, memory: "1g" } },
    },
    connection: { host: "pg", port: 5432, database: "db", user: secrets.pgUser, password: secrets.pgPassword, fetchSize: 1000 },
    factOptions: { eventDate: "paid_on", lookbackDays: 3 },
    eventOptions: { eventTime: "at", lookbackDays: 2 },
    groupOptions: { executors: 2, driver: { cores: 1 }, executor: { cores: 2, instances: 2 } },
    landing: { id: "landing__daily", schedule: manual, maxActiveRuns: 1 },
    pipeline: { id: "tasks__daily", schedule: manual, maxActiveRuns: 2, retries: 1, retryDelaySeconds: 30 },
    taskOptions: { retries: 2, retryDelaySeconds: 10 },
    pod: { image: images.tool, startupTimeoutSeconds: 200 },
    trigger: { wait: true, pollSeconds: 30 },
    http: { connection: connections.api, endpoint: "/go", expectStatus: [200, 202] },
    httpPoll: { connection: connections.api, endpoint: "/status", everySeconds: 30, timeoutSeconds: 600, until: { field: "state", equals: 3 } },
    dbtProject: { name: "warehouse", image: images.dbt, duckdb: { threads: 2 }, serving: { host: "pg", port: 5432, database: "serving", user: secrets.pgUser, password: secrets.pgPassword } },
    model: { name: "orders", sql: "gold/orders.sql", layer: "gold" },
    materialized: { uniqueKey: ["id"], lookbackDays: 2 },
    // No bronze step here: the bronze table is written elsewhere.
    dbtSourceOptions: { loadedAtField: "paid_on", freshness: { warnAfterHours: 26, errorAfterHours: 50 }, external: true },
  };
  edit(specs);

  // No spreads below: a spread would read a planted getter itself, before the builder does.
  const platform = project(specs.project as never);
  const db = postgresSource({
    name: "src",
    schema: "public",
    connection: specs.connection as never,
    tables: {
      stores: table({ columns: { id: int64(), name: text() }, keys: ["id"], behaviour: snapshot() }),
      payments: table({ columns: { id: int64(), paid_on: date() }, keys: ["id"], behaviour: fact(specs.factOptions as never) as never }),
      clicks: table({ columns: { id: int64(), at: timestamp() }, keys: ["id"], behaviour: event(specs.eventOptions as never) as never }),
    },
  });
  Object.assign(specs.landing, { source: db, groups: [group("all", db.all, specs.groupOptions as never)] });
  const land = landing(specs.landing as never);
  specs.pipeline.tasks = (t: TaskBuilder) => {
    const start = t.marker("start", specs.taskOptions as never);
    const pod = t.pod("run", Object.assign(specs.pod, { after: [start] }) as never);
    const call = t.http("call", Object.assign(specs.http, { after: [pod] }) as never);
    const poll = t.waitForHttp("poll", Object.assign(specs.httpPoll, { after: [call] }) as never);
    t.trigger(externalDag("other__dag"), Object.assign(specs.trigger, { after: [poll] }) as never);
  };
  const tasks = pipeline(specs.pipeline as never);
  const source = dbtSource("bronze", "bronze", { payments: db.tables.payments }, specs.dbtSourceOptions as never);
  const orders = model(Object.assign(specs.model, { materialized: incremental(specs.materialized as never), dependsOn: [source.tables.payments] }) as never);
  const warehouse = dbtProject(Object.assign(specs.dbtProject, { sources: [source], models: [orders] }) as never);
  const run = dbtRun({ id: "dbt__daily", name: "gold", project: warehouse, schedule: manual, mode: "daily_refresh" });
  const sql: Record<string, string> = { "dbt/models/gold/orders.sql": "select id, paid_on from {{ source('bronze', 'payments') }}\n" };
  return {
    root: ROOT,
    project: platform,
    pipelines: [land, tasks, run].map((p) => ({ pipeline: p, file: FILE })),
    dbtProjects: [{ project: warehouse, file: FILE }],
    readFile: (path) => (sql[path] === undefined ? { kind: "missing" } : { kind: "text", text: sql[path]! }),
  };
}
