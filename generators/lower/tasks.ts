import type { Task } from "../../dsl/tasks/common.ts";
import type { PodSpec } from "../../dsl/tasks/pod.ts";
import type { TriggerSpec, ExternalDag } from "../../dsl/tasks/trigger.ts";
import type { Condition } from "../../dsl/tasks/branch.ts";
import { WEEKDAYS } from "../../dsl/tasks/branch.ts";
import type { HttpPollSpec, HttpSpec } from "../../dsl/tasks/http.ts";
import type { Pipeline } from "../../dsl/pipeline.ts";
import { isKind, type SecretHandle, type Text } from "../../dsl/values.ts";
import { error } from "../diagnostics/diagnostic.ts";
import type { IrCondition, IrDbtProject, IrProject, IrTask, IrText, SourceRef } from "../ir/types.ts";
import type { LowerContext } from "./context.ts";
import type { Catalogues } from "./project.ts";
import { lowerText } from "./text.ts";
import { lowerHttpBody } from "./http-body.ts";
import { lowerSparkApp } from "./spark.ts";
import { lowerDbtTask } from "./dbt-task.ts";
import type { DbtTaskSpec } from "../../dsl/tasks/dbt.ts";
import type { SparkGroupSpec } from "../../dsl/tasks/spark.ts";
import type { DatasetCollector } from "./datasets/collector.ts";
import { dbtTaskDatasets } from "./datasets/dbt.ts";
import { sparkStepDatasets } from "./datasets/spark-step.ts";

/** The per-kind part of an IR task; the pipeline lowering adds ids, edges and common settings. */
export type TaskBody = DistributiveOmit<IrTask, "id" | "origin" | "upstream" | "triggerRule" | "inlets" | "outlets" | "reads" | "writes" | "retries" | "retryDelaySeconds" | "dependsOnPast" | "doc">;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface TaskEnv {
  readonly ctx: LowerContext;
  readonly project: IrProject;
  readonly catalogues: Catalogues;
  /** Dag id of a pipeline object, or undefined when it is not part of the loaded project. */
  readonly dagIdOf: (pipeline: Pipeline) => string | undefined;
  readonly pipelineId: string;
  readonly dagId: string;
  readonly dbt: IrDbtProject | undefined;
  /** Datasets met so far, and what each task reads and writes. */
  readonly datasets: DatasetCollector;
}

/** Default pod name: the task id made DNS-1123 (lowercase, `_` → `-`, at most 63 characters). */
export function podNameFor(taskId: string): string {
  const name = taskId.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/-+/g, "-").slice(0, 63);
  return name.replace(/^-+|-+$/g, "") || "task";
}

/** Trigger task id: `trigger__` + the target DAG id without the project prefix. */
export function triggerTaskId(targetDagId: string, projectId: string): string {
  const prefix = `${projectId}__`;
  return `trigger__${targetDagId.startsWith(prefix) ? targetDagId.slice(prefix.length) : targetDagId}`;
}

function lowerCondition(condition: Condition): IrCondition {
  switch (condition.kind) {
    case "weekday":
      return { kind: "weekday", days: [...new Set(condition.days.map((d) => WEEKDAYS.indexOf(d) + 1))].sort() };
    case "variableFlag":
      return { kind: "variableFlag", name: condition.name, default: condition.default };
    default:
      return { kind: condition.kind, conditions: condition.conditions.map(lowerCondition) };
  }
}

const sortedRecord = (record: Readonly<Record<string, string>> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

function lowerPod(spec: Omit<PodSpec, "after">, where: SourceRef | undefined, taskId: string, env: TaskEnv): TaskBody {
  const image = env.catalogues.images.get(spec.image);
  if (!image && spec.image) env.ctx.report(error("DS003", `task '${taskId}' uses an image ('${spec.image.repository}') that is not in the project's images`, where));
  const literalEnv: { name: string; value: IrText }[] = [];
  const secretEnv: { name: string; secret: string; key: string }[] = [];
  for (const [name, value] of Object.entries(spec.env ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (isKind(value, "secret")) {
      const secret = env.catalogues.secrets.get(value as SecretHandle);
      if (!secret) env.ctx.report(error("DS004", `env '${name}' of task '${taskId}' uses a secret ('${(value as SecretHandle).secret}') that is not in the project's secrets`, where));
      secretEnv.push({ name, secret: (value as SecretHandle).secret, key: (value as SecretHandle).key });
    } else {
      literalEnv.push({ name, value: lowerText(value as Text) });
    }
  }
  const placement = env.project.placement;
  return {
    kind: "pod",
    image: image ?? { name: "?", repository: spec.image?.repository ?? "?", tag: [], pullPolicy: "IfNotPresent" },
    podName: spec.podName ?? podNameFor(taskId),
    namespace: env.project.namespace,
    command: (spec.command ?? []).map(lowerText),
    args: (spec.args ?? []).map(lowerText),
    env: literalEnv,
    secretEnv,
    resources: { requests: sortedRecord(spec.resources?.requests as Record<string, string>), limits: sortedRecord(spec.resources?.limits as Record<string, string>) },
    serviceAccount: spec.serviceAccount ?? placement.serviceAccount,
    nodeSelector: sortedRecord(spec.nodeSelector ?? placement.nodeSelector),
    imagePullSecrets: [...placement.imagePullSecrets],
    startupTimeoutSeconds: spec.startupTimeoutSeconds ?? 120,
  };
}

function connId(handle: unknown, taskId: string, where: SourceRef | undefined, env: TaskEnv): string {
  const id = env.catalogues.connections.get(handle as never);
  if (id !== undefined) return id;
  if (handle) env.ctx.report(error("DS005", `task '${taskId}' uses a connection that is not in the project's connections`, where));
  return "?";
}

/** The target DAG id of a trigger, reporting targets that are not part of the project. */
export function targetDagId(target: Pipeline | ExternalDag, taskLabel: string, where: SourceRef | undefined, env: TaskEnv): string {
  if (isKind(target, "external-dag")) return (target as ExternalDag).dagId;
  const dagId = env.dagIdOf(target as Pipeline);
  if (dagId === undefined) {
    env.ctx.report(error("GR007", `${taskLabel} triggers pipeline '${(target as Pipeline)?.id}', which is not exported from any file in pipelines/`, where));
    return `${env.project.id}__${(target as Pipeline)?.id ?? "?"}`;
  }
  return dagId;
}

/** Lowers the kind-specific settings of one task. */
export function lowerTaskBody(task: Task, where: SourceRef | undefined, env: TaskEnv): TaskBody {
  switch (task.kind) {
    case "marker":
      return { kind: "marker" };
    case "pod":
      return lowerPod(task.spec as PodSpec, where, task.id, env);
    case "trigger": {
      const spec = task.spec as TriggerSpec & { target: Pipeline | ExternalDag };
      return {
        kind: "trigger",
        targetDagId: targetDagId(spec.target, "a trigger task", where, env),
        wait: spec.wait ?? false,
        pollSeconds: spec.pollSeconds ?? 60,
        resetDagRun: spec.resetDagRun ?? true,
      };
    }
    case "branch": {
      const spec = task.spec as { when: Condition };
      return { kind: "branch", condition: lowerCondition(spec.when), ifTrue: [], ifFalse: [] };
    }
    case "http": {
      const spec = task.spec as HttpSpec;
      const headers = sortedRecord(spec.headers);
      const body = lowerHttpBody(spec.body, task.id, where, (d) => env.ctx.report(d));
      if (body?.kind === "json" && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["Content-Type"] = "application/json";
      return {
        kind: "http",
        connId: connId(spec.connection, task.id, where, env),
        method: spec.method ?? "POST",
        endpoint: lowerText(spec.endpoint),
        body,
        headers: sortedRecord(headers),
        expectStatus: [...new Set(spec.expectStatus ?? [200, 201, 202, 204])].sort((a, b) => a - b),
        captureField: spec.captureField,
      };
    }
    case "httpPoll": {
      const spec = task.spec as HttpPollSpec;
      const until = "equals" in spec.until
        ? ({ kind: "equals", value: spec.until.equals } as const)
        : ({ kind: "changedFrom", taskId: spec.until.changedFrom?.id ?? "?" } as const);
      if ("changedFrom" in spec.until && spec.until.changedFrom) {
        const from = spec.until.changedFrom;
        if (from.pipelineId !== env.pipelineId) env.ctx.report(error("GR009", `task '${task.id}' polls for a change from '${from.id}', an http task of pipeline '${from.pipelineId}'`, where));
        else if ((from.spec as HttpSpec).captureField !== spec.until.field) {
          env.ctx.report(error("DS001", `task '${task.id}' waits for '${spec.until.field}' to change from what '${from.id}' returned, but '${from.id}' does not capture that field`, where, `add captureField: "${spec.until.field}" to task '${from.id}'`));
        }
      }
      return {
        kind: "httpPoll",
        connId: connId(spec.connection, task.id, where, env),
        endpoint: lowerText(spec.endpoint),
        headers: sortedRecord(spec.headers),
        everySeconds: spec.everySeconds ?? 60,
        timeoutSeconds: spec.timeoutSeconds ?? 3600,
        field: spec.until?.field ?? "",
        until,
      };
    }
    case "dbt": {
      const spec = task.spec as DbtTaskSpec;
      if (env.dbt) dbtTaskDatasets(env.dbt, spec.mode, { dagId: env.dagId, taskId: task.id }, env.project.lake?.gold, env.datasets);
      return lowerDbtTask(spec, task.id, where, env.project, env.dbt, env.ctx);
    }
    case "spark": {
      const spec = task.spec as SparkGroupSpec;
      const app = lowerSparkApp(spec, task.id, env.dagId, where, env);
      if (app && env.project.lake) {
        const io = { step: spec.step, task: { dagId: env.dagId, taskId: task.id }, lake: env.project.lake, source: spec.source, members: spec.group.members };
        sparkStepDatasets(io, env.datasets, env.ctx);
      }
      return app ? { kind: "spark", app, kubernetesConnId: env.project.spark!.kubernetesConnId } : { kind: "marker" };
    }
    default:
      throw new Error(`unknown task kind '${task.kind}'`);
  }
}

/** JSON with object keys sorted at every level: the same body gives the same bytes. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}
