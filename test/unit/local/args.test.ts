import { describe, expect, it } from "vitest";
import { consecutiveDays, parseLocalArgs } from "../../../local/run/args.ts";

describe("npm run local: command line", () => {
  it("takes a target, a first day and a number of days", () => {
    expect(parseLocalArgs(["all", "--date", "2026-03-28", "--days", "3", "--keep"])).toEqual({
      target: "all", days: ["2026-03-28", "2026-03-29", "2026-03-30"], keep: true, stateDir: undefined, config: undefined, timeoutMinutes: 60, root: undefined,
    });
  });
  it("crosses month and leap-day boundaries in UTC", () => {
    expect(consecutiveDays("2028-02-28", 3)).toEqual(["2028-02-28", "2028-02-29", "2028-03-01"]);
  });
  it.each([
    [[], "missing the pipeline"],
    [["all"], "--date YYYY-MM-DD is required"],
    [["all", "--date", "2026-13-01"], "--date YYYY-MM-DD is required"],
    [["all", "--date", "28.03.2026"], "--date YYYY-MM-DD is required"],
    [["all", "--date", "2026-03-28", "--days", "0"], "--days must be"],
    [["all", "--date", "2026-03-28", "--days", "1.5"], "--days must be"],
    [["all", "--date", "2026-03-28", "--bogus"], "unknown option '--bogus'"],
    [["a", "b", "--date", "2026-03-28"], "unexpected argument 'b'"],
  ])("refuses %j", (argv, message) => {
    const parsed = parseLocalArgs(argv);
    expect("error" in parsed && parsed.error).toContain(message);
  });
});
