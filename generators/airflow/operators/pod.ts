import type { IrPodTask } from "../../ir/types.ts";
import { pyStr, pyWrapped } from "../../literals/python.ts";
import { intLiteral } from "../../literals/numbers.ts";
import { templated, templatedDict, templatedList, templatedLiteral } from "./text.ts";
import type { OperatorWriter } from "./types.ts";

/** Container tasks: KubernetesPodOperator; secrets only as secretKeyRef env vars. */
export const writePod: OperatorWriter<IrPodTask> = (task) => {
  const imageRef = [{ kind: "literal" as const, value: `${task.image.repository}:` }, ...task.image.tag];
  const kwargs: [string, string][] = [
    ["name", templatedLiteral(task.podName)],
    ["namespace", templatedLiteral(task.namespace)],
    ["image", templated(imageRef)],
    ["image_pull_policy", pyStr(task.image.pullPolicy)],
  ];
  if (task.imagePullSecrets.length) kwargs.push(["image_pull_secrets", `[${task.imagePullSecrets.map((s) => `k8s.V1LocalObjectReference(name=${pyStr(s)})`).join(", ")}]`]);
  if (task.command.length) kwargs.push(["cmds", templatedList(task.command)]);
  if (task.args.length) kwargs.push(["arguments", templatedList(task.args)]);
  if (task.env.length) kwargs.push(["env_vars", pyWrapped("{", task.env.map((e) => `${pyStr(e.name)}: ${templated(e.value)}`), "}")]);
  if (task.secretEnv.length) {
    kwargs.push(["secrets", pyWrapped("[", task.secretEnv.map((s) => `Secret(deploy_type="env", deploy_target=${pyStr(s.name)}, secret=${pyStr(s.secret)}, key=${pyStr(s.key)})`), "]")]);
  }
  const { requests, limits } = task.resources;
  if (Object.keys(requests).length || Object.keys(limits).length) {
    kwargs.push(["container_resources", `k8s.V1ResourceRequirements(requests=${templatedDict(requests)}, limits=${templatedDict(limits)})`]);
  }
  if (Object.keys(task.nodeSelector).length) kwargs.push(["node_selector", templatedDict(task.nodeSelector)]);
  if (task.serviceAccount) kwargs.push(["service_account_name", pyStr(task.serviceAccount)]);
  kwargs.push(["startup_timeout_seconds", intLiteral(task.startupTimeoutSeconds, `startupTimeoutSeconds of task '${task.id}'`, 1)]);
  kwargs.push(["get_logs", "True"]);
  kwargs.push(["on_finish_action", pyStr("delete_pod")]);
  return {
    className: "KubernetesPodOperator",
    imports: [
      "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator",
      ...(task.secretEnv.length ? ["from airflow.providers.cncf.kubernetes.secret import Secret"] : []),
      ...(task.imagePullSecrets.length || Object.keys(requests).length || Object.keys(limits).length ? ["from kubernetes.client import models as k8s"] : []),
    ],
    kwargs,
  };
};
