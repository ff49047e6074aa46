import type { IrHttpPollTask, IrHttpTask } from "../../ir/types.ts";
import { pyStr, pyValue } from "../../literals/python.ts";
import { intLiteral } from "../../literals/numbers.ts";
import { bodySource } from "./json-body.ts";
import { templated, templatedDict, templatedLiteral } from "./text.ts";
import type { OperatorWriter } from "./types.ts";

export const JSON_FIELD_HELPER = `def _json_field(response, path):
    """A dotted field of a JSON response, or None when it is absent."""
    value = response.json()
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value`;

const tuple = (values: readonly number[]): string => `(${values.map((v) => intLiteral(v, "an expected HTTP status")).join(", ")}${values.length === 1 ? "," : ""})`;

/** One HTTP call; the status must be one of the expected codes. */
export const writeHttp: OperatorWriter<IrHttpTask> = (task) => {
  const helpers: Record<string, string> = {};
  const kwargs: [string, string][] = [
    ["http_conn_id", templatedLiteral(task.connId)],
    ["method", pyStr(task.method)],
    ["endpoint", templated(task.endpoint)],
  ];
  if (task.body) kwargs.push(["data", bodySource(task.body)]);
  if (Object.keys(task.headers).length) kwargs.push(["headers", templatedDict(task.headers)]);
  kwargs.push(["response_check", `lambda response: response.status_code in ${tuple(task.expectStatus)}`]);
  if (task.expectStatus.some((s) => s >= 300)) kwargs.push(["extra_options", pyValue({ check_response: false })]);
  if (task.captureField) {
    helpers._json_field = JSON_FIELD_HELPER;
    kwargs.push(["response_filter", `lambda response: _json_field(response, ${pyStr(task.captureField)})`]);
  }
  return { className: "HttpOperator", imports: ["from airflow.providers.http.operators.http import HttpOperator"], kwargs, helpers };
};

/** Polls in reschedule mode so a long wait does not hold a worker slot. */
export const writeHttpPoll: OperatorWriter<IrHttpPollTask> = (task) => {
  const helpers: Record<string, string> = { _json_field: JSON_FIELD_HELPER };
  const check =
    task.until.kind === "equals"
      ? `lambda response: _json_field(response, ${pyStr(task.field)}) == ${pyValue(task.until.value)}`
      : `lambda response, ti: _json_field(response, ${pyStr(task.field)}) != ti.xcom_pull(task_ids=${pyStr(task.until.taskId)})`;
  const kwargs: [string, string][] = [
    ["http_conn_id", templatedLiteral(task.connId)],
    ["method", pyStr("GET")],
    ["endpoint", templated(task.endpoint)],
  ];
  if (Object.keys(task.headers).length) kwargs.push(["headers", templatedDict(task.headers)]);
  kwargs.push(
    ["response_check", check],
    ["poke_interval", intLiteral(task.everySeconds, `everySeconds of task '${task.id}'`, 1)],
    ["timeout", intLiteral(task.timeoutSeconds, `timeoutSeconds of task '${task.id}'`, 1)],
    ["mode", pyStr("reschedule")],
  );
  return { className: "HttpSensor", imports: ["from airflow.providers.http.sensors.http import HttpSensor"], kwargs, helpers };
};
