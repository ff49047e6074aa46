/**
 * The dbt project reads the dataset graph (issue 10): each dbt source table is the very table the
 * Spark step writes (location from the dataset, columns after silver's renames and casts), the
 * published gold copies sit where the graph puts them, and the dbt pod gets no lake roots to
 * assemble paths from at run time.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { compileProject, type CompileOutput } from "../../../generators/compile.ts";
import type { IrDataset } from "../../../generators/ir/datasets.ts";
import type { IrSparkTask, IrTask } from "../../../generators/ir/types.ts";
import { ROOT } from "./helpers.ts";

interface SourcesYml {
  sources: { name: string; tables: { name: string; config: { meta: { delta_table_path: string } }; columns: { name: string; data_type: string }[] }[] }[];
}

const s3 = (location: string) => location.replace(/^s3a:\/\//, "s3://");
const fileOf = (out: CompileOutput, p: string) => {
  const f = out.files.find((x) => x.path === p);
  if (!f) throw new Error(`no generated file ${p}`);
  return f.content;
};
const datasetOf = (out: CompileOutput, id: string): IrDataset => {
  const d = out.graph!.datasets.find((x) => x.id === id);
  if (!d) throw new Error(`no dataset ${id}`);
  return d;
};
const taskOf = (out: CompileOutput, ref: { dagId: string; taskId: string }): IrTask =>
  out.graph!.pipelines.find((p) => p.dagId === ref.dagId)!.tasks.find((t) => t.id === ref.taskId)!;

/** Where a Spark task's job writes `table`: the job spec's lake root of the layer, then the table. */
function jobWrites(out: CompileOutput, task: IrTask, layer: "bronze" | "silver", table: string): string {
  expect(task.kind).toBe("spark");
  const spec = JSON.parse(fileOf(out, (task as IrSparkTask).app.specPath)) as { lake: Record<string, string>; tables: { name: string; silver?: { target?: string } }[] };
  expect(spec.tables.some((t) => (layer === "bronze" ? t.name : t.silver?.target ?? t.name) === table), `${table} in the job spec`).toBe(true);
  return `${spec.lake[layer]}/${table}`;
}

describe("the reference dbt project reads the graph", () => {
  let out: CompileOutput;
  beforeAll(async () => {
    out = await compileProject(ROOT, { typecheck: false });
    expect(out.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("each source table is the Delta table its bronze Spark task writes, with that table's columns", () => {
    const doc = YAML.parse(fileOf(out, "dbt/models/sources.yml")) as SourcesYml;
    const tables = doc.sources.flatMap((s) => s.tables);
    expect(tables.map((t) => t.name)).toEqual(["stores", "clients", "orders", "payments"]);
    for (const t of tables) {
      const d = datasetOf(out, `bronze:${t.name}`);
      expect(t.config.meta.delta_table_path).toBe(s3(d.location));
      expect(d.producers).toHaveLength(1);
      expect(s3(jobWrites(out, taskOf(out, d.producers[0]!), "bronze", t.name))).toBe(t.config.meta.delta_table_path);
      expect(t.columns).toEqual(d.columns.map((c) => ({ name: c.name, data_type: c.type })));
    }
    // The jobs' own columns are there too: the freshness check's loaded_at_field is a listed column.
    expect(tables.every((t) => t.columns.some((c) => c.name === "_bronze_last_apply_ts"))).toBe(true);
  });

  it("the published gold copy is written where the graph puts it", () => {
    const doc = YAML.parse(fileOf(out, "dbt/models/publish/_publish.yml")) as { models: { name: string; config: { meta: Record<string, string> } }[] };
    expect(doc.models.find((m) => m.name === "delta_dim_clients")!.config.meta).toEqual({ delta_path: s3(datasetOf(out, "gold:dim_clients").location) });
    expect(datasetOf(out, "gold:dim_clients").location).toBe("s3a://ampere-gold/gold/dim_clients");
  });

  it("no dbt pod gets lake roots to build paths from at run time", () => {
    const dbtTasks = out.graph!.pipelines.flatMap((p) => p.tasks).filter((t) => t.kind === "dbt");
    expect(dbtTasks.length).toBeGreaterThan(0);
    for (const t of dbtTasks) expect(t.env.map((e) => e.name).filter((n) => n.endsWith("_DELTA_ROOT"))).toEqual([]);
    for (const f of out.files.filter((x) => x.path.startsWith("dbt/"))) expect(f.content, f.path).not.toContain("_DELTA_ROOT");
  });
});

describe("a silver dbt source", () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const r of roots) rmSync(r, { recursive: true, force: true });
  });

  it("shows dbt the silver table's columns after its renames and casts, at the location the silver job writes", { timeout: 30_000 }, async () => {
    const root = mkdtempSync(path.join(tmpdir(), "dbt-reads-graph-"));
    roots.push(root);
    cpSync(path.join(ROOT, "pipelines"), path.join(root, "pipelines"), { recursive: true });
    cpSync(path.join(ROOT, "dbt"), path.join(root, "dbt"), { recursive: true });
    symlinkSync(path.join(ROOT, "dsl"), path.join(root, "dsl"), "dir");
    symlinkSync(path.join(ROOT, "node_modules"), path.join(root, "node_modules"), "dir");
    writeFileSync(path.join(root, "pipelines/silver.ts"), `import { after, group, silver, silverLoad } from "../dsl/index.ts";
import { bronze } from "./medallion.ts";
import { db } from "./sources/ampere-db.ts";
export const clientsSilver = silver(db.tables.clients, { target: "silver_clients", rename: { fullname: "client_name" }, cast: { registration_date: "timestamp" } });
export const silverDaily = silverLoad({ id: "silver__daily", schedule: after(bronze), groups: [group("dims", [clientsSilver])] });
`);
    const dbtFile = path.join(root, "pipelines/dbt.ts");
    const text = readFileSync(dbtFile, "utf8")
      .replace(`import { bronze } from "./medallion.ts";`, `import { bronze } from "./medallion.ts";\nimport { clientsSilver } from "./silver.ts";\nconst silverSrc = dbtSource("silver", "silver", { silver_clients: clientsSilver });`)
      .replace("sources: [bronzeSrc],", "sources: [bronzeSrc, silverSrc],");
    expect(text).toContain("sources: [bronzeSrc, silverSrc],");
    writeFileSync(dbtFile, text);

    const out = await compileProject(root, { typecheck: false });
    expect(out.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const silverSource = (YAML.parse(fileOf(out, "dbt/models/sources.yml")) as SourcesYml).sources.find((s) => s.name === "silver")!;
    const t = silverSource.tables[0]!;
    const d = datasetOf(out, "silver:silver_clients");
    expect(t.config.meta.delta_table_path).toBe(s3(d.location));
    expect(s3(jobWrites(out, taskOf(out, d.producers[0]!), "silver", "silver_clients"))).toBe(t.config.meta.delta_table_path);
    const business = t.columns.filter((c) => !c.name.startsWith("_"));
    expect(business).toEqual([
      { name: "id", data_type: "int" },
      { name: "client_name", data_type: "string" },
      { name: "preferred_store_id", data_type: "smallint" },
      { name: "registration_date", data_type: "timestamp" },
      { name: "updated_at", data_type: "date" },
      { name: "churned", data_type: "boolean" },
    ]);
    expect(t.columns.map((c) => c.name)).toContain("_silver_apply_ts");
  });
});
