import { error, type Diagnostic } from "../diagnostics/diagnostic.ts";
import type { IrGraph } from "../ir/types.ts";
import { judgeCron } from "./cron.ts";

/** Airflow's KEY_REGEX for dag and task ids, and its 250-character limit. */
const AIRFLOW_ID = /^[A-Za-z0-9_.-]+$/;
const AIRFLOW_ID_MAX = 250;
/** Airflow refuses DAGs with longer tags. */
const AIRFLOW_TAG_MAX = 100;
/** SparkApplication base names: 63 minus the operator's 9-character suffix and "-driver". */
const SPARK_APP_NAME_MAX = 47;
/** Kubernetes DNS-1123 label. */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Kubernetes DNS-1123 subdomain (secret and service-account names). */
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function airflowIdProblem(id: string): string | undefined {
  if (!id) return "is empty";
  if (id.length > AIRFLOW_ID_MAX) return `is ${id.length} characters long (at most ${AIRFLOW_ID_MAX})`;
  if (!AIRFLOW_ID.test(id)) return "may only contain letters, digits, '_', '-' and '.'";
  return undefined;
}

export function kubernetesNameProblem(name: string, kind: "label" | "subdomain" = "label"): string | undefined {
  const max = kind === "label" ? 63 : 253;
  if (!name) return "is empty";
  if (name.length > max) return `is ${name.length} characters long (at most ${max})`;
  if (!(kind === "label" ? DNS1123_LABEL : DNS1123_SUBDOMAIN).test(name)) return "must be lowercase letters, digits and '-', starting and ending with a letter or digit";
  return undefined;
}

/** DAG ids, task ids, cron expressions and Kubernetes names. */
export function checkNames(graph: IrGraph): Diagnostic[] {
  const out: Diagnostic[] = [];
  const k8s = (name: string, what: string, where: Parameters<typeof error>[2], kind: "label" | "subdomain" = "label") => {
    const problem = kubernetesNameProblem(name, kind);
    if (problem) out.push(error("KS001", `${what} '${name}' ${problem}`, where));
  };
  k8s(graph.project.namespace, "namespace", graph.project.origin);
  for (const s of graph.project.placement.imagePullSecrets) k8s(s, "image pull secret", graph.project.origin, "subdomain");
  for (const s of graph.project.secrets) k8s(s.secret, `secret '${s.name}' names Kubernetes secret`, graph.project.origin, "subdomain");
  const apps = new Map<string, string>();
  for (const p of graph.pipelines) {
    for (const tag of p.tags) {
      if (tag.length > AIRFLOW_TAG_MAX) out.push(error("AF003", `tag '${tag}' of pipeline '${p.id}' is ${tag.length} characters long (at most ${AIRFLOW_TAG_MAX})`, p.origin));
    }
    const dagProblem = airflowIdProblem(p.dagId);
    if (dagProblem) out.push(error("AF001", `DAG id '${p.dagId}' ${dagProblem}`, p.origin));
    if (p.schedule.kind === "cron") {
      const verdict = judgeCron(p.schedule.cron, graph.project.startDate);
      if (verdict.kind === "invalid") out.push(error("DS006", `schedule of pipeline '${p.id}' is not a valid cron expression '${p.schedule.cron}': ${verdict.reason}`, p.origin));
      if (verdict.kind === "never") out.push(error("DS080", `schedule of pipeline '${p.id}' never fires: cron '${p.schedule.cron}' is valid, but ${verdict.reason}`, p.origin));
    }
    for (const t of p.tasks) {
      const problem = airflowIdProblem(t.id);
      if (problem) out.push(error("AF002", `task id '${t.id}' in pipeline '${p.id}' ${problem}`, t.origin));
      if (t.kind === "trigger") {
        const targetProblem = airflowIdProblem(t.targetDagId);
        if (targetProblem) out.push(error("AF001", `task '${t.id}' triggers DAG id '${t.targetDagId}', which ${targetProblem}`, t.origin));
      }
      if (t.kind === "spark") {
        // The operator appends a unique suffix and the driver pod adds "-driver": keep room for both.
        if (t.app.name.length > SPARK_APP_NAME_MAX) out.push(error("KS001", `SparkApplication name '${t.app.name}' is ${t.app.name.length} characters long (at most ${SPARK_APP_NAME_MAX}, leaving room for the run suffix and '-driver')`, t.origin));
        else k8s(t.app.name, `SparkApplication name of task '${t.id}'`, t.origin);
        const first = apps.get(t.app.name);
        if (first && first !== `${p.dagId}.${t.id}`) out.push(error("GR011", `SparkApplication '${t.app.name}' is produced by two tasks (${first} and ${p.dagId}.${t.id})`, t.origin));
        apps.set(t.app.name, `${p.dagId}.${t.id}`);
      }
      if (t.kind === "pod") {
        k8s(t.podName, `pod name of task '${t.id}'`, t.origin);
        if (t.serviceAccount) k8s(t.serviceAccount, `service account of task '${t.id}'`, t.origin, "subdomain");
      }
    }
  }
  return out;
}
