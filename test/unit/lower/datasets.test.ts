/**
 * The dataset graph (issue 10): every table of the reference platform is a dataset with its
 * layer, location, format, columns and keys, the tasks that write it and the tasks that read it;
 * two declarations of one dataset and a reader of the wrong format are diagnostics.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { after, bronzeLoad, group, image, int64, k8sSecret, landing, manual, postgresSource, silver, silverLoad, snapshot, table, text } from "../../../dsl/index.ts";
import { checkDatasets } from "../../../generators/checks/datasets.ts";
import { compileProject } from "../../../generators/compile.ts";
import type { IrDataset } from "../../../generators/ir/datasets.ts";
import type { IrGraph } from "../../../generators/ir/types.ts";
import { brief, lineOf, lowerAll, relativeFile, ROOT, testProject } from "./helpers.ts";

const SOURCE_TABLES = [
  "assortment", "clients", "costing", "delivery_costing", "delivery_resource", "delivery_tracking", "delivery_type", "order_product",
  "order_status_history", "order_statuses", "orders", "payments", "product_categories", "products", "stores", "zones",
];
const DAG = {
  landing: "ampere__raw_landing__postgres_to_landing__daily",
  bronze: "ampere__bronze__landing_to_delta__daily",
  daily: "ampere__silver_gold__dbt_duckdb__daily",
  silverRebuild: "ampere__silver__dbt_duckdb__full_rebuild",
  goldRebuild: "ampere__gold__dbt_duckdb__full_rebuild",
  goldRefresh: "ampere__gold__refresh_from_silver__adhoc",
};

let graph: IrGraph;
const dataset = (id: string): IrDataset => {
  const d = graph.datasets.find((x) => x.id === id);
  if (!d) throw new Error(`no dataset ${id}`);
  return d;
};
const dags = (refs: readonly { dagId: string }[]) => [...new Set(refs.map((r) => r.dagId))];

beforeAll(async () => {
  const out = await compileProject(ROOT, { typecheck: false });
  expect(out.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  graph = out.graph!;
});

describe("the dataset graph of the reference pipelines", () => {
  it("holds every table of every layer", () => {
    const byLayer = (layer: string) => graph.datasets.filter((d) => d.layer === layer).map((d) => d.name).sort();
    expect(byLayer("source")).toEqual(SOURCE_TABLES.map((t) => `ampere_db.${t}`));
    expect(byLayer("raw")).toEqual(SOURCE_TABLES);
    expect(byLayer("state")).toEqual(SOURCE_TABLES);
    expect(byLayer("bronze")).toEqual(SOURCE_TABLES);
    expect(byLayer("registry")).toEqual(["bronze_apply_registry"]);
    expect(byLayer("quarantine")).toEqual(SOURCE_TABLES.map((t) => `_landing.${t}`));
    expect(byLayer("silver")).toEqual(["stg_clients", "stg_orders", "stg_payments", "stg_stores"]);
    expect(byLayer("gold")).toEqual(["dim_clients", "dim_clients", "fct_orders_sales"]);
    expect(byLayer("serving")).toEqual(["gold.dim_clients", "gold.fct_orders_sales"]);
    expect(graph.datasets.map((d) => d.id)).toEqual([...graph.datasets.map((d) => d.id)].sort());
  });

  it("gives each its location and format, as the jobs and dbt address them", () => {
    expect(dataset("source:ampere_db.orders")).toMatchObject({ location: "postgres://postgres-service:5432/ampere_db/source/orders", format: "postgres", external: true, producers: [] });
    expect(dataset("raw:orders")).toMatchObject({ location: "s3a://ampere-raw/postgres-pre-raw/source/orders", format: "parquet", partitionBy: ["mode", "event_date", "run_id"] });
    expect(dataset("bronze:orders")).toMatchObject({ location: "s3a://ampere-bronze/bronze/source/orders", format: "delta", keys: ["id"], external: false });
    expect(dataset("bronze:stores").keys).toEqual(["id", "snapshot_date"]);
    expect(dataset("registry:bronze_apply_registry").location).toBe("s3a://ampere-bronze/bronze/ops/bronze_apply_registry");
    expect(dataset("dbt:stg_clients")).toMatchObject({ layer: "silver", location: "duckdb:///tmp/ampere.duckdb/silver/stg_clients", format: "duckdb", keys: ["client_id"] });
    expect(dataset("dbt:fct_orders_sales").keys).toEqual(["order_id"]);
    expect(dataset("gold:dim_clients")).toMatchObject({ location: "s3a://ampere-gold/gold/dim_clients", format: "delta" });
    expect(dataset("serving:gold.fct_orders_sales")).toMatchObject({ location: "postgres://postgres-service:5432/ampere_serving/gold/fct_orders_sales", format: "postgres" });
  });

  it("types the columns end to end, the jobs' own columns marked as system columns", () => {
    const bronze = dataset("bronze:orders").columns;
    expect(bronze.find((c) => c.name === "id")).toEqual({ name: "id", type: "int", nullable: false, system: false });
    expect(bronze.filter((c) => c.system).map((c) => c.name)).toEqual([
      "event_date", "_row_hash", "_ingest_run_id", "_ingest_ts", "_source_system", "_source_table", "_op", "_bronze_last_run_id", "_bronze_last_apply_ts", "_bronze_last_manifest_path",
    ]);
    for (const d of graph.datasets) expect({ id: d.id, unique: new Set(d.columns.map((c) => c.name)).size }).toEqual({ id: d.id, unique: d.columns.length });
    expect(dataset("dbt:stg_orders").columns.map((c) => `${c.name} ${c.type}`)).toEqual(["order_id integer", "client_id integer", "order_date date", "store_id smallint", "total_amount decimal(12,4)"]);
  });

  it("knows who writes and who reads each", () => {
    expect(dataset("raw:orders").producers).toEqual([{ dagId: DAG.landing, taskId: "run__sparkapp__group_facts-events" }]);
    expect(dataset("raw:orders").consumers).toEqual([{ dagId: DAG.bronze, taskId: "run__sparkapp__group_facts-events", format: "parquet" }]);
    expect(dataset("bronze:orders").producers).toEqual([{ dagId: DAG.bronze, taskId: "run__sparkapp__group_facts-events" }]);
    expect(dags(dataset("bronze:orders").consumers)).toEqual([DAG.silverRebuild, DAG.daily]);
    // Bronze tables no dbt model reads yet are written and not read.
    expect(dataset("bronze:zones").consumers).toEqual([]);
    // Both bronze groups record their batches in the one registry.
    expect(dataset("registry:bronze_apply_registry").producers.map((p) => p.taskId)).toEqual(["run__sparkapp__group_facts-events", "run__sparkapp__group_snapshots-mutable-dims"]);
    // Silver models: built by the daily and the silver rebuild runs, read by the gold-only runs.
    expect(dags(dataset("dbt:stg_clients").producers)).toEqual([DAG.silverRebuild, DAG.daily]);
    expect(dags(dataset("dbt:stg_clients").consumers).sort()).toEqual([DAG.goldRebuild, DAG.goldRefresh].sort());
    expect(dags(dataset("serving:gold.dim_clients").producers).sort()).toEqual([DAG.goldRebuild, DAG.goldRefresh, DAG.silverRebuild, DAG.daily].sort());
  });

  it("lists on every task exactly the datasets that name it", () => {
    for (const p of graph.pipelines) {
      for (const t of p.tasks) {
        const named = (side: "producers" | "consumers") => graph.datasets.filter((d) => d[side].some((r) => r.dagId === p.dagId && r.taskId === t.id)).map((d) => d.id);
        expect({ task: `${p.dagId}.${t.id}`, reads: t.reads, writes: t.writes }).toEqual({ task: `${p.dagId}.${t.id}`, reads: named("consumers"), writes: named("producers") });
      }
    }
  });
});

describe("generated/datasets.json", () => {
  it("is the graph as data: every dataset with its location, columns, producers and consumers", async () => {
    const out = await compileProject(ROOT, { typecheck: false });
    const file = out.files.find((f) => f.path === "datasets.json");
    expect(file?.source).toBe("pipelines");
    const doc = JSON.parse(file!.content) as { version: number; datasets: Record<string, unknown>[] };
    expect(doc.version).toBe(out.graph!.version);
    expect(doc.datasets).toEqual(out.graph!.datasets.map((d) => ({
      id: d.id, layer: d.layer, name: d.name, location: d.location, format: d.format, assetUri: d.assetUri, openLineage: d.openLineage, catalog: d.catalog.kind, external: d.external,
      columns: d.columns, keys: d.keys, partitionBy: d.partitionBy,
      producers: d.producers, consumers: d.consumers, ...(d.origin ? { declaredIn: d.origin.file } : {}),
    })));
    // No line numbers: moving a declaration within its file does not change the file.
    expect(file!.content).not.toMatch(/"line"/);
    // The file is what is committed under generated/.
    expect(readFileSync(path.join(ROOT, "generated", "datasets.json"), "utf8")).toBe(file!.content);
  });
});

const FILE = relativeFile(import.meta.url);
const secrets = { pgUser: k8sSecret("pg", "user"), pgPassword: k8sSecret("pg", "password"), s3Key: k8sSecret("s3", "key"), s3Secret: k8sSecret("s3", "secret") };
const images = { spark: image("ghcr.io/acme/spark") };
const platform = testProject({
  images, secrets,
  lake: { endpoint: "http://minio:9000", accessKey: secrets.s3Key, secretKey: secrets.s3Secret, raw: "s3a://raw/s", bronze: "s3a://lake/s", silver: "s3a://silver/s" },
  spark: { image: images.spark },
});
const connection = { host: "pg", database: "db", user: secrets.pgUser, password: secrets.pgPassword };
const ids = () => table({ columns: { id: int64(), name: text() }, keys: ["id"], behaviour: snapshot() });

describe("checks over the dataset graph", () => {
  it("GR025: two sources' tables of one name would share one raw and one bronze table", () => {
    const a = postgresSource({ name: "a", schema: "public", connection, tables: { users: table({ columns: { id: int64() }, keys: ["id"], behaviour: snapshot() }) } }); // @users-a
    const b = postgresSource({ name: "b", schema: "other", connection, tables: { users: table({ columns: { id: int64() }, keys: ["id"], behaviour: snapshot() }) } }); // @users-b
    const steps = [a, b].flatMap((src) => {
      const land = landing({ id: `land_${src.name}`, schedule: manual, source: src, groups: [group("all", src.all)] });
      return [land, bronzeLoad({ id: `bronze_${src.name}`, schedule: after(land), source: src, groups: [group("all", src.all)] })];
    });
    // One diagnostic for the clash of the two tables, at the second one, naming the first.
    expect(brief(lowerAll(platform, steps, FILE).diagnostics)).toEqual([
      { code: "GR025", file: FILE, line: lineOf(import.meta.url, "// @users-b"), message: `raw table 'users' (s3a://raw/s/users) is declared twice: at ${FILE}:${lineOf(import.meta.url, "// @users-a")} and at ${FILE}:${lineOf(import.meta.url, "// @users-b")}` },
    ]);
  });

  it("GR025: a silver table at the location of a bronze table", () => {
    const src = postgresSource({ name: "a", schema: "public", connection, tables: { users: ids() } });
    const sameRoots = testProject({
      images, secrets, spark: { image: images.spark },
      lake: { endpoint: "http://minio:9000", accessKey: secrets.s3Key, secretKey: secrets.s3Secret, raw: "s3a://raw/s", bronze: "s3a://lake/s", silver: "s3a://lake/s" },
    });
    const land = landing({ id: "land", schedule: manual, source: src, groups: [group("all", src.all)] });
    const load = bronzeLoad({ id: "load", schedule: after(land), source: src, groups: [group("all", src.all)] });
    const clean = silverLoad({ id: "clean", schedule: after(load), groups: [group("all", [silver(src.tables.users)])] }); // @silver-users
    expect(brief(lowerAll(sameRoots, [land, load, clean], FILE).diagnostics)).toEqual([
      { code: "GR025", file: FILE, line: lineOf(import.meta.url, "// @silver-users"), message: "datasets 'bronze:users' and 'silver:users' are both at s3a://lake/s/users" },
    ]);
  });

  it("GR027: a reader expecting another format than its writer leaves", () => {
    const d: IrDataset = {
      id: "bronze:t", layer: "bronze", name: "t", location: "s3a://b/t", format: "iceberg", assetUri: "s3://b/t", openLineage: { namespace: "s3://b", name: "t" }, catalog: { kind: "path" }, columns: [], keys: [], partitionBy: [], external: false,
      producers: [{ dagId: "w", taskId: "write" }], consumers: [{ dagId: "r", taskId: "read", format: "delta" }], origin: { file: "pipelines/x.ts", line: 3, column: 1 },
    };
    const found = checkDatasets({ ...graph, datasets: [d] });
    expect(found.map((x) => [x.code, x.message, x.location?.line])).toEqual([["GR027", "task 'read' of 'r' reads bronze table 't' as delta, but it is written as iceberg", 3]]);
    expect(checkDatasets({ ...graph, datasets: [{ ...d, consumers: [{ dagId: "r", taskId: "read", format: "iceberg" }] }] })).toEqual([]);
  });

  it("GR026 is not reported for an external dataset nobody in the project writes", () => {
    expect(graph.datasets.filter((d) => d.layer === "source").every((d) => d.producers.length === 0 && d.consumers.length > 0)).toBe(true);
    expect(checkDatasets(graph)).toEqual([]);
  });
});
