// One day of the local run: start the day's DAGs, then follow what Airflow does (task states,
// triggered and asset-scheduled runs) until nothing is queued or running any more.
import type { Metadata, RunRow, TaskRow } from "./metadata.ts";

export interface DayResult {
  readonly day: string;
  readonly runs: readonly RunRow[];
  readonly tasks: readonly TaskRow[];
  readonly timedOut: boolean;
}

export interface DriveOptions {
  readonly metadata: Metadata;
  readonly day: string;
  /** Starts (or clears for a rerun) one DAG's run for the day. */
  readonly trigger: (dagId: string) => void;
  /** Groups started one after the other; a group's DAGs together. */
  readonly groups: readonly (readonly string[])[];
  readonly timeoutMs: number;
  readonly log: (line: string) => void;
  readonly pollMs?: number;
}

export async function driveDay(opts: DriveOptions): Promise<DayResult> {
  const since = new Date(Date.now() - 1000);
  const started = Date.now();
  const seen = new Map<string, string>();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s`;
  let timedOut = false;
  for (const group of opts.groups) {
    for (const dagId of group) {
      opts.trigger(dagId);
      opts.log(`${elapsed()}  ${opts.day}  ${dagId}  started`);
    }
    timedOut = await settle(opts, since, started, seen, elapsed);
    if (timedOut) break;
    const runs = await opts.metadata.runsSince(since);
    if (runs.some((r) => r.state === "failed")) break; // later groups build on this one
  }
  const runs = await opts.metadata.runsSince(since);
  return { day: opts.day, runs, tasks: await opts.metadata.tasksOf(runs), timedOut };
}

/** Polls until no run is queued or running (twice in a row) or the day's time is up. */
async function settle(opts: DriveOptions, since: Date, started: number, seen: Map<string, string>, elapsed: () => string): Promise<boolean> {
  const poll = opts.pollMs ?? 1000;
  let quiet = 0;
  while (quiet < 2) {
    if (Date.now() - started > opts.timeoutMs) {
      opts.log(`${elapsed()}  ${opts.day}  timed out after ${Math.round(opts.timeoutMs / 60000)} min`);
      return true;
    }
    await new Promise((r) => setTimeout(r, poll));
    const runs = await opts.metadata.runsSince(since);
    for (const run of runs) report(`${run.dagId}`, `run ${run.state}`, `${run.dagId}/${run.runId}`);
    for (const task of await opts.metadata.tasksOf(runs)) {
      if (task.state) report(`${task.dagId}  ${task.taskId}`, task.state, `${task.dagId}/${task.runId}/${task.taskId}/${task.mapIndex}`);
    }
    quiet = (await opts.metadata.pending()) === 0 && runs.length > 0 ? quiet + 1 : 0;
  }
  return false;

  function report(what: string, state: string, key: string) {
    if (seen.get(key) === state) return;
    seen.set(key, state);
    opts.log(`${elapsed()}  ${opts.day}  ${what}  ${state}`);
  }
}
