/**
 * Airflow assets are the data (issue 10): dataset locations as Airflow asset URIs and
 * OpenLineage names, every task's inlets and outlets, asset hand-offs scheduled on the datasets
 * the upstream writes, onData(...) schedules (external datasets included) and their diagnostics.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { after, bronzeLoad, dbtSource, externalDataset, group, image, int64, k8sSecret, landing, manual, onData, pipeline, postgresSource, silver, silverLoad, snapshot, table, text } from "../../../dsl/index.ts";
import { checkDatasets } from "../../../generators/checks/datasets.ts";
import { compileProject } from "../../../generators/compile.ts";
import type { IrGraph } from "../../../generators/ir/types.ts";
import { datasetAssetUri, externalUriProblem, openLineageName } from "../../../generators/lower/datasets/asset-uri.ts";
import { brief, lineOf, lowerAll, pipelineOf, relativeFile, ROOT, taskOf, testProject } from "./helpers.ts";

describe("asset URIs in Airflow's conventions", () => {
  it("s3a:// and s3:// become s3://bucket/key, without trailing slashes", () => {
    expect(datasetAssetUri("s3a://ampere-bronze/bronze/source/orders")).toBe("s3://ampere-bronze/bronze/source/orders");
    expect(datasetAssetUri("s3://b/k/")).toBe("s3://b/k");
    expect(datasetAssetUri("s3n://b/k")).toBe("s3://b/k");
    expect(datasetAssetUri("S3A://b/k")).toBe("s3://b/k");
  });

  it("postgres stays postgres://host:port/database/schema/table", () => {
    expect(datasetAssetUri("postgres://postgres-service:5432/ampere_serving/gold/dim_clients")).toBe("postgres://postgres-service:5432/ampere_serving/gold/dim_clients");
    expect(datasetAssetUri("postgresql://h:5433/d/s/t")).toBe("postgres://h:5433/d/s/t");
  });

  it("DuckDB relations and other schemes go under an x- scheme Airflow keeps as written; paths become file://", () => {
    expect(datasetAssetUri("duckdb:///tmp/ampere.duckdb/gold/dim_clients")).toBe("x-duckdb:///tmp/ampere.duckdb/gold/dim_clients");
    expect(datasetAssetUri("duckdb://ampere.duckdb/silver/stg")).toBe("x-duckdb://ampere.duckdb/silver/stg");
    expect(datasetAssetUri("x-team://feeds/rates")).toBe("x-team://feeds/rates");
    expect(datasetAssetUri("hdfs://nn/data/t")).toBe("x-hdfs://nn/data/t");
    expect(datasetAssetUri("/data/lake/t/")).toBe("file:///data/lake/t");
    expect(datasetAssetUri("file:///data/lake/t")).toBe("file:///data/lake/t");
    expect(datasetAssetUri("airflow://x/y")).toBe("x-airflow://x/y"); // never the reserved airflow scheme
  });

  it("a location Airflow could not take as it is becomes a stable opaque x-lakehouse://sha256/… URI", () => {
    const opaque = /^x-lakehouse:\/\/sha256\/[0-9a-f]{64}$/;
    for (const odd of ["duckdb:///tmp/my db.duckdb/gold/t", "s3a://b/k%41", "s3a://b/a\nb", "postgres://h o:5432/d/s/t", "postgres://h:5432/d/t", "s3a://b/🚀", `s3a://b/${"k".repeat(1500)}`, "orders"]) {
      expect(datasetAssetUri(odd), odd).toMatch(opaque);
    }
    expect(datasetAssetUri("s3a://b/k%41")).toBe(datasetAssetUri("s3a://b/k%41"));
    expect(datasetAssetUri("s3a://b/k%41")).not.toBe(datasetAssetUri("s3a://b/k%42"));
    expect(datasetAssetUri(`s3a://b/${"k".repeat(1400)}`)).toBe(`s3://b/${"k".repeat(1400)}`);
  });

  it("OpenLineage names follow the spec's naming (s3, postgres, file) and DuckDB's own catalog.schema.relation", () => {
    expect(openLineageName("s3a://ampere-bronze/bronze/source/orders")).toEqual({ namespace: "s3://ampere-bronze", name: "bronze/source/orders" });
    expect(openLineageName("s3://b")).toEqual({ namespace: "s3://b", name: "/" });
    expect(openLineageName("postgres://postgres-service:5432/ampere_serving/gold/dim_clients")).toEqual({ namespace: "postgres://postgres-service:5432", name: "ampere_serving.gold.dim_clients" });
    expect(openLineageName("/data/t")).toEqual({ namespace: "file", name: "/data/t" });
    expect(openLineageName("duckdb:///tmp/ampere.duckdb/gold/dim_clients")).toEqual({ namespace: "duckdb:///tmp/ampere.duckdb", name: "ampere.gold.dim_clients" });
  });

  it("external URIs: what Airflow refuses or rewrites is refused, with the reason", () => {
    for (const ok of ["s3://b/k", "s3a://b/k", "postgres://h:5432/d/s/t", "file:///data/x", "x-team://feeds/rates"]) {
      expect(externalUriProblem(ok), ok).toBeUndefined();
      expect(datasetAssetUri(ok), ok).not.toMatch(/^x-lakehouse:/); // an accepted URI stays readable
    }
    expect(externalUriProblem("")).toBe("it is empty");
    expect(externalUriProblem("orders")).toBe("it is not a URI of the form scheme://authority/path");
    expect(externalUriProblem("airflow://x/y")).toBe("the scheme 'airflow' is reserved by Airflow");
    expect(externalUriProblem("s3://u:p@b/k")).toBe("it holds user info (credentials never go into an asset URI)");
    expect(externalUriProblem("s3://b/k#f")).toBe("it has a fragment, which Airflow drops");
    expect(externalUriProblem("s3://b/k?v=1")).toBe("it has a query: name the data by scheme, authority and path only");
    expect(externalUriProblem("s3:///k")).toBe("an S3 URI names a bucket: s3://bucket/key");
    expect(externalUriProblem("postgres://h/d/s/t")).toMatch(/^a PostgreSQL URI names host and port/);
    expect(externalUriProblem("postgres://h:5432/d/t")).toMatch(/^a PostgreSQL URI names database, schema and table/);
    expect(externalUriProblem("s3://b/k é")).toMatch(/^it holds characters an asset URI keeps only percent-encoded/);
    expect(externalUriProblem("s3://b/k%20x")).toMatch(/^it holds characters an asset URI keeps only percent-encoded/);
    expect(externalUriProblem("gs://b/k")).toMatch(/^scheme 'gs' is not one this compiler maps/);
    expect(externalUriProblem(`s3://b/${"k".repeat(1500)}`)).toBe("it is longer than Airflow's 1500 characters");
  });
});

describe("the reference graph's assets", () => {
  let graph: IrGraph;
  beforeAll(async () => {
    const out = await compileProject(ROOT, { typecheck: false });
    graph = out.graph!;
  });

  it("every dataset has its asset URI and OpenLineage name", () => {
    const d = (id: string) => graph.datasets.find((x) => x.id === id)!;
    expect(d("bronze:orders")).toMatchObject({ assetUri: "s3://ampere-bronze/bronze/source/orders", openLineage: { namespace: "s3://ampere-bronze", name: "bronze/source/orders" } });
    expect(d("serving:gold.dim_clients")).toMatchObject({ assetUri: "postgres://postgres-service:5432/ampere_serving/gold/dim_clients", openLineage: { namespace: "postgres://postgres-service:5432", name: "ampere_serving.gold.dim_clients" } });
    expect(d("dbt:stg_clients").assetUri).toBe("x-duckdb:///tmp/ampere.duckdb/silver/stg_clients");
    for (const x of graph.datasets) expect(x.assetUri, x.id).toBe(datasetAssetUri(x.location));
  });

  it("every task's inlets and outlets are the asset URIs of what it reads and writes, sorted and unique", () => {
    const uri = new Map(graph.datasets.map((d) => [d.id, d.assetUri]));
    for (const p of graph.pipelines) {
      for (const t of p.tasks) {
        const uris = (ids: readonly string[]) => [...new Set(ids.map((id) => uri.get(id)!))].sort();
        expect({ task: `${p.dagId}.${t.id}`, inlets: t.inlets, outlets: t.outlets }).toEqual({ task: `${p.dagId}.${t.id}`, inlets: uris(t.reads), outlets: uris(t.writes) });
      }
    }
    const land = pipelineOf(graph, "raw_landing__postgres_to_landing__daily").tasks.find((t) => t.id === "run__sparkapp__group_facts-events")!;
    expect(land.inlets).toContain("postgres://postgres-service:5432/ampere_db/source/orders");
    expect(land.outlets).toContain("s3://ampere-raw/postgres-pre-raw/source/orders");
  });
});

const FILE = relativeFile(import.meta.url);
const secrets = { pgUser: k8sSecret("pg", "user"), pgPassword: k8sSecret("pg", "password"), s3Key: k8sSecret("s3", "key"), s3Secret: k8sSecret("s3", "secret") };
const images = { spark: image("ghcr.io/acme/spark") };
const lake = { endpoint: "http://minio:9000", accessKey: secrets.s3Key, secretKey: secrets.s3Secret, raw: "s3a://raw/s", bronze: "s3a://lake/b", silver: "s3a://silver/s" };
const assetProject = testProject({ images, secrets, lake, spark: { image: images.spark }, handoff: "asset" });
const triggerProject = testProject({ images, secrets, lake, spark: { image: images.spark } });
const connection = { host: "pg", database: "db", user: secrets.pgUser, password: secrets.pgPassword };
const src = postgresSource({ name: "app", schema: "public", connection, tables: { users: table({ columns: { id: int64(), name: text() }, keys: ["id"], behaviour: snapshot() }) } });
const usersSilver = silver(src.tables.users, {});

describe("asset hand-offs schedule on the data", () => {
  const land = landing({ id: "land", schedule: manual, source: src, groups: [group("all", src.all)] });
  const load = bronzeLoad({ id: "load", schedule: after(land), source: src, groups: [group("all", src.all)] });
  const clean = silverLoad({ id: "clean", schedule: after(load), groups: [group("all", [usersSilver])] });
  const report = pipeline({ id: "report", schedule: after(load), tasks: (t) => void t.marker("build") });
  const { graph, diagnostics } = lowerAll(assetProject, [land, load, clean, report], FILE);

  it("the downstream waits for the upstream's datasets it reads: no pipeline:// asset, no handoff__done", () => {
    expect(diagnostics).toEqual([]);
    expect(pipelineOf(graph, "load").schedule).toEqual({ kind: "assets", assets: ["s3://raw/s/users"], datasets: ["raw:users"] });
    expect(pipelineOf(graph, "clean").schedule).toEqual({ kind: "assets", assets: ["s3://lake/b/users"], datasets: ["bronze:users"] });
    for (const p of graph.pipelines) {
      expect(p.tasks.map((t) => t.id)).not.toContain("handoff__done");
      for (const t of p.tasks) for (const o of t.outlets) expect(o).not.toMatch(/^pipeline:/);
    }
  });

  it("a downstream that reads none of them waits for the main outputs (not state, registry or quarantine)", () => {
    expect(pipelineOf(graph, "report").schedule).toEqual({ kind: "assets", assets: ["s3://lake/b/users"], datasets: ["bronze:users"] });
  });

  it("the writer publishes the asset when it succeeds", () => {
    const task = taskOf(pipelineOf(graph, "load"), "run__sparkapp__group_all");
    expect(task.outlets).toEqual(["s3://lake/b/_ops/apply_registry", "s3://lake/b/users"]);
    expect(task.inlets).toContain("s3://raw/s/users");
  });

  it("a task that could fail while the writers succeed keeps the completion asset (partial success never starts the downstream)", () => {
    const audit = image("ghcr.io/acme/audit");
    const proj = testProject({ images: { ...images, audit }, secrets, lake, spark: { image: images.spark }, handoff: "asset" });
    // The load, then an audit pod after it: the audit may fail after the bronze table was published.
    const checked = pipeline({
      id: "checked",
      schedule: after(land),
      tasks: (t) => {
        const l = t.sparkGroup("load", { step: "bronze", group: group("all", src.all), source: src });
        t.pod("audit", { image: audit, command: ["audit"], after: [l] });
      },
    });
    // The audit before the load (all_success): its failure keeps the load from running, no completion asset needed.
    const gated = pipeline({
      id: "gated",
      schedule: after(land),
      tasks: (t) => {
        const a = t.pod("audit", { image: audit, command: ["audit"] });
        t.sparkGroup("load", { step: "bronze", group: group("all", src.all), source: src, after: [a] });
      },
    });
    const afterChecked = pipeline({ id: "after_checked", schedule: after(checked), tasks: (t) => void t.marker("x") });
    const afterGated = pipeline({ id: "after_gated", schedule: after(gated), tasks: (t) => void t.marker("x") });
    const { graph: g, diagnostics: d } = lowerAll(proj, [land, checked, afterChecked], FILE);
    expect(d).toEqual([]);
    expect(taskOf(pipelineOf(g, "checked"), "audit").outlets).toEqual(["pipeline://acme/acme__checked"]);
    expect(pipelineOf(g, "after_checked").schedule).toEqual({ kind: "assets", assets: ["pipeline://acme/acme__checked", "s3://lake/b/users"], datasets: ["bronze:users"] });
    const { graph: g2, diagnostics: d2 } = lowerAll(proj, [land, gated, afterGated], FILE);
    expect(d2).toEqual([]);
    expect(pipelineOf(g2, "after_gated").schedule).toEqual({ kind: "assets", assets: ["s3://lake/b/users"], datasets: ["bronze:users"] });
    expect(pipelineOf(g2, "gated").tasks.flatMap((t) => t.outlets).filter((o) => o.startsWith("pipeline:"))).toEqual([]);
  });

  it("an upstream that writes no known dataset publishes its completion asset once, after all its final tasks", () => {
    const markers = pipeline({ id: "markers", schedule: manual, tasks: (t) => { t.marker("a"); t.marker("b"); } });
    const down = pipeline({ id: "down", schedule: after(markers, load), tasks: (t) => void t.marker("x") });
    const { graph: g, diagnostics: d } = lowerAll(assetProject, [land, load, markers, down], FILE);
    expect(d).toEqual([]);
    expect(taskOf(pipelineOf(g, "markers"), "handoff__done")).toMatchObject({ upstream: ["a", "b"], triggerRule: "all_success", outlets: ["pipeline://acme/acme__markers"] });
    expect(pipelineOf(g, "down").schedule).toEqual({ kind: "assets", assets: ["pipeline://acme/acme__markers", "s3://lake/b/users"], datasets: ["bronze:users"] });
  });
});

describe("onData(...) schedules", () => {
  const land = landing({ id: "land", schedule: manual, source: src, groups: [group("all", src.all)] });
  const load = bronzeLoad({ id: "load", schedule: after(land), source: src, groups: [group("all", src.all)] });
  const clean = silverLoad({ id: "clean", schedule: after(load), groups: [group("all", [usersSilver])] });

  it("schedules on a project's table and an external dataset, in either hand-off mode", () => {
    const fx = externalDataset({ uri: "s3a://finance/gold/fx_rates", format: "delta" });
    const mart = pipeline({ id: "mart", schedule: onData(usersSilver, fx, src.tables.users), tasks: (t) => void t.marker("build") });
    for (const proj of [triggerProject, assetProject]) {
      const { graph, diagnostics } = lowerAll(proj, [land, load, clean, mart], FILE);
      expect(diagnostics).toEqual([]);
      expect(pipelineOf(graph, "mart").schedule).toEqual({
        kind: "assets",
        assets: ["postgres://pg:5432/db/public/users", "s3://finance/gold/fx_rates", "s3://silver/s/users"],
        datasets: ["external:s3://finance/gold/fx_rates", "silver:users", "source:app.users"],
      });
      expect(graph.datasets.find((d) => d.id === "external:s3://finance/gold/fx_rates")).toMatchObject({
        layer: "external", external: true, format: "delta", location: "s3a://finance/gold/fx_rates", assetUri: "s3://finance/gold/fx_rates", openLineage: { namespace: "s3://finance", name: "gold/fx_rates" }, producers: [],
      });
    }
  });

  it("a table of an external dbt source is external: no GR028 though nothing here writes it", () => {
    const theirs = dbtSource("partner", "bronze", { users: src.tables.users }, { external: true });
    const mart = pipeline({ id: "mart", schedule: onData(theirs.tables.users), tasks: (t) => void t.marker("build") });
    const { graph, diagnostics } = lowerAll(triggerProject, [mart], FILE);
    expect(diagnostics).toEqual([]);
    expect(checkDatasets(graph)).toEqual([]);
    expect(pipelineOf(graph, "mart").schedule).toEqual({ kind: "assets", assets: ["s3://lake/b/users"], datasets: ["bronze:users"] });
    expect(graph.datasets.find((d) => d.id === "bronze:users")).toMatchObject({ external: true, producers: [] });
  });

  it("GR028: scheduled on a dataset no task writes and not external", () => {
    const mart = pipeline({ id: "mart", schedule: onData(usersSilver), tasks: (t) => void t.marker("build") }); // @gr028
    const { graph, diagnostics } = lowerAll(triggerProject, [land, load, mart], FILE);
    expect(diagnostics).toEqual([]);
    expect(brief(checkDatasets(graph))).toEqual([
      { code: "GR028", file: FILE, line: lineOf(import.meta.url, "// @gr028"), message: "pipeline 'mart' is scheduled on silver table 'users' (s3a://silver/s/users), which no task of the project writes and which is not declared external, so it would never run" },
    ]);
  });

  it("DS090: an external dataset with a bad URI, at its declaration", () => {
    const bad = externalDataset({ uri: "airflow://x/y" }); // @ds090
    const mart = pipeline({ id: "mart", schedule: onData(bad), tasks: (t) => void t.marker("build") });
    expect(brief(lowerAll(triggerProject, [mart], FILE).diagnostics)).toEqual([
      { code: "DS090", file: FILE, line: lineOf(import.meta.url, "// @ds090"), message: "externalDataset uri \"airflow://x/y\": the scheme 'airflow' is reserved by Airflow" },
    ]);
  });

  it("GR029: a source table no landing step lands (its location is unknown)", () => {
    const mart = pipeline({ id: "mart", schedule: onData(src.tables.users), tasks: (t) => void t.marker("build") }); // @gr029
    expect(brief(lowerAll(triggerProject, [mart], FILE).diagnostics)).toEqual([
      { code: "GR029", file: FILE, line: lineOf(import.meta.url, "// @gr029"), message: "pipeline 'mart' is scheduled on source table 'app.users', which no landing step of the project lands, so its location is not known" },
    ]);
  });

  it("GR005: pipelines scheduled on each other's data form a cycle", () => {
    const loop = bronzeLoad({ id: "loop_load", schedule: onData(usersSilver), source: src, groups: [group("all", src.all)] }); // @gr005
    const loopClean = silverLoad({ id: "loop_clean", schedule: after(loop), groups: [group("all", [usersSilver])] });
    const { diagnostics } = lowerAll(assetProject, [land, loop, loopClean], FILE);
    expect(brief(diagnostics).map((d) => d.code)).toEqual(["GR005"]);
    expect(diagnostics[0]!.message).toMatch(/^pipelines '(loop_load|loop_clean)' → '(loop_load|loop_clean)' → '\1' hand off to each other \(cycle\)$/);
  });
});
