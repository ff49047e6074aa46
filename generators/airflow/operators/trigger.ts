import type { IrTriggerTask } from "../../ir/types.ts";
import { intLiteral } from "../../literals/numbers.ts";
import { templated, templatedLiteral } from "./text.ts";
import type { OperatorWriter } from "./types.ts";

/** Hand-off to another DAG with this run's logical date, so backfills propagate. */
export const writeTrigger: OperatorWriter<IrTriggerTask> = (task) => {
  const kwargs: [string, string][] = [
    ["trigger_dag_id", templatedLiteral(task.targetDagId)],
    ["logical_date", templated([{ kind: "runtime", name: "logicalDate" }])],
    ["reset_dag_run", task.resetDagRun ? "True" : "False"],
    ["wait_for_completion", task.wait ? "True" : "False"],
  ];
  if (task.wait) kwargs.push(["poke_interval", intLiteral(task.pollSeconds, `pollSeconds of task '${task.id}'`, 1)], ["allowed_states", '["success"]'], ["failed_states", '["failed"]']);
  return {
    className: "TriggerDagRunOperator",
    imports: ["from airflow.providers.standard.operators.trigger_dagrun import TriggerDagRunOperator"],
    kwargs,
  };
};
