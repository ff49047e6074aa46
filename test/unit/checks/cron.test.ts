/**
 * judgeCron over the cron table (cron-cases.ts): what Airflow accepts is accepted, what it refuses
 * is refused, and what it accepts but never runs (February 31st) is refused as DS080. Airflow's
 * own timetable is held to the same table in test/integration/cron-oracle.test.ts.
 */
import { describe, expect, it } from "vitest";
import { cron, manual, pipeline } from "../../../dsl/index.ts";
import { judgeCron } from "../../../generators/checks/cron.ts";
import { checkNames } from "../../../generators/checks/names.ts";
import { brief, lineOf, lowerAll, relativeFile, testProject } from "../lower/helpers.ts";
import { CRON_CASES, CRON_REFUSED_ON_PURPOSE, CRON_START_DATE } from "./cron-cases.ts";

const FILE = relativeFile(import.meta.url);

describe("judgeCron agrees with Airflow on the cron table", () => {
  it.each(CRON_CASES)("%j is %s", (expression, expected) => {
    expect(judgeCron(expression, CRON_START_DATE).kind).toBe(expected);
  });

  it.each(CRON_REFUSED_ON_PURPOSE)("refuses the random field in %j", (expression) => {
    expect(judgeCron(expression, CRON_START_DATE)).toMatchObject({ kind: "invalid", reason: expect.stringMatching(/hashed or random/) });
  });

  it("gives reasons an author can act on", () => {
    const reason = (e: string) => (judgeCron(e, CRON_START_DATE) as { reason?: string }).reason;
    expect(reason("61 * * * *")).toBe("61 is out of range for the minute field (0-59)");
    expect(reason("* * * *")).toBe("expected 5 fields (or 6 with seconds, 7 with seconds and year), found 4");
    expect(reason("*/0 * * * *")).toBe("step '0' in the minute field must be a positive number");
    expect(reason("0 0 * * 1#6")).toBe("'1#6': the occurrence after '#' must be 1-5");
    expect(reason("0 0 31 2 *")).toBe("no date in the 50 years after 2025-08-24 matches its day, month and year fields");
  });

  it("a year field is judged from the project's start date", () => {
    expect(judgeCron("0 0 1 1 * 0 2030", "2025-08-24").kind).toBe("ok");
    expect(judgeCron("0 0 1 1 * 0 2030", "2031-01-01").kind).toBe("never");
  });
});

describe("checkNames reports cron schedules at the pipeline's line", () => {
  it("DS080 for a schedule that never fires, nothing for month ends, presets and six fields", () => {
    const never = pipeline({ id: "feb31", schedule: cron("0 0 31 2 *"), tasks: (t) => void t.marker("a") }); // @never
    const fine = [
      pipeline({ id: "month_end", schedule: cron("0 0 L * *"), tasks: (t) => void t.marker("a") }),
      pipeline({ id: "preset", schedule: cron("@daily"), tasks: (t) => void t.marker("a") }),
      pipeline({ id: "seconds", schedule: cron("0 0 * * * 30"), tasks: (t) => void t.marker("a") }),
      pipeline({ id: "second_monday", schedule: cron("0 0 * * 1#2"), tasks: (t) => void t.marker("a") }),
      pipeline({ id: "by_hand", schedule: manual, tasks: (t) => void t.marker("a") }),
    ];
    const { graph, diagnostics } = lowerAll(testProject(), [never, ...fine], FILE);
    expect(diagnostics).toEqual([]);
    expect(brief(checkNames(graph))).toEqual([
      { code: "DS080", file: FILE, line: lineOf(import.meta.url, "// @never"), message: "schedule of pipeline 'feb31' never fires: cron '0 0 31 2 *' is valid, but no date in the 50 years after 2025-08-24 matches its day, month and year fields" },
    ]);
  });
});
