// What a failed task said before it failed, read from its Airflow log, so the user sees the
// job's own message at the end of the run instead of having to open the log file.
import { readFileSync } from "node:fs";
import type { SummaryRow } from "./summary.ts";

/** Lines Airflow, the JVM and logging libraries print on every run: never the reason. */
const NOISE = [/^SLF4J:/, /^WARNING: Using incubator modules/, /^\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d (INFO|WARN) /, /^Task failed with exception/, /^Filling up the DagBag/, /^DAG bundles loaded/];
/** Our jobs' final error line (lakehouse_jobs log prefix), which the lines after it explain. */
const JOB_ERROR = /^\[lakehouse_jobs [^\]]*\] ERROR: /;
const MAX_LINES = 20;

/** The messages of a task log: Airflow 3 writes one JSON object per line, older ones plain text. */
export function logMessages(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const event = (JSON.parse(line) as { event?: unknown }).event;
      if (typeof event === "string") out.push(...event.split("\n"));
    } catch {
      out.push(line);
    }
  }
  return out;
}

/** The job's final error and its explanation, or the last meaningful lines of the log. */
export function failureExcerpt(messages: readonly string[]): string[] {
  let lastJobError = -1;
  messages.forEach((m, i) => { if (JOB_ERROR.test(m)) lastJobError = i; });
  if (lastJobError >= 0) {
    const tail = messages.slice(lastJobError + 1);
    const end = tail.findIndex((m) => !/^\s/.test(m));
    const explanation = end < 0 ? tail : tail.slice(0, end);
    return [messages[lastJobError]!.replace(/^\[lakehouse_jobs [^\]]*\] /, ""), ...explanation].slice(0, MAX_LINES);
  }
  return messages.filter((m) => !NOISE.some((n) => n.test(m))).slice(-MAX_LINES);
}

/** A block per failed task: which task, what it said, where its log is. Empty when none failed. */
export function formatFailures(rows: readonly SummaryRow[], read: (logPath: string) => string = (p) => readFileSync(p, "utf8")): string {
  const blocks = rows
    .filter((r) => r.state === "failed")
    .map((r) => {
      const said = r.log ? failureExcerpt(logMessages(read(r.log))) : ["(no log file was written)"];
      return [`failed: ${r.dagId} / ${r.taskId} (${r.day})`, ...said.map((l) => `  ${l}`), ...(r.log ? [`  log: ${r.log}`] : [])].join("\n");
    });
  return blocks.join("\n\n");
}
