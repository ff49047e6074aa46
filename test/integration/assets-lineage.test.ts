// Airflow assets are the data: the generated reference DAGs (and the golden case with asset
// hand-offs and onData schedules) read back by a real Airflow 3.1 DagBag. Every task's inlets and
// outlets are the asset URIs of the datasets the IR says it reads and writes, every asset
// schedule is the IR's, and every asset converts, through the OpenLineage provider's own
// translate_airflow_asset (with the Amazon, Postgres and common-io converters), to exactly the
// OpenLineage name the IR gives the dataset. DuckDB relations (x-duckdb://) have no converter in
// any provider: they convert to nothing, and the IR's name for them is the spec-style one.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileProject } from "../../generators/compile.ts";
import type { IrGraph } from "../../generators/ir/types.ts";
import { writeGenerated } from "../../generators/writer/index.ts";
import { caseDir } from "../golden/golden-lib.ts";
import { REPO_ROOT, ensurePythonEnv, pythonSubprocessEnv } from "./helpers/python-env.ts";

interface AssetReport { uri: string; openlineage: { namespace: string; name: string } | null }
interface LineageReport {
  import_errors: Record<string, string>;
  converters: string[];
  dags: Record<string, { schedule: AssetReport[] | null; tasks: Record<string, { inlets: AssetReport[]; outlets: AssetReport[] }> }>;
}

const SCRIPT = path.join(REPO_ROOT, "test", "airflow", "asset_lineage.py");

function lineage(dagFolder: string): LineageReport {
  const result = spawnSync(ensurePythonEnv(), [SCRIPT, dagFolder], { cwd: REPO_ROOT, encoding: "utf8", env: pythonSubprocessEnv(), maxBuffer: 256 * 1024 * 1024, timeout: 300_000 });
  if (result.status !== 0) throw new Error(`asset_lineage.py failed (${result.status}):\n${(result.stderr ?? "").split("\n").slice(-30).join("\n")}`);
  return JSON.parse(result.stdout) as LineageReport;
}

let tmp: string;
beforeAll(() => {
  ensurePythonEnv();
  tmp = mkdtempSync(path.join(os.tmpdir(), "assets-lineage-"));
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Compiles a project into a temporary folder and reads its DAGs back with Airflow. */
async function compileAndRead(root: string, name: string): Promise<{ graph: IrGraph; report: LineageReport }> {
  const out = await compileProject(root, { typecheck: false });
  expect(out.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const dir = path.join(tmp, name);
  writeGenerated({ outDir: dir, files: out.files, mode: "write" });
  return { graph: out.graph!, report: lineage(path.join(dir, "dags")) };
}

function expectAssetsMatchGraph(graph: IrGraph, report: LineageReport): void {
  expect(report.import_errors).toEqual({});
  const byUri = new Map(graph.datasets.map((d) => [d.assetUri, d]));
  const uriOf = new Map(graph.datasets.map((d) => [d.id, d.assetUri]));
  const uris = (ids: readonly string[]) => [...new Set(ids.map((id) => uriOf.get(id)!))].sort();
  /** Each asset Airflow holds converts to the IR's OpenLineage name (or to nothing for x- schemes). */
  const expectLineage = (a: AssetReport, at: string) => {
    const d = byUri.get(a.uri);
    if (!d) {
      expect(a.uri, `${at}: an asset that is no dataset is a completion asset`).toMatch(/^pipeline:\/\//);
      return;
    }
    if (a.uri.startsWith("x-")) expect(a.openlineage, `${at}: ${a.uri}`).toBeNull();
    else expect(a.openlineage, `${at}: ${a.uri}`).toEqual(d.openLineage);
  };
  expect(Object.keys(report.dags).sort()).toEqual(graph.pipelines.map((p) => p.dagId).sort());
  for (const p of graph.pipelines) {
    const dag = report.dags[p.dagId]!;
    if (p.schedule.kind === "assets") {
      expect(dag.schedule?.map((a) => a.uri), `${p.dagId}: schedule`).toEqual([...p.schedule.assets]);
      // The schedule's datasets are exactly its asset URIs (plus completion assets).
      expect(p.schedule.assets.filter((u) => !u.startsWith("pipeline://")), `${p.dagId}: schedule datasets`).toEqual(uris(p.schedule.datasets));
      for (const a of dag.schedule ?? []) expectLineage(a, `${p.dagId} schedule`);
    } else {
      expect(dag.schedule, `${p.dagId}: not an asset schedule`).toBeNull();
    }
    for (const t of p.tasks) {
      const got = dag.tasks[t.id]!;
      const at = `${p.dagId}.${t.id}`;
      expect(got.inlets.map((a) => a.uri), `${at}: inlets`).toEqual(uris(t.reads));
      const completion = t.outlets.filter((u) => u.startsWith("pipeline://"));
      expect(got.outlets.map((a) => a.uri), `${at}: outlets`).toEqual([...uris(t.writes), ...completion].sort());
      for (const a of [...got.inlets, ...got.outlets]) expectLineage(a, at);
    }
  }
}

describe("assets of the reference DAGs in a real Airflow", () => {
  let graph: IrGraph;
  let report: LineageReport;
  beforeAll(async () => {
    ({ graph, report } = await compileAndRead(REPO_ROOT, "reference"));
  });

  it("the OpenLineage provider and the providers owning s3 and postgres assets are installed", () => {
    expect(report.converters).toEqual(expect.arrayContaining(["file", "postgres", "s3"]));
  });

  it("every task's inlets and outlets are its datasets, and each converts to the IR's OpenLineage name", () => {
    expectAssetsMatchGraph(graph, report);
    const tasks = Object.values(report.dags).flatMap((d) => Object.values(d.tasks));
    const converted = tasks.flatMap((t) => [...t.inlets, ...t.outlets]).filter((a) => a.openlineage !== null);
    expect(converted.some((a) => a.uri.startsWith("s3://")) && converted.some((a) => a.uri.startsWith("postgres://"))).toBe(true);
  });
});

describe("asset hand-offs and onData schedules in a real Airflow (golden case handoff-asset-data)", () => {
  let graph: IrGraph;
  let report: LineageReport;
  beforeAll(async () => {
    ({ graph, report } = await compileAndRead(caseDir("handoff-asset-data"), "handoff-asset-data"));
  });

  it("each downstream is scheduled on the datasets its upstream writes, the mart on a silver table and an external one", () => {
    expectAssetsMatchGraph(graph, report);
    const schedule = (dagId: string) => report.dags[dagId]!.schedule;
    expect(schedule("had__silver__bronze_to_silver__daily")).toEqual([{ uri: "s3://ampere-bronze/bronze/source/clients", openlineage: { namespace: "s3://ampere-bronze", name: "bronze/source/clients" } }]);
    expect(schedule("had__gold__client_mart__on_data")).toEqual([
      { uri: "s3://ampere-silver/silver/clients", openlineage: { namespace: "s3://ampere-silver", name: "silver/clients" } },
      { uri: "s3://finance-lake/gold/fx_rates", openlineage: { namespace: "s3://finance-lake", name: "gold/fx_rates" } },
    ]);
  });
});
