// Airflow's own scheduling semantics in a local run (no engines: marker tasks only): DAGs
// scheduled on assets start when their upstreams publish them, a branch skips the path it does
// not take (and that counts as a good run), the logical date decides the branch.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "./helpers/python-env.ts";
import { runLocal } from "./helpers/local-run.ts";
import { postgresDataDir, removePostgres } from "../../local/run/services/postgres.ts";

const PROJECT = path.join(REPO_ROOT, "test", "integration", "fixtures", "local-project");
let state: string;

beforeAll(() => {
  state = path.join(mkdtempSync(path.join(tmpdir(), "lakec-local-semantics-")), "state");
  const compiled = spawnSync(process.execPath, [path.join(REPO_ROOT, "node_modules", "tsx", "dist", "cli.mjs"), path.join(REPO_ROOT, "generators", "cli", "main.ts"), "compile", "--root", PROJECT, "--no-typecheck"], { encoding: "utf8" });
  expect(compiled.status, compiled.stderr).toBe(0);
});
afterAll(() => {
  removePostgres(REPO_ROOT, postgresDataDir(state));
  rmSync(path.dirname(state), { recursive: true, force: true });
});

function states(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of stdout.split("\n").slice(2)) {
    const [day, dag, task, taskState] = line.split(/\s{2,}/);
    if (day && dag && task && taskState) out[`${day} ${dag}.${task}`] = taskState;
  }
  return out;
}

describe("npm run local: scheduling semantics", { timeout: 15 * 60_000 }, () => {
  it("a Saturday and a Sunday: assets start the downstream DAG, the branch takes the day's path", async () => {
    const run = await runLocal(["all", "--date", "2026-03-28", "--days", "2", "--state", state, "--root", PROJECT]);
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    const s = states(run.stdout);
    for (const day of ["2026-03-28", "2026-03-29"]) {
      // Scheduled on the assets of both upstreams: one run per day, after both.
      expect(s[`${day} lr__gold__revenue.build`]).toBe("success");
      expect(s[`${day} lr__housekeeping__tables__daily.cleanup__done`]).toBe("success");
    }
    expect(s["2026-03-28 lr__housekeeping__tables__daily.cleanup__optimize"]).toBe("skipped"); // Saturday
    expect(s["2026-03-28 lr__housekeeping__tables__daily.cleanup__skip"]).toBe("success");
    expect(s["2026-03-29 lr__housekeeping__tables__daily.cleanup__optimize"]).toBe("success"); // Sunday
    expect(s["2026-03-29 lr__housekeeping__tables__daily.cleanup__skip"]).toBe("skipped");
    expect(run.stderr).toMatch(/succeeded or were skipped/);
  });

  it("stops before starting anything when a name is unknown, naming the pipelines", async () => {
    const run = await runLocal(["nope__daily", "--date", "2026-03-28", "--state", `${state}-2`, "--root", PROJECT]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("pipeline 'nope__daily' is neither a pipeline id nor a DAG id of this project");
    expect(run.stderr).not.toMatch(/PostgreSQL on|at .*\.ts:\d+/);
  });
});
