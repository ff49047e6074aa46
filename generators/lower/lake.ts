import { reservedSparkConf } from "./spark-conf.ts";
import type { Project } from "../../dsl/project.ts";
import type { ImageHandle, SecretHandle } from "../../dsl/values.ts";
import type { SparkPodSizing, SparkExecutorSizing } from "../../dsl/lake.ts";
import { error } from "../diagnostics/diagnostic.ts";
import type { IrImage, IrLake, IrSecret, IrSparkDefaults, IrSparkSizing } from "../ir/types.ts";
import type { LowerContext } from "./context.ts";

const trim = (uri: string) => uri.replace(/\/+$/, "");

function secretOf(handle: SecretHandle, secrets: Map<SecretHandle, IrSecret>, what: string, ctx: LowerContext, project: Project): IrSecret {
  const found = secrets.get(handle);
  if (!found && handle) ctx.report(error("DS004", `${what} uses a secret ('${handle.secret}') that is not in the project's secrets`, ctx.ref(project.origin)));
  return found ?? { name: "?", secret: handle?.secret ?? "?", key: handle?.key ?? "?" };
}

/** Lake roots with their defaults filled. */
export function lowerLake(project: Project, secrets: Map<SecretHandle, IrSecret>, ctx: LowerContext): IrLake | undefined {
  const lake = project.lake;
  if (!lake) return undefined;
  const raw = trim(lake.raw ?? "");
  const bronze = trim(lake.bronze ?? "");
  const silver = trim(lake.silver ?? "");
  return {
    endpoint: lake.endpoint,
    sslEnabled: lake.sslEnabled ?? false,
    accessKey: secretOf(lake.accessKey, secrets, "lake.accessKey", ctx, project),
    secretKey: secretOf(lake.secretKey, secrets, "lake.secretKey", ctx, project),
    raw,
    bronze,
    silver,
    gold: lake.gold ? trim(lake.gold) : undefined,
    state: trim(lake.state ?? `${raw}/_state`),
    registry: trim(lake.registry ?? `${bronze}/_ops/apply_registry`),
    quarantine: trim(lake.quarantine ?? `${silver}/_quarantine`),
    format: lake.format ?? "delta",
  };
}

export function sizing(base: IrSparkSizing, over: SparkPodSizing & { instances?: number } | undefined): IrSparkSizing {
  const merged = { ...base, ...Object.fromEntries(Object.entries(over ?? {}).filter(([, v]) => v !== undefined)) } as IrSparkSizing;
  return Object.fromEntries(Object.entries(merged).sort(([a], [b]) => (a < b ? -1 : 1))) as unknown as IrSparkSizing;
}

/** Spark defaults with their defaults filled. */
export function lowerSparkDefaults(project: Project, images: Map<ImageHandle, IrImage>, ctx: LowerContext): IrSparkDefaults | undefined {
  const spark = project.spark;
  if (!spark) return undefined;
  const image = images.get(spark.image);
  if (!image && spark.image) ctx.report(error("DS003", `spark.image ('${spark.image.repository}') is not in the project's images`, ctx.ref(project.origin)));
  for (const d of reservedSparkConf(spark.sparkConf, "project spark.sparkConf", ctx.ref(project.origin))) ctx.report(d);
  return {
    image: image ?? { name: "?", repository: spark.image?.repository ?? "?", tag: [], pullPolicy: "IfNotPresent" },
    version: spark.version ?? "4.1.0",
    mainFile: spark.mainFile ?? "local:///opt/spark/app/main.py",
    serviceAccount: spark.serviceAccount ?? "spark",
    jars: [...(spark.jars ?? [])],
    sparkConf: Object.fromEntries(Object.entries(spark.sparkConf ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))),
    kubernetesConnId: spark.kubernetesConnId ?? "kubernetes_default",
    driver: sizing({ cores: 1, memory: "1g" }, spark.driver),
    executor: sizing({ cores: 1, memory: "1g", instances: 1 }, spark.executor as SparkExecutorSizing | undefined),
  };
}
