/**
 * Airflow is the oracle of the cron table (test/unit/checks/cron-cases.ts): every expression goes
 * through the timetable Airflow 3.1 builds for `DAG(schedule=...)` and its validate(); a valid one
 * is then asked for its next run after the start date (croniter raises when no date matches).
 * The unit test holds the compiler's check to the same table, so the two agree case by case.
 */
import { describe, expect, it } from "vitest";
import { runPythonJson } from "../unit/literals/python-runner.ts";
import { CRON_CASES, CRON_REFUSED_ON_PURPOSE, CRON_START_DATE } from "../unit/checks/cron-cases.ts";
import { ensurePythonEnv, pythonSubprocessEnv } from "./helpers/python-env.ts";

const ORACLE = (expressions: readonly string[]) => `
import datetime, json, pendulum
from croniter import CroniterBadDateError
from airflow.sdk.definitions.dag import _create_timetable
start = pendulum.instance(datetime.datetime.fromisoformat(${JSON.stringify(CRON_START_DATE)}), tz="UTC")
out = []
for e in json.loads(${JSON.stringify(JSON.stringify(expressions))}):
    try:
        t = _create_timetable(e, pendulum.timezone("UTC"))
        t.validate()
    except Exception as x:
        out.append("invalid"); continue
    if not hasattr(t, "_get_next"):  # @once, @continuous: Airflow schedules, not cron
        out.append("invalid"); continue
    try:
        t._get_next(start); out.append("ok")
    except CroniterBadDateError:
        out.append("never")
print(json.dumps(out))
`;

describe("Airflow's timetable on the cron table", () => {
  const python = ensurePythonEnv();
  const expressions = CRON_CASES.map(([e]) => e);
  const verdicts = runPythonJson<string[]>(python, ORACLE([...expressions, ...CRON_REFUSED_ON_PURPOSE]), pythonSubprocessEnv());

  it("gives every case the verdict the table (and so the compiler) gives it", () => {
    const disagreements = CRON_CASES.flatMap(([e, expected], i) => (verdicts[i] === expected ? [] : [`${JSON.stringify(e)}: table ${expected}, Airflow ${verdicts[i]}`]));
    expect(disagreements).toEqual([]);
  });

  it("accepts the random fields the compiler refuses on purpose (so the refusal is a choice, not a gap)", () => {
    expect(verdicts.slice(expressions.length)).toEqual(CRON_REFUSED_ON_PURPOSE.map(() => "ok"));
  });
});
