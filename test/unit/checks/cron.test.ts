/**
 * cronProblem: the five-field cron check, as tables of valid and invalid expressions, and
 * cross-checked with the croniter that Airflow itself validates schedules with: anything the
 * check accepts must be accepted by croniter (else the DAG would fail to import).
 */
import { describe, expect, it } from "vitest";
import { cronProblem } from "../../../generators/checks/cron.ts";
import { pyStr } from "../../../generators/literals/python.ts";
import { ensurePythonEnv, pythonSubprocessEnv } from "../../integration/helpers/python-env.ts";
import { runPythonJson } from "../literals/python-runner.ts";

const VALID = [
  "15 4 * * *",
  "* * * * *",
  "0 0 1 1 *",
  "*/5 * * * *",
  "0 */2 * * *",
  "1-10/2 * * * *",
  "5/15 * * * *",
  "0,15,30,45 * * * *",
  "0-59 0-23 1-31 1-12 0-7",
  "59 23 31 12 7",
  "0 0 * * 0",
  "0 0 * * 7",
  "0 0 * jan *",
  "0 0 * JAN-Dec *",
  "0 0 * * mon-fri",
  "0 0 * * MON,wed,Fri",
  "0 0 * * sun-sat",
  "00 04 01 01 *",
  "0-0 * * * *",
  "*/60 * * * *",
  "  15 4 * * *  ",
  "15\t4 * *  *",
];

const INVALID: [expression: string, reason: RegExp][] = [
  ["", /expected 5 fields, found 0/],
  ["   ", /expected 5 fields, found 0/],
  ["* * * *", /expected 5 fields, found 4/],
  ["* * * * * *", /expected 5 fields, found 6/],
  ["@daily", /expected 5 fields, found 1/],
  ["60 * * * *", /60 is out of range for the minute field \(0-59\)/],
  ["* 24 * * *", /24 is out of range for the hour field \(0-23\)/],
  ["* * 0 * *", /0 is out of range for the day of month field \(1-31\)/],
  ["* * 32 * *", /32 is out of range for the day of month field/],
  ["* * * 0 *", /0 is out of range for the month field \(1-12\)/],
  ["* * * 13 *", /13 is out of range for the month field/],
  ["* * * * 8", /8 is out of range for the day of week field \(0-7\)/],
  ["*/0 * * * *", /step '0' in the minute field must be a positive number/],
  ["*/x * * * *", /step 'x' in the minute field/],
  ["*/ * * * *", /step '' in the minute field/],
  ["1/2/3 * * * *", /'1\/2\/3' in the minute field is not valid/],
  ["1,,2 * * * *", /'' in the minute field is not valid/],
  [",1 * * * *", /'' in the minute field is not valid/],
  ["1- * * * *", /'' in the minute field is not a number/],
  ["-1 * * * *", /'' in the minute field is not a number/],
  ["1-2-3 * * * *", /'1-2-3' in the minute field is not valid/],
  ["a * * * *", /'a' in the minute field is not a number/],
  ["mon * * * *", /'mon' in the minute field is not a number/],
  ["* * * mon *", /'mon' in the month field is not a number/],
  ["* * * * jan", /'jan' in the day of week field is not a number/],
  ["* * * * monday", /'monday' in the day of week field is not a number/],
  ["*-5 * * * *", /'\*' in the minute field is not a number/],
  ["10-5 * * * *", /range '10-5' in the minute field goes backwards/],
  ["0 0 * dec-jan *", /range 'dec-jan' in the month field goes backwards/],
  ["1.5 * * * *", /'1.5' in the minute field is not a number/],
  ["? * * * *", /'\?' in the minute field is not a number/],
  ["0 0 ? * *", /'\?' in the day of month field is not a number/],
  ["0 0 L * *", /'L' in the day of month field is not a number/],
  ["0 0 * * 1#2", /'1#2' in the day of week field is not a number/],
  ["99999999999999999999 * * * *", /out of range for the minute field/],
];

describe("cronProblem", () => {
  it.each(VALID)("accepts %j", (expression) => {
    expect(cronProblem(expression)).toBeUndefined();
  });

  it.each(INVALID)("rejects %j", (expression, reason) => {
    expect(cronProblem(expression)).toMatch(reason);
  });
});

describe("cronProblem agrees with Airflow's croniter", () => {
  const all = [...VALID, ...INVALID.map(([e]) => e)];
  const python = ensurePythonEnv();
  const verdicts = runPythonJson<boolean[]>(
    python,
    `import json\nfrom croniter import croniter\nexprs = [${all.map(pyStr).join(", ")}]\nprint(json.dumps([croniter.is_valid(e) for e in exprs]))\n`,
    pythonSubprocessEnv(),
  );
  const croniterOk = new Map(all.map((e, i) => [e, verdicts[i]!]));

  it("everything the check accepts, croniter accepts", () => {
    const rejectedByAirflow = VALID.filter((e) => !croniterOk.get(e));
    expect(rejectedByAirflow).toEqual([]);
  });

  it("the check is stricter than croniter only where it means to be", () => {
    // croniter also takes 6-field (seconds) and @presets, `?`, `L`, `#`, wrap-around ranges and
    // huge numbers; the DSL has presets of its own and asks for plain, forward five-field cron.
    const stricter = INVALID.map(([e]) => e).filter((e) => croniterOk.get(e));
    expect(stricter.sort()).toEqual(
      ["* * * * * *", "@daily", "10-5 * * * *", "0 0 * dec-jan *", "0 0 ? * *", "0 0 L * *", "0 0 * * 1#2"].sort(),
    );
  });
});
