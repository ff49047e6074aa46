import { describe, expect, it } from "vitest";
import type { DayResult } from "../../../local/run/drive.ts";
import { allGood, formatSummary, summaryRows } from "../../../local/run/summary.ts";

const t = (taskId: string, state: string | null) => ({ dagId: "d", runId: "r", taskId, mapIndex: -1, state, tryNumber: 1, start: new Date(0), end: new Date(2500) });
const day = (tasks: ReturnType<typeof t>[], runState = "success", timedOut = false): DayResult => ({ day: "2026-03-28", runs: [{ dagId: "d", runId: "r", state: runState, logicalDate: null }], tasks, timedOut });

describe("npm run local: the summary and the exit code", () => {
  it("is good only when every task succeeded or was skipped by a branch", () => {
    expect(allGood([day([t("a", "success"), t("b", "skipped")])])).toBe(true);
    expect(allGood([day([t("a", "success"), t("b", "upstream_failed")], "failed")])).toBe(false);
    expect(allGood([day([t("a", "success"), t("b", null)])])).toBe(false);
    expect(allGood([day([t("a", "success")], "success", true)])).toBe(false);
    expect(allGood([{ day: "x", runs: [], tasks: [], timedOut: false }])).toBe(false);
  });
  it("lists every task with its state, duration and log", () => {
    const rows = summaryRows([day([t("a", "success"), t("b", "failed")])], "/nowhere", "/");
    expect(rows.map((r) => [r.taskId, r.state, r.seconds, r.log])).toEqual([["a", "success", 2.5, undefined], ["b", "failed", 2.5, undefined]]);
    const text = formatSummary(rows).split("\n");
    expect(text[0]).toMatch(/^day\s+dag\s+task\s+state\s+duration\s+log$/);
    expect(text[3]).toMatch(/^2026-03-28\s+d\s+b\s+failed\s+2\.5 s\s+-$/);
  });
});
