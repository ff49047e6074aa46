// Object bodies of http tasks with run-time values, compiled by the real CLI and rendered by a
// real Airflow 3.1 (DagBag + template rendering for a date): the rendered body is valid JSON
// equal to the declared object with the run date, run id, try number and Variables in place,
// whatever the Variable holds (quotes, backslashes, newlines, Jinja syntax).
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DagBagReport, REPO_ROOT, ensurePythonEnv, inspectDagBag } from "./helpers/python-env.ts";

const TSX = path.join(REPO_ROOT, "node_modules", "tsx", "dist", "cli.mjs");
const MAIN = path.join(REPO_ROOT, "generators", "cli", "main.ts");
const DATE = "2025-09-07";
const TS = `${DATE}T00:00:00+00:00`;
const RUN_ID = `manual__${TS}`;
const HOSTILE = `it's "quoted" \\ back\nline {{ ds }} {% if %} </script> & é 🚀`;

const PROJECT_SRC = `import { airflowConnection, project } from "../dsl/index.ts";
export const platform = project({ id: "hb", startDate: "2025-01-01", namespace: "hb", connections: { api: airflowConnection("api") } });
`;

const PIPELINE_SRC = `import { logicalDate, manual, pipeline, runDate, runDateNodash, runId, template, tryNumber, variable } from "../dsl/index.ts";
import { platform } from "./project.ts";

export const bodies = pipeline({
  id: "bodies",
  schedule: manual,
  tasks: (t) => {
    t.http("runtime_body", {
      connection: platform.connections.api,
      endpoint: "/refresh",
      body: {
        date: runDate,
        meta: { nodash: runDateNodash, at: logicalDate, run: runId, attempt: tryNumber, label: template\`day \${runDate} of \${variable("team", "core")}\` },
        list: [runDate, 1, -2.5, true, false, null, "plain", { deep: [variable("hostile", ${JSON.stringify(HOSTILE)})] }],
        empty: {},
        none: [],
        ${JSON.stringify(HOSTILE)}: "key stays a key",
      },
    });
    t.http("supplied_body", { connection: platform.connections.api, endpoint: "/x", body: { value: variable("supplied", "default") } });
  },
});
`;

const SUPPLIED = `supplied ' " \\ {{ ds }} \n end`;

let tmp: string;
let defaults: DagBagReport;
let supplied: DagBagReport;

beforeAll(async () => {
  ensurePythonEnv();
  tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), "http-body-")));
  const root = path.join(tmp, "project");
  mkdirSync(path.join(root, "pipelines"), { recursive: true });
  cpSync(path.join(REPO_ROOT, "dsl"), path.join(root, "dsl"), { recursive: true });
  symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(root, "node_modules"), "dir");
  writeFileSync(path.join(root, "pipelines", "project.ts"), PROJECT_SRC);
  writeFileSync(path.join(root, "pipelines", "bodies.ts"), PIPELINE_SRC);
  await promisify(execFile)(process.execPath, [TSX, MAIN, "compile", "--root", root, "--no-typecheck"], { cwd: root, encoding: "utf8" });
  const dags = path.join(root, "generated", "dags");
  defaults = inspectDagBag(dags, { render: DATE });
  supplied = inspectDagBag(dags, { render: DATE, env: { AIRFLOW_VAR_SUPPLIED: SUPPLIED } });
}, 900_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const rendered = (report: DagBagReport, taskId: string) => {
  expect(report.import_errors).toEqual({});
  const task = report.dags["hb__bodies"]!.tasks[taskId]!;
  expect(task.render_error).toBeUndefined();
  return task.rendered!;
};

describe("http object bodies rendered by a real Airflow", () => {
  it("render to JSON with every run-time value in place, as strings", () => {
    const data = rendered(defaults, "runtime_body")["data"] as string;
    expect(JSON.parse(data)).toEqual({
      date: DATE,
      meta: { nodash: DATE.replaceAll("-", ""), at: TS, run: RUN_ID, attempt: "1", label: `day ${DATE} of core` },
      list: [DATE, 1, -2.5, true, false, null, "plain", { deep: [HOSTILE] }],
      empty: {},
      none: [],
      [HOSTILE]: "key stays a key",
    });
    expect(rendered(defaults, "runtime_body")["headers"]).toEqual({ "Content-Type": "application/json" });
  });

  it("carry a supplied Variable's value, hostile characters included", () => {
    expect(JSON.parse(rendered(supplied, "supplied_body")["data"] as string)).toEqual({ value: SUPPLIED });
    expect(JSON.parse(rendered(defaults, "supplied_body")["data"] as string)).toEqual({ value: "default" });
  });
});
