import type { IrSparkTask } from "../../ir/types.ts";
import { pyStr } from "../../literals/python.ts";
import { templatedLiteral } from "./text.ts";
import type { OperatorWriter } from "./types.ts";

/**
 * Submits the group's SparkApplication. Airflow renders the YAML (found through the DAG's
 * template_searchpath) per run, so the run date and run id reach the job and backfills work.
 */
export const writeSpark: OperatorWriter<IrSparkTask> = (task) => ({
  className: "SparkKubernetesOperator",
  imports: ["from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import SparkKubernetesOperator"],
  kwargs: [
    // Relative to generated/dags (the template search path); the operator loads and renders it.
    ["application_file", pyStr(task.app.yamlPath.replace(/^dags\//, ""))],
    ["namespace", templatedLiteral(task.app.namespace)],
    ["kubernetes_conn_id", templatedLiteral(task.kubernetesConnId)],
    ["get_logs", "True"],
    ["delete_on_termination", "True"],
  ],
});
