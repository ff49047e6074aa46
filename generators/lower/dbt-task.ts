import type { DbtTaskSpec } from "../../dsl/tasks/dbt.ts";
import type { Text } from "../../dsl/values.ts";
import { error } from "../diagnostics/diagnostic.ts";
import type { IrDbtProject, IrProject, IrSecret, IrText, SourceRef } from "../ir/types.ts";
import type { LowerContext } from "./context.ts";
import { S3_ACCESS_KEY_ENV, S3_SECRET_KEY_ENV } from "./jobspec.ts";
import type { TaskBody } from "./tasks.ts";
import { podNameFor } from "./tasks.ts";
import { lowerText } from "./text.ts";

/** Where the dbt image holds the generated project (generated/dbt). */
export const DBT_PROJECT_DIR = "/app/dbt";

const lit = (value: string): IrText => [{ kind: "literal", value }];
/** Numbers become env text here, before errors stop the compile: an invalid one (reported as DS001) is written as nothing. */
const intText = (value: unknown): string => (typeof value === "number" && Number.isSafeInteger(value) ? String(value) : "");
const secretRef = (name: string, s: IrSecret) => ({ name, secret: s.secret, key: s.key });

/**
 * The dbt pod: the generated runner with the mode's selector, the run date, and the environment
 * contract the generated profiles.yml and sources.yml read (credentials only as secrets).
 */
export function lowerDbtTask(spec: DbtTaskSpec, taskId: string, where: SourceRef | undefined, project: IrProject, dbt: IrDbtProject | undefined, ctx: LowerContext): TaskBody {
  if (!dbt) {
    ctx.report(error("DS021", `task '${taskId}' runs dbt, but no dbtProject({ ... }) is exported from pipelines/`, where));
    return { kind: "marker" };
  }
  if (!project.lake) ctx.report(error("DS011", `task '${taskId}' runs dbt over the lake, but the project declares no lake settings`, where));
  const env: Record<string, IrText> = {
    DBT_PROJECT_DIR: lit(DBT_PROJECT_DIR),
    DBT_TARGET: lit("duckdb"),
    DBT_DUCKDB_PATH: lit(dbt.duckdb.path),
    DBT_EXTERNAL_ROOT: lit(`/tmp/${dbt.name}-external`),
    DBT_THREADS: lit(intText(dbt.duckdb.threads)),
    ...(dbt.duckdb.memoryLimit ? { DBT_DUCKDB_MEMORY_LIMIT: lit(dbt.duckdb.memoryLimit) } : {}),
    DBT_RUN_MODE: lit(spec.mode),
    LOGICAL_DATE: [{ kind: "runtime", name: "runDate" }],
  };
  const secretEnv: { name: string; secret: string; key: string }[] = [];
  if (project.lake) {
    Object.assign(env, {
      AWS_ENDPOINT_URL: lit(project.lake.endpoint),
      AWS_REGION: lit("us-east-1"),
      AWS_ALLOW_HTTP: lit(project.lake.sslEnabled ? "false" : "true"),
    });
    secretEnv.push(secretRef(S3_ACCESS_KEY_ENV, project.lake.accessKey), secretRef(S3_SECRET_KEY_ENV, project.lake.secretKey));
  }
  if (dbt.serving) {
    Object.assign(env, { SERVING_PG_HOST: lit(dbt.serving.host), SERVING_PG_PORT: lit(intText(dbt.serving.port)), SERVING_PG_DATABASE: lit(dbt.serving.database) });
    secretEnv.push(secretRef("SERVING_PG_USER", dbt.serving.user), secretRef("SERVING_PG_PASSWORD", dbt.serving.password));
  }
  for (const [name, value] of Object.entries(spec.env ?? {})) env[name] = lowerText(value as Text);
  const args: IrText[] = [lit("--selector"), lit(spec.mode), lit("--logical-date"), [{ kind: "runtime", name: "runDate" }]];
  if (spec.fullRefresh) args.push(lit("--full-refresh"));
  if (dbt.artifacts) args.push(lit("--artifacts"), lit(dbt.artifacts));
  const sorted = (r: Record<string, string> | undefined) => Object.fromEntries(Object.entries(r ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    kind: "dbt",
    project: dbt.name,
    mode: spec.mode,
    fullRefresh: spec.fullRefresh,
    image: dbt.image,
    podName: podNameFor(taskId),
    namespace: project.namespace,
    env: Object.entries(env).sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, value]) => ({ name, value })),
    secretEnv: secretEnv.map(({ name, secret, key }) => ({ name, secret, key })).sort((a, b) => (a.name < b.name ? -1 : 1)),
    resources: {
      requests: sorted({ cpu: "500m", memory: "2Gi", ...(spec.resources?.requests as Record<string, string>) }),
      limits: sorted({ cpu: "4", memory: "10Gi", ...(spec.resources?.limits as Record<string, string>) }),
    },
    serviceAccount: spec.serviceAccount ?? project.placement.serviceAccount,
    nodeSelector: { ...project.placement.nodeSelector },
    imagePullSecrets: [...project.placement.imagePullSecrets],
    command: [lit("python"), lit(`${DBT_PROJECT_DIR}/run_dbt.py`)],
    args,
  };
}
