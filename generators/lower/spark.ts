import type { Group } from "../../dsl/medallion/group.ts";
import type { SilverTable } from "../../dsl/medallion/silver.ts";
import type { SparkGroupSpec } from "../../dsl/tasks/spark.ts";
import type { SourceTable } from "../../dsl/sources/table.ts";
import { isKind, type SecretHandle, type Text } from "../../dsl/values.ts";
import { lowerText } from "./text.ts";
import { error } from "../diagnostics/diagnostic.ts";
import type { IrSparkApp, IrText, SourceRef } from "../ir/types.ts";
import { buildJobSpec, S3_ACCESS_KEY_ENV, S3_SECRET_KEY_ENV, SOURCE_PASSWORD_ENV, SOURCE_USER_ENV } from "./jobspec.ts";
import { sizing } from "./lake.ts";
import { checkSilverColumns } from "./silver-columns.ts";
import { lakeConf, reservedSparkConf } from "./spark-conf.ts";
import { stableJson, type TaskEnv } from "./tasks.ts";

const sortRecord = (r: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** The member tables' names, for messages. */
const memberName = (m: SourceTable | SilverTable) => ("table" in m && "spec" in m ? m.table.name : (m as SourceTable).name);

/** Lowers a Spark group task into its SparkApplication. Returns undefined when settings are missing (reported). */
export function lowerSparkApp(spec: SparkGroupSpec, taskId: string, dagId: string, where: SourceRef | undefined, env: TaskEnv): IrSparkApp | undefined {
  const { project, ctx } = env;
  if (!project.lake || !project.spark) {
    ctx.report(error("DS011", `task '${taskId}' runs Spark, but the project declares no ${!project.lake ? "lake" : "spark"} settings`, where));
    return undefined;
  }
  const group = spec.group as Group<SourceTable | SilverTable>;
  const name = `${spec.step}-${group.name}`;
  const seen = new Set<string>();
  // What group(), table() and postgresSource() found (a table's issues include its source's).
  ctx.reportIssues(group.issues);
  ctx.reportIssues(spec.source?.issues);
  for (const m of group.members) ctx.reportIssues(isKind(m, "silver-table") ? (m as SilverTable).table?.issues : (m as SourceTable).issues);
  for (const m of group.members) {
    const n = memberName(m);
    if (seen.has(n)) ctx.report(error("DS012", `table '${n}' appears twice in group '${group.name}'`, where));
    seen.add(n);
    if (spec.step === "silver" && isKind(m, "silver-table")) checkSilverColumns(m as SilverTable, where, ctx);
    if (spec.step === "silver" && isKind(m, "silver-table")) {
      for (const r of (m as SilverTable).spec.quality ?? []) {
        if (!["quarantine", "drop", "fail"].includes(r?.onFail)) ctx.report(error("DS001", `silver '${(m as SilverTable).spec.target ?? n}': rule '${r?.name}' has onFail ${JSON.stringify(r?.onFail) ?? "undefined"}; use "quarantine", "drop" or "fail"`, ctx.ref((m as SilverTable).origin) ?? where));
      }
    }
    if (spec.source && isKind(m, "source-table") && (m as SourceTable).sourceName !== spec.source.name) {
      ctx.report(error("GR023", `group '${group.name}' of ${spec.step} step reads source '${spec.source.name}', but table '${n}' belongs to source '${(m as SourceTable).sourceName}'`, where));
    }
    if (spec.step === "silver" && !isKind(m, "silver-table")) ctx.report(error("DS001", `group '${group.name}' of a silver step must hold silver(...) declarations, not table '${n}'`, where));
    if (spec.step !== "silver" && !isKind(m, "source-table")) ctx.report(error("DS001", `group '${group.name}' of a ${spec.step} step must hold source tables`, where));
  }
  const defaults = project.spark;
  const o = group.options;
  for (const d of reservedSparkConf(o.sparkConf, `group '${group.name}' sparkConf`, ctx.ref(group.origin) ?? where)) ctx.report(d);
  const executorOver = { ...o.executor, ...(o.executors !== undefined ? { instances: o.executors } : {}), ...(o.memory ? { memory: o.memory } : {}), ...(o.memoryOverhead ? { memoryOverhead: o.memoryOverhead } : {}) };
  const secretEnv: { name: string; secret: string; key: string }[] = [
    { name: S3_ACCESS_KEY_ENV, secret: project.lake.accessKey.secret, key: project.lake.accessKey.key },
    { name: S3_SECRET_KEY_ENV, secret: project.lake.secretKey.secret, key: project.lake.secretKey.key },
  ];
  if (spec.step === "landing" && spec.source) {
    for (const [envName, handle] of [[SOURCE_USER_ENV, spec.source.connection?.user], [SOURCE_PASSWORD_ENV, spec.source.connection?.password]] as const) {
      const secret = env.catalogues.secrets.get(handle as SecretHandle);
      if (!secret) ctx.report(error("DS004", `source '${spec.source.name}' uses a secret that is not in the project's secrets`, where));
      secretEnv.push({ name: envName, secret: (handle as SecretHandle)?.secret ?? "?", key: (handle as SecretHandle)?.key ?? "?" });
    }
  }
  let image = defaults.image;
  if (o.image) {
    const found = env.catalogues.images.get(o.image);
    if (!found) ctx.report(error("DS003", `group '${group.name}' uses an image ('${o.image.repository}') that is not in the project's images`, where));
    else image = found;
  }
  const extraEnv: { name: string; value: IrText }[] = [];
  for (const [name, value] of Object.entries(o.env ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (isKind(value, "secret")) {
      const secret = env.catalogues.secrets.get(value as SecretHandle);
      if (!secret) ctx.report(error("DS004", `env '${name}' of group '${group.name}' uses a secret that is not in the project's secrets`, where));
      secretEnv.push({ name, secret: (value as SecretHandle).secret, key: (value as SecretHandle).key });
    } else {
      extraEnv.push({ name, value: lowerText(value as Text) });
    }
  }
  const jobSpec = buildJobSpec({ step: spec.step, app: name, dagId, lake: project.lake, source: spec.source, members: group.members });
  const runId: IrText = [{ kind: "runtime", name: "runId" }, { kind: "literal", value: "-" }, { kind: "runtime", name: "tryNumber" }];
  return {
    name,
    step: spec.step,
    yamlPath: `dags/sparkapplications/${name}.yaml`,
    specPath: `dags/jobspecs/${name}.json`,
    image,
    sparkVersion: defaults.version,
    mainFile: defaults.mainFile,
    namespace: project.namespace,
    serviceAccount: o.serviceAccount ?? defaults.serviceAccount,
    nodeSelector: sortRecord({ ...(o.nodeSelector ?? project.placement.nodeSelector) }),
    imagePullSecrets: [...project.placement.imagePullSecrets],
    driver: sizing(defaults.driver, o.driver),
    executor: sizing(defaults.executor, executorOver),
    jars: [...defaults.jars, ...(o.jars ?? [])],
    sparkConf: sortRecord({ ...lakeConf(project.lake.endpoint, project.lake.sslEnabled), ...defaults.sparkConf, ...(o.sparkConf ?? {}) }),
    env: extraEnv,
    secretEnv: secretEnv.sort((a, b) => (a.name < b.name ? -1 : 1)),
    args: [
      [{ kind: "literal", value: "--spec-json" }],
      [{ kind: "literal", value: stableJson(jobSpec) }],
      [{ kind: "literal", value: "--run-date" }],
      [{ kind: "runtime", name: "runDate" }],
      [{ kind: "literal", value: "--run-id" }],
      runId,
    ],
    jobSpec,
  };
}
