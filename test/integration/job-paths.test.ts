// The joint between the compiler's dataset graph and the Spark jobs (issue 10): for every
// generated job spec, the paths the jobs' own code (spark-jobs/lakehouse_jobs) reads and writes
// are exactly the locations of the datasets the graph says the task reads and writes. With the
// dbt side reading its sources at those same locations (test/unit/lower/dbt-reads-graph.test.ts),
// the table a Spark job writes is the table dbt reads.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileProject, type CompileOutput } from "../../generators/compile.ts";
import type { IrSparkTask } from "../../generators/ir/types.ts";
import { pythonSubprocessEnv, REPO_ROOT } from "./helpers/python-env.ts";
import { ensureSparkEnv } from "./helpers/s3.ts";

const JOB_PATHS = path.join(REPO_ROOT, "test", "integration", "fixtures", "job-paths", "job_paths.py");
const SPARK_JOBS = path.join(REPO_ROOT, "spark-jobs");

interface JobPaths { reads: string[]; writes: string[] }

/** Runs the jobs' path functions over the given project's job specs. */
function jobPaths(out: CompileOutput): Map<IrSparkTask, JobPaths> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "lakec-job-paths-"));
  const tasks = out.graph!.pipelines.flatMap((p) => p.tasks).filter((t): t is IrSparkTask => t.kind === "spark");
  const files = tasks.map((t, i) => {
    const file = path.join(dir, `${i}.json`);
    writeFileSync(file, out.files.find((f) => f.path === t.app.specPath)!.content);
    return file;
  });
  const r = spawnSync(ensureSparkEnv(), [JOB_PATHS, ...files], { cwd: SPARK_JOBS, encoding: "utf8", env: pythonSubprocessEnv({ PYTHONPATH: SPARK_JOBS }) });
  expect(r.status, r.stderr).toBe(0);
  const byFile = JSON.parse(r.stdout) as Record<string, JobPaths>;
  return new Map(tasks.map((t, i) => [t, byFile[files[i]!]!]));
}

/** Compares each Spark task's job paths with its datasets' locations; returns the job kinds seen. */
function expectJobsFollowTheGraph(out: CompileOutput): string[] {
  const locationOf = new Map(out.graph!.datasets.map((d) => [d.id, d.location]));
  const jobs = new Set<string>();
  for (const [task, job] of jobPaths(out)) {
    jobs.add(String((task.app.jobSpec as { job: string }).job));
    const graph = { reads: [...new Set(task.reads.map((id) => locationOf.get(id)!))].sort(), writes: [...new Set(task.writes.map((id) => locationOf.get(id)!))].sort() };
    expect(graph.reads.length + graph.writes.length, task.id).toBeGreaterThan(0);
    expect(job, task.id).toEqual(graph);
  }
  return [...jobs].sort();
}

describe("the Spark jobs read and write where the dataset graph says", () => {
  beforeAll(() => void ensureSparkEnv(), 900_000);

  it("every Spark task of the reference pipelines (landing, bronze)", async () => {
    const out = await compileProject(REPO_ROOT, { typecheck: false });
    expect(out.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(expectJobsFollowTheGraph(out)).toEqual(["bronze", "landing"]);
  });

  it("every Spark task of the medallion case (silver with a target and quarantine)", async () => {
    const out = await compileProject(path.join(REPO_ROOT, "test", "golden", "cases", "medallion"), { typecheck: false });
    expect(out.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(expectJobsFollowTheGraph(out)).toEqual(["bronze", "landing", "silver"]);
  });
});
