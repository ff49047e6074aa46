// The reference pipelines (repo pipelines/) and the golden cases, compiled and imported by a real
// Airflow 3.1 DagBag: zero import errors, and every DAG equal to the IR it came from (task ids,
// edges, schedule, tags, operator classes, settings), with templated fields rendering to what
// the IR says for a logical date, with Variable defaults and with Variables set. Plus: the
// committed generated/ is what a fresh compile writes (`compile --check` exits 0).
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileProject } from "../../generators/compile.ts";
import type { IrGraph, IrPipeline, IrTask, IrText } from "../../generators/ir/types.ts";
import { writeGenerated } from "../../generators/writer/index.ts";
import { listCases, caseDir, expectedDir, readTree } from "../golden/golden-lib.ts";
import { type DagBagReport, type DagReport, type Json, REPO_ROOT, ensurePythonEnv, inspectDagBag } from "./helpers/python-env.ts";

const LOGICAL_DATE = "2025-09-01";
const TS = `${LOGICAL_DATE}T00:00:00+00:00`;

const OPERATOR: Record<IrTask["kind"], string> = {
  marker: "airflow.providers.standard.operators.empty.EmptyOperator",
  pod: "airflow.providers.cncf.kubernetes.operators.pod.KubernetesPodOperator",
  trigger: "airflow.providers.standard.operators.trigger_dagrun.TriggerDagRunOperator",
  branch: "airflow.providers.standard.operators.python.BranchPythonOperator",
  http: "airflow.providers.http.operators.http.HttpOperator",
  httpPoll: "airflow.providers.http.sensors.http.HttpSensor",
  spark: "airflow.providers.cncf.kubernetes.operators.spark_kubernetes.SparkKubernetesOperator",
  // A dbt run is a pod with the dbt image and the generated runner.
  dbt: "airflow.providers.cncf.kubernetes.operators.pod.KubernetesPodOperator",
};

/** Airflow's asset URI normalisation (airflow.sdk.definitions.asset._sanitize_uri) for the URIs we emit. */
function normalizeAssetUri(uri: string): string {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/.exec(uri);
  if (!m) return uri;
  const [, scheme, netloc, rawPath, query] = m;
  if (scheme!.toLowerCase().startsWith("x-")) return uri;
  const pathPart = rawPath!.replace(/\/+$/, "") || "/";
  const q = query ? `?${new URLSearchParams([...new URLSearchParams(query.slice(1))].sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))).toString()}` : "";
  return `${scheme!.toLowerCase()}://${netloc}${pathPart}${q}`;
}

function expectedSchedule(p: IrPipeline): Json {
  switch (p.schedule.kind) {
    case "cron": return p.schedule.cron;
    case "preset": return p.schedule.preset;
    case "assets": return p.schedule.assets.map(normalizeAssetUri);
    default: return null; // manual, and pipelines started by another pipeline's trigger task
  }
}

/** What a DAG run at LOGICAL_DATE renders a text to: literals verbatim, run-time values, Variables. */
function renderText(text: IrText, runId: string, vars: Readonly<Record<string, string>>): string {
  return text.map((part) => {
    if (part.kind === "literal") return part.value;
    if (part.kind === "variable") return vars[part.name] ?? part.default;
    switch (part.name) {
      case "runDate": return LOGICAL_DATE;
      case "runDateNodash": return LOGICAL_DATE.replaceAll("-", "");
      case "logicalDate": return TS;
      case "runId": return runId;
      case "tryNumber": return "1";
    }
  }).join("");
}

/** The run id the harness gives a run of this DAG (its run type from the timetable). */
function runIdOf(dag: DagReport): string {
  const type = dag.timetable_class.endsWith("NullTimetable") ? "manual" : dag.timetable_class.endsWith("AssetTriggeredTimetable") ? "asset_triggered" : "scheduled";
  return `${type}__${TS}`;
}

/** The rendered templated fields the IR promises for a task. */
function expectedRendered(task: IrTask, runId: string, vars: Readonly<Record<string, string>>): Record<string, Json> {
  const r = (t: IrText) => renderText(t, runId, vars);
  switch (task.kind) {
    case "pod":
    case "dbt":
      return {
        image: `${task.image.repository}:${r(task.image.tag)}`,
        name: task.podName,
        namespace: task.namespace,
        cmds: task.command.map(r),
        arguments: task.args.map(r),
        ...(task.env.length ? { env_vars: Object.fromEntries(task.env.map((e) => [e.name, r(e.value)])) } : {}),
        ...(Object.keys(task.nodeSelector).length ? { node_selector: { ...task.nodeSelector } } : {}),
      };
    case "trigger":
      return { trigger_dag_id: task.targetDagId, logical_date: TS };
    case "http":
      return {
        http_conn_id: task.connId,
        endpoint: r(task.endpoint),
        ...(task.body?.kind === "text" ? { data: r(task.body.text) } : {}),
        ...(Object.keys(task.headers).length ? { headers: { ...task.headers } } : {}),
      };
    case "httpPoll":
      return { http_conn_id: task.connId, endpoint: r(task.endpoint), ...(Object.keys(task.headers).length ? { headers: { ...task.headers } } : {}) };
    default:
      return {};
  }
}

/** Every Variable name the graph reads in templated text. */
function variableNames(graph: IrGraph): string[] {
  const names = new Set<string>();
  const scan = (t: IrText | undefined) => t?.forEach((p) => p.kind === "variable" && names.add(p.name));
  for (const p of graph.pipelines) {
    for (const task of p.tasks) {
      if (task.kind === "pod" || task.kind === "dbt") [task.image.tag, ...task.command, ...task.args, ...task.env.map((e) => e.value)].forEach(scan);
      if (task.kind === "http") [task.endpoint, task.body?.kind === "text" ? task.body.text : undefined].forEach(scan);
      if (task.kind === "httpPoll") scan(task.endpoint);
    }
  }
  return [...names].sort();
}

/** Asserts that Airflow's view of one DAG equals the IR pipeline. */
function expectDagMatchesIr(p: IrPipeline, report: DagBagReport, fileRel: string, files: ReadonlyMap<string, string>): void {
  const dag = report.dags[p.dagId];
  expect(dag, `DAG ${p.dagId} is in the DagBag`).toBeDefined();
  const where = `DAG ${p.dagId}`;
  expect(dag!.fileloc_relative, where).toBe(fileRel);
  expect(dag!.schedule, `${where}: schedule`).toEqual(expectedSchedule(p));
  expect(new Set(dag!.tags), `${where}: tags`).toEqual(new Set(p.tags));
  expect(dag!.catchup, `${where}: catchup`).toBe(p.catchup);
  expect(dag!.max_active_runs, `${where}: max_active_runs`).toBe(p.maxActiveRuns);
  expect(dag!.start_date, `${where}: start_date`).toBe(`${p.startDate}T00:00:00+00:00`);
  expect(dag!.owner, `${where}: owner`).toBe(p.owner);
  expect(dag!.description, `${where}: description`).toBe(p.description === undefined ? null : p.description.split(/\r?\n/)[0]!.trim());
  expect(dag!.doc_md, `${where}: doc_md`).toBe(p.description ?? null);
  expect(Object.keys(dag!.tasks).sort(), `${where}: task ids`).toEqual(p.tasks.map((t) => t.id).sort());
  for (const task of p.tasks) {
    const got = dag!.tasks[task.id]!;
    const at = `${where} task ${task.id}`;
    expect(OPERATOR[task.kind], `IR task kind '${task.kind}' has an expected operator class in OPERATOR`).toBeDefined();
    expect(got.operator, `${at}: operator`).toBe(OPERATOR[task.kind]);
    expect(got.upstream, `${at}: upstream`).toEqual([...task.upstream].sort());
    expect(got.trigger_rule, `${at}: trigger_rule`).toBe(task.triggerRule);
    expect(got.retries, `${at}: retries`).toBe(task.retries ?? p.retries);
    expect(got.retry_delay, `${at}: retry_delay`).toEqual({ timedelta_seconds: task.retryDelaySeconds ?? p.retryDelaySeconds });
    expect(got.depends_on_past, `${at}: depends_on_past`).toBe(task.dependsOnPast ?? p.dependsOnPast);
    expect(got.owner, `${at}: owner`).toBe(p.owner);
    expect(got.inlets, `${at}: inlets`).toEqual(task.inlets.map(normalizeAssetUri));
    expect(got.outlets, `${at}: outlets`).toEqual(task.outlets.map(normalizeAssetUri));
    switch (task.kind) {
      case "pod":
      case "dbt": {
        const secrets = [...task.secretEnv].map((s) => ({ deploy_type: "env", deploy_target: s.name, secret: s.secret, key: s.key }));
        expect(got.attrs["secrets"], `${at}: secrets`).toEqual(secrets);
        expect(got.attrs["image_pull_policy"], `${at}: pull policy`).toBe(task.image.pullPolicy);
        expect(got.attrs["namespace"], `${at}: namespace`).toBe(task.namespace);
        if (task.kind === "pod") expect(got.attrs["startup_timeout_seconds"], `${at}: startup timeout`).toBe(task.startupTimeoutSeconds);
        expect(got.attrs["service_account_name"] ?? "", `${at}: service account`).toBe(task.serviceAccount);
        expect(got.attrs["image_pull_secrets"], `${at}: pull secrets`).toEqual(task.imagePullSecrets.map((name) => ({ name })));
        const resources = got.attrs["container_resources"] as { requests?: Json; limits?: Json } | null;
        if (Object.keys(task.resources.requests).length || Object.keys(task.resources.limits).length) {
          expect(resources?.requests ?? {}, `${at}: requests`).toEqual(task.resources.requests);
          expect(resources?.limits ?? {}, `${at}: limits`).toEqual(task.resources.limits);
        }
        break;
      }
      case "trigger":
        expect(got.attrs["trigger_dag_id"], at).toBe(task.targetDagId);
        expect(got.attrs["reset_dag_run"], at).toBe(task.resetDagRun);
        expect(got.attrs["wait_for_completion"], at).toBe(task.wait);
        break;
      case "branch":
        expect(got.downstream, `${at}: both paths`).toEqual([...new Set([...task.ifTrue, ...task.ifFalse])].sort());
        break;
      case "http":
        expect(got.attrs["method"], at).toBe(task.method);
        expect(got.attrs["http_conn_id"], at).toBe(task.connId);
        break;
      case "httpPoll":
        expect(got.attrs["method"], at).toBe("GET");
        expect(got.attrs["http_conn_id"], at).toBe(task.connId);
        break;
      case "spark":
        // application_file names a file relative to the DAG folder (the DAG's template_searchpath);
        // Airflow resolves it while parsing, so the attribute holds that generated YAML file.
        expect(files.get(task.app.yamlPath), `${at}: its YAML is generated`).toBeDefined();
        expect(got.attrs["application_file"], `${at}: application_file`).toBe(files.get(task.app.yamlPath));
        expect(got.attrs["namespace"], at).toBe(task.app.namespace);
        expect(got.attrs["kubernetes_conn_id"], at).toBe(task.kubernetesConnId);
        break;
      default:
        break;
    }
  }
}

/** Asserts that every task renders, to what the IR promises for the given Variables. */
function expectRenders(p: IrPipeline, report: DagBagReport, vars: Readonly<Record<string, string>>): void {
  const dag = report.dags[p.dagId]!;
  for (const task of p.tasks) {
    const got = dag.tasks[task.id]!;
    expect(got.render_error, `${p.dagId}.${task.id} renders`).toBeUndefined();
    expect(got.rendered, `${p.dagId}.${task.id} rendered`).toMatchObject(expectedRendered(task, runIdOf(dag), vars));
  }
}

// ---------------------------------------------------------------------------------------------

let tmp: string;
/** Every IR pipeline inspected by this file, for the coverage check at the end. */
const inspected: IrPipeline[] = [];

beforeAll(() => {
  ensurePythonEnv(); // throws (never skips) when the Python environment cannot be built
  tmp = mkdtempSync(path.join(os.tmpdir(), "reference-dagbag-"));
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("reference pipelines in a real Airflow DagBag", () => {
  let graph: IrGraph;
  let defaults: DagBagReport;
  let withVars: DagBagReport;
  let vars: Record<string, string>;
  let files: Map<string, string>;

  beforeAll(async () => {
    const result = await compileProject(REPO_ROOT, { typecheck: true });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    graph = result.graph!;
    inspected.push(...graph.pipelines);
    files = new Map(result.files.map((f) => [f.path, f.content]));
    const out = path.join(tmp, "reference");
    writeGenerated({ outDir: out, files: result.files, mode: "write" });
    vars = Object.fromEntries(variableNames(graph).map((name) => [name, `set:${name}`]));
    defaults = inspectDagBag(path.join(out, "dags"), { render: LOGICAL_DATE });
    withVars = inspectDagBag(path.join(out, "dags"), {
      render: LOGICAL_DATE,
      env: Object.fromEntries(Object.entries(vars).map(([name, value]) => [`AIRFLOW_VAR_${name.toUpperCase()}`, value])),
    });
  });

  it("imports every generated DAG file without errors or warnings", () => {
    expect(defaults.airflow_version).toMatch(/^3\.1\./);
    expect(defaults.import_errors).toEqual({});
    expect(defaults.warnings).toEqual({});
    expect(graph.pipelines.length).toBeGreaterThan(0);
    expect(Object.keys(defaults.dags).sort()).toEqual(graph.pipelines.map((p) => p.dagId).sort());
  });

  it("every DAG equals its IR pipeline: tasks, edges, schedule, tags, operators, settings", () => {
    for (const p of graph.pipelines) expectDagMatchesIr(p, defaults, `my_dags/${p.dagId}.py`, files);
  });

  it("renders run-time values and Variable defaults for a logical date", () => {
    for (const p of graph.pipelines) expectRenders(p, defaults, {});
    // Spelled out, independent of the IR-derived expectations above: run-date arguments render
    // to the date, and every trigger passes this run's logical date.
    const tasks = Object.values(defaults.dags).flatMap((d) => Object.values(d.tasks));
    const pods = tasks.filter((t) => t.operator === OPERATOR.pod);
    const runDateArgs = graph.pipelines.flatMap((p) => p.tasks).filter((t) => t.kind === "pod" && t.args.some((a) => a.length === 1 && a[0]!.kind === "runtime" && a[0]!.name === "runDate"));
    expect(runDateArgs.length, "some reference pod takes the run date as an argument").toBeGreaterThan(0);
    expect(pods.some((t) => (t.template_fields["arguments"] as string[]).includes("{{ (logical_date or dag_run.run_after) | ds }}"))).toBe(true);
    expect(pods.some((t) => (t.rendered!["arguments"] as string[]).includes(LOGICAL_DATE))).toBe(true);
    const triggers = tasks.filter((t) => t.operator === OPERATOR.trigger);
    expect(triggers.length, "the reference pipelines hand off with trigger tasks").toBeGreaterThan(0);
    for (const t of triggers) expect(t.rendered!["logical_date"]).toBe(TS);
  });

  it("renders Variables supplied as AIRFLOW_VAR_<NAME>", () => {
    expect(Object.keys(vars).length).toBeGreaterThan(0);
    for (const p of graph.pipelines) expectRenders(p, withVars, vars);
    // At least one image tag comes from a Variable, and it renders to the supplied value.
    const images = Object.values(withVars.dags).flatMap((d) => Object.values(d.tasks)).map((t) => t.rendered?.["image"]).filter((i): i is string => typeof i === "string");
    expect(images.some((i) => /:set:[^:]+$/.test(i))).toBe(true);
  });

  it("the committed generated/ is what a fresh compile writes (compile --check exits 0)", () => {
    const tsx = path.join(REPO_ROOT, "node_modules", "tsx", "dist", "cli.mjs");
    let code = 0;
    let output = "";
    try {
      output = execFileSync(process.execPath, [tsx, path.join(REPO_ROOT, "generators", "cli", "main.ts"), "compile", "--check"], { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
      const err = e as { status?: number; stderr?: string; stdout?: string };
      code = err.status ?? -1;
      output = `${err.stdout ?? ""}${err.stderr ?? ""}`;
    }
    expect(code, output).toBe(0);
  });
});

describe("golden cases' DAGs in a real Airflow DagBag (every task kind)", () => {
  const cases = listCases().filter((name) => !readTree(expectedDir(name)).has("diagnostics.txt"));
  const graphs = new Map<string, IrGraph>();
  const caseFiles = new Map<string, Map<string, string>>();
  let report: DagBagReport;

  beforeAll(async () => {
    // Each case's generated/dags is what git-sync would expose; its dbt/ is not a DAG folder.
    const folder = path.join(tmp, "golden-dags");
    mkdirSync(folder, { recursive: true });
    for (const name of cases) {
      const result = await compileProject(caseDir(name), { typecheck: false });
      expect(result.diagnostics, name).toEqual([]);
      graphs.set(name, result.graph!);
      caseFiles.set(name, new Map(result.files.map((f) => [f.path, f.content])));
      inspected.push(...result.graph!.pipelines);
      const out = path.join(tmp, "golden-out", name);
      writeGenerated({ outDir: out, files: result.files, mode: "write" });
      cpSync(path.join(out, "dags"), path.join(folder, name), { recursive: true });
    }
    report = inspectDagBag(folder, { render: LOGICAL_DATE });
  });

  it("imports without errors or warnings", () => {
    expect(report.import_errors).toEqual({});
    expect(report.warnings).toEqual({});
    const dagIds = [...graphs.values()].flatMap((g) => g.pipelines.map((p) => p.dagId)).sort();
    expect(Object.keys(report.dags).sort()).toEqual(dagIds);
  });

  it("every DAG equals its IR pipeline and renders what the IR promises", () => {
    for (const [name, graph] of graphs) {
      for (const p of graph.pipelines) {
        expectDagMatchesIr(p, report, `${name}/my_dags/${p.dagId}.py`, caseFiles.get(name)!);
        expectRenders(p, report, {});
      }
    }
  });
});

describe("coverage", () => {
  it("the reference pipelines and golden cases together exercise every task kind and schedule kind", () => {
    expect(new Set(inspected.flatMap((p) => p.tasks.map((t) => t.kind)))).toEqual(new Set(Object.keys(OPERATOR)));
    expect(new Set(inspected.map((p) => p.schedule.kind))).toEqual(new Set(["cron", "preset", "manual", "assets", "triggered"]));
  });
});
