// The table printed at the end: every task of every DAG run, its state, duration and log file.
import { existsSync } from "node:fs";
import path from "node:path";
import type { DayResult } from "./drive.ts";

/** States a task may end in for the run to count as good (a branch skips what it does not take). */
const GOOD = new Set(["success", "skipped"]);

export interface SummaryRow {
  readonly day: string;
  readonly dagId: string;
  readonly taskId: string;
  readonly state: string;
  readonly seconds: number | undefined;
  readonly log: string | undefined;
}

export function summaryRows(days: readonly DayResult[], logFolder: string, root: string): SummaryRow[] {
  return days.flatMap((day) =>
    day.tasks.map((task) => {
      const file = path.join(logFolder, `dag_id=${task.dagId}`, `run_id=${task.runId}`, `task_id=${task.taskId}`, `attempt=${Math.max(task.tryNumber, 1)}.log`);
      return {
        day: day.day,
        dagId: task.dagId,
        taskId: task.taskId,
        state: task.state ?? "not run",
        seconds: task.start && task.end ? (task.end.getTime() - task.start.getTime()) / 1000 : undefined,
        log: existsSync(file) ? path.relative(root, file) : undefined,
      };
    }),
  );
}

/** True when every run succeeded and every task succeeded or was skipped, and no day timed out. */
export function allGood(days: readonly DayResult[]): boolean {
  return days.every((d) => !d.timedOut && d.runs.length > 0 && d.runs.every((r) => r.state === "success") && d.tasks.every((t) => GOOD.has(t.state ?? "")));
}

export function formatSummary(rows: readonly SummaryRow[]): string {
  const header = ["day", "dag", "task", "state", "duration", "log"];
  const cells = rows.map((r) => [r.day, r.dagId, r.taskId, r.state, r.seconds === undefined ? "-" : `${r.seconds.toFixed(1)} s`, r.log ?? "-"]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => c.map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i]!))).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}
