import { readFileSync } from "node:fs";
import type { GeneratedFile } from "../core/file-set.ts";
import type { IrGraph } from "../ir/types.ts";
import { layerPropertiesYml, modelSqlFiles, publishFiles, sourcesYml } from "./models.ts";
import { dbtProjectYml, profilesYml, selectorsYml } from "./project-files.ts";
import { header } from "./values.ts";

/** Files the generated project always carries: macros, the plugins, the runner and its artifact upload. */
const ASSETS: readonly [string, string, string][] = [
  ["macros/expression_is_true.sql", "expression_is_true.sql", "--"],
  ["macros/generate_schema_name.sql", "generate_schema_name.sql", "--"],
  ["macros/load_delta_sources.sql", "load_delta_sources.sql", "--"],
  ["plugins/serving_postgres.py", "serving_postgres.py", "#"],
  ["plugins/publish_delta.py", "publish_delta.py", "#"],
  ["run_dbt.py", "run_dbt.py", "#"],
  ["upload_artifacts.py", "upload_artifacts.py", "#"],
];
const assetText = new Map(ASSETS.map(([, file]) => [file, readFileSync(new URL(`./assets/${file}`, import.meta.url), "utf8")]));

/** The dbt project under `generated/dbt/`. Pure: reads only the IR (and the compiler's own assets). */
export function emitDbt(graph: IrGraph): GeneratedFile[] {
  const p = graph.dbt;
  if (!p) return [];
  const datasets = new Map(graph.datasets.map((d) => [d.id, d]));
  const files: { path: string; content: string }[] = [
    { path: "dbt_project.yml", content: dbtProjectYml(p) },
    { path: "profiles.yml", content: profilesYml(p) },
    { path: "selectors.yml", content: selectorsYml(p) },
    { path: "models/sources.yml", content: sourcesYml(p, datasets) },
    ...modelSqlFiles(p),
    ...publishFiles(p, datasets),
    ...ASSETS.map(([path, file, comment]) => ({ path, content: header(p.file, comment) + assetText.get(file)! })),
  ];
  for (const layer of ["silver", "gold"] as const) {
    const content = layerPropertiesYml(p, layer);
    if (content) files.push({ path: `models/${layer}/_${layer}.yml`, content });
  }
  return files.map((f) => ({ path: `dbt/${f.path}`, content: f.content, source: p.file }));
}
