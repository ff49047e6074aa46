import type { IrBranchTask, IrCondition } from "../../ir/types.ts";
import { pyStr, pyValue } from "../../literals/python.ts";
import type { OperatorWriter } from "./types.ts";

const WEEKDAY_NAMES = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

export const RUN_DATE_HELPER = `def _run_date(context):
    """The run's logical date; manual runs without one use the time they were queued."""
    return context.get("logical_date") or context["dag_run"].run_after`;

export const VARIABLE_FLAG_HELPER = `def _variable_flag(name, default):
    """An Airflow Variable read at run time as a yes/no flag."""
    value = Variable.get(name, default=None)
    if value is None:
        return default
    return str(value).strip().lower() in ("1", "true", "yes", "on")`;

/** The condition as a Python expression over `context`, plus the helpers it needs. */
function conditionCode(c: IrCondition, helpers: Record<string, string>): string {
  switch (c.kind) {
    case "weekday":
      helpers._run_date = RUN_DATE_HELPER;
      return `_run_date(context).isoweekday() in (${c.days.join(", ")}${c.days.length === 1 ? "," : ""})`;
    case "variableFlag":
      helpers._variable_flag = VARIABLE_FLAG_HELPER;
      return `_variable_flag(${pyStr(c.name)}, ${c.default ? "True" : "False"})`;
    default: {
      const joiner = c.kind === "anyOf" ? " or " : " and ";
      return `(${c.conditions.map((x) => conditionCode(x, helpers)).join(joiner)})`;
    }
  }
}

/** Human description of a condition, for the helper's docstring. */
function describe(c: IrCondition): string {
  switch (c.kind) {
    case "weekday": return `the run date is a ${c.days.map((d) => WEEKDAY_NAMES[d]).join(" or ")}`;
    case "variableFlag": return `Variable ${c.name} is set (default ${c.default ? "on" : "off"})`;
    default: return c.conditions.map(describe).join(c.kind === "anyOf" ? ", or " : ", and ");
  }
}

/** Branches evaluate their condition at run time only; parsing the DAG reads nothing. */
export const writeBranch: OperatorWriter<IrBranchTask> = (task, ctx) => {
  const helpers: Record<string, string> = {};
  const expr = conditionCode(task.condition, helpers);
  const fn = `_choose__${ctx.variable}`;
  const doc = `Task ${task.id}: follow the true path when ${describe(task.condition)}.`;
  helpers[fn] = `def ${fn}(**context):
    ${pyStr(doc)}
    if ${expr}:
        return ${pyValue([...task.ifTrue])}
    return ${pyValue([...task.ifFalse])}`;
  return {
    className: "BranchPythonOperator",
    imports: [
      "from airflow.providers.standard.operators.python import BranchPythonOperator",
      ...(helpers._variable_flag ? ["from airflow.sdk import Variable"] : []),
    ],
    kwargs: [["python_callable", fn]],
    helpers,
  };
};
