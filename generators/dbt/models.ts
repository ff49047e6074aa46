import { goldDatasetId, type IrDataset } from "../ir/datasets.ts";
import type { IrDataTest, IrDbtModel, IrDbtProject, IrDbtRelation } from "../ir/types.ts";
import { yamlBlock, type YamlValue } from "../literals/yaml.ts";
import { refCall, sourceCall } from "../literals/dbt-jinja.ts";
import { dbtJinja, dbtText, header } from "./values.ts";

const relationJinja = (r: IrDbtRelation) => (r.kind === "model" ? refCall(r.name) : sourceCall(r.source, r.name));

/** Datasets by id: the graph is where every table's location and columns live. */
export type DatasetIndex = ReadonlyMap<string, IrDataset>;

function datasetOf(index: DatasetIndex, id: string): IrDataset {
  const d = index.get(id);
  // Lowering declares every table a dbt source or publish names; a miss is a compiler bug.
  if (!d) throw new Error(`internal: dbt names dataset '${id}', which the graph does not hold`);
  return d;
}

/** deltalake (delta-rs) addresses S3 as s3://, Spark's Hadoop client as s3a://: the same objects. */
const deltaRsUri = (location: string) => location.replace(/^s3a:\/\//, "s3://");

/** One data test in dbt's ≥1.10 `arguments:` form (accepted by both dbt schemas). */
function testYaml(t: IrDataTest): YamlValue {
  const config: Record<string, YamlValue> = t.severity === "warn" ? { config: { severity: "warn" } } : {};
  switch (t.kind) {
    case "not_null":
    case "unique":
      return t.severity === "warn" ? { [t.kind]: config } : t.kind;
    case "accepted_values":
      return { accepted_values: { arguments: { values: t.values.map((v) => (typeof v === "string" ? dbtText(v) : v)) }, ...config } };
    case "relationships":
      return { relationships: { arguments: { to: dbtJinja(relationJinja(t.to)), field: dbtText(t.field) }, ...config } };
    case "expression":
      return { expression_is_true: { arguments: { expression: dbtText(t.expression) }, ...config } };
  }
}

/** sources.yml: each Delta table through dbt-duckdb's `delta` plugin (deltalake, no extension). */
export function sourcesYml(p: IrDbtProject, datasets: DatasetIndex): string {
  const doc: YamlValue = {
    version: 2,
    sources: p.sources.map((s) => ({
      name: dbtText(s.name),
      schema: dbtText(s.name),
      config: {
        meta: { plugin: "delta", materialization: "view", save_mode: "ignore" },
        ...(s.freshness && s.loadedAtField
          ? {
              freshness: {
                ...(s.freshness.warnAfterHours ? { warn_after: { count: s.freshness.warnAfterHours, period: "hour" } } : {}),
                ...(s.freshness.errorAfterHours ? { error_after: { count: s.freshness.errorAfterHours, period: "hour" } } : {}),
              },
            }
          : {}),
        ...(s.loadedAtField ? { loaded_at_field: dbtText(s.loadedAtField) } : {}),
      },
      tables: s.tables.map((t) => {
        // The very table the Spark step writes: its location and columns (after silver's renames and casts).
        const d = datasetOf(datasets, t.dataset);
        return {
          name: dbtText(t.name),
          config: { meta: { delta_table_path: dbtText(deltaRsUri(d.location)) } },
          columns: d.columns.map((c) => ({ name: dbtText(c.name), data_type: dbtText(c.type) })),
        };
      }),
    })),
  };
  return header(p.file) + yamlBlock(doc);
}

function modelConfig(m: IrDbtModel): Record<string, YamlValue> {
  const config: Record<string, YamlValue> = { materialized: m.materialized.kind };
  if (m.materialized.kind === "incremental") {
    const keys = m.materialized.uniqueKey.map(dbtText);
    config.unique_key = keys.length === 1 ? keys[0]! : keys;
    // delete+insert by key: late changes replace their rows, reruns are idempotent.
    config.incremental_strategy = "delete+insert";
    config.on_schema_change = "fail";
  }
  if (m.alias) config.alias = dbtText(m.alias);
  config.tags = m.tags.map(dbtText);
  if (m.columns.length) config.contract = { enforced: true };
  return config;
}

/** The property file of one layer: config, contract columns and data tests of its models. */
export function layerPropertiesYml(p: IrDbtProject, layer: "silver" | "gold"): string | undefined {
  const models = p.models.filter((m) => m.layer === layer);
  if (!models.length) return undefined;
  const doc: YamlValue = {
    version: 2,
    models: models.map((m) => {
      const modelTests = m.columns.flatMap((c) => c.tests.filter((t) => t.kind === "expression")).map(testYaml);
      return {
        name: dbtText(m.name),
        ...(m.description ? { description: dbtText(m.description) } : {}),
        config: modelConfig(m),
        ...(modelTests.length ? { data_tests: modelTests } : {}),
        ...(m.columns.length
          ? {
              columns: m.columns.map((c) => {
                const tests = c.tests.filter((t) => t.kind !== "expression").map(testYaml);
                return { name: dbtText(c.name), data_type: dbtText(c.type), ...(c.description ? { description: dbtText(c.description) } : {}), ...(tests.length ? { data_tests: tests } : {}) };
              }),
            }
          : {}),
      };
    }),
  };
  return header(p.file) + yamlBlock(doc);
}

/** Publish models: `external` models run after their mart's tests; a plugin ships the file. */
export function publishFiles(p: IrDbtProject, datasets: DatasetIndex): { path: string; content: string }[] {
  const targets = p.models.flatMap((m) => [
    ...(m.publish.postgres ? [{ m, model: `serve_${m.name}`, plugin: "serving", meta: { serving_schema: dbtText(m.publish.postgres.schema), serving_table: dbtText(m.alias ?? m.name) } as YamlValue, what: "in the serving database" }] : []),
    ...(m.publish.delta ? [{ m, model: `delta_${m.name}`, plugin: "lake", meta: { delta_path: dbtText(deltaRsUri(datasetOf(datasets, goldDatasetId(m.alias ?? m.name)).location)) } as YamlValue, what: "as a Delta table in the lake" }] : []),
  ]);
  if (!targets.length) return [];
  const doc: YamlValue = {
    version: 2,
    models: targets.map((t) => ({ name: dbtText(t.model), description: dbtText(`${t.m.name} ${t.what}.`), config: { meta: t.meta } })),
  };
  return [
    { path: "models/publish/_publish.yml", content: header(p.file) + yamlBlock(doc) },
    ...targets.map((t) => ({
      path: `models/publish/${t.model}.sql`,
      content: `${header(p.file, "--")}{{ config(materialized='external', plugin='${t.plugin}', format='parquet') }}\nselect * from {{ ${refCall(t.m.name)} }}\n`,
    })),
  ];
}

/** The hand-written SQL of each model, copied under its layer. */
export function modelSqlFiles(p: IrDbtProject): { path: string; content: string }[] {
  return p.models.map((m) => ({
    path: `models/${m.layer}/${m.name}.sql`,
    content: `-- Generated from ${p.file} by the lakehouse pipeline compiler (SQL copied from ${m.sqlFile}). Do not edit: edit ${m.sqlFile}.\n${m.sql.endsWith("\n") ? m.sql : `${m.sql}\n`}`,
  }));
}
