import { describe, expect, it } from "vitest";
import { failureExcerpt, formatFailures, logMessages } from "../../../local/run/failure-excerpt.ts";
import type { SummaryRow } from "../../../local/run/summary.ts";

// Shaped like an Airflow 3 task log of a bronze job that refused a corrupt batch.
const json = (event: string, level = "info") => JSON.stringify({ timestamp: "2026-12-02T16:10:12Z", level, event });
const bronzeLog = [
  json("DAG bundles loaded: dags-folder, local-stubs"),
  json("SLF4J: Defaulting to no-operation (NOP) logger implementation"),
  json("[lakehouse_jobs 2026-12-02T16:10:12Z] bronze orders FAILED: 1 problem(s) with landing batches:"),
  json("[lakehouse_jobs 2026-12-02T16:10:45Z] bronze payments: applied 2 batch(es) by merge"),
  json("[lakehouse_jobs 2026-12-02T16:11:03Z] ERROR: bronze: 1 of 5 table(s) not written (the other tables were):\n  - orders: 1 problem(s) with landing batches:\n    - s3a://raw/orders/run_id=x: manifest run_id 'y' does not match the folder"),
  json("Task failed with exception", "error"),
].join("\n");

describe("npm run local: what a failed task said", () => {
  it("reads the messages of a JSON-lines log and of a plain one", () => {
    expect(logMessages(`${json("a\n  b")}\nplain line\n`)).toEqual(["a", "  b", "plain line"]);
  });
  it("shows the job's final error with its explanation, without the prefix or Airflow's noise", () => {
    expect(failureExcerpt(logMessages(bronzeLog))).toEqual([
      "ERROR: bronze: 1 of 5 table(s) not written (the other tables were):",
      "  - orders: 1 problem(s) with landing batches:",
      "    - s3a://raw/orders/run_id=x: manifest run_id 'y' does not match the folder",
    ]);
  });
  it("falls back to the last meaningful lines when the job printed no error of ours", () => {
    const log = [json("SLF4J: x"), json("Traceback (most recent call last):"), json("KeyError: 'spec'"), json("Task failed with exception", "error")].join("\n");
    expect(failureExcerpt(logMessages(log))).toEqual(["Traceback (most recent call last):", "KeyError: 'spec'"]);
  });
  it("prints one block per failed task, naming the task and its log", () => {
    const row = (taskId: string, state: string, log?: string): SummaryRow => ({ day: "2026-03-29", dagId: "bronze", taskId, state, seconds: 1, log });
    const text = formatFailures([row("ok", "success", "a.log"), row("facts", "failed", "b.log"), row("gone", "failed")], (p) => (p === "b.log" ? bronzeLog : ""));
    expect(text).toContain("failed: bronze / facts (2026-03-29)\n  ERROR: bronze: 1 of 5 table(s) not written");
    expect(text).toContain("  log: b.log");
    expect(text).toContain("failed: bronze / gone (2026-03-29)\n  (no log file was written)");
    expect(text).not.toContain("/ ok ");
    expect(formatFailures([row("ok", "success", "a.log")])).toBe("");
  });
});
