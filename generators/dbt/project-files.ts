import type { IrDbtProject } from "../ir/types.ts";
import { yamlBlock, type YamlValue } from "../literals/yaml.ts";
import { intLiteral } from "../literals/numbers.ts";
import { envVarCall } from "../literals/dbt-jinja.ts";
import { dbtJinja, envVar, header } from "./values.ts";

/** dbt_project.yml: paths, the Delta-loading hook, and per-layer schemas and materializations. */
export function dbtProjectYml(p: IrDbtProject): string {
  const lookback = Math.max(0, ...p.models.map((m) => (m.materialized.kind === "incremental" ? m.materialized.lookbackDays : 0)));
  const doc: YamlValue = {
    name: p.name,
    version: "1.0.0",
    "config-version": 2,
    profile: p.name,
    "model-paths": ["models"],
    "macro-paths": ["macros"],
    "test-paths": ["tests"],
    "clean-targets": ["target"],
    // Offline: dbt must not try to send usage events.
    flags: { send_anonymous_usage_stats: false },
    // Opens every Delta source once per run, before any node (macros/load_delta_sources.sql).
    "on-run-start": [dbtJinja("{{ load_delta_sources() }}")],
    vars: { lookback_days: lookback, logical_date: envVar("LOGICAL_DATE", "") },
    models: {
      [p.name]: {
        silver: { "+schema": "silver", "+tags": ["silver"] },
        gold: { "+schema": "gold", "+tags": ["gold"] },
        // Publish models run after their mart's tests passed; the serving plugin copies them.
        // (`plugin:` goes in each publish model's config() block: the dbt schemas refuse `+plugin` here.)
        publish: { "+schema": "publish", "+materialized": "external", "+tags": ["gold", "publish"] },
      },
    },
  };
  return header(p.file) + yamlBlock(doc);
}

/** profiles.yml: every location and credential through env_var(); nothing secret in the file. */
export function profilesYml(p: IrDbtProject): string {
  const plugins: YamlValue[] = [{ module: "delta" }];
  if (p.serving) {
    plugins.push({
      module: "serving_postgres",
      alias: "serving",
      config: {
        host: envVar("SERVING_PG_HOST"),
        port: envVar("SERVING_PG_PORT", "5432"),
        user: envVar("SERVING_PG_USER"),
        password: envVar("SERVING_PG_PASSWORD"),
        dbname: envVar("SERVING_PG_DATABASE"),
        sslmode: envVar("SERVING_PG_SSLMODE", "prefer"),
      },
    });
  }
  if (p.models.some((m) => m.publish.delta)) plugins.push({ module: "publish_delta", alias: "lake" });
  const doc: YamlValue = {
    [p.name]: {
      target: envVar("DBT_TARGET", "duckdb"),
      outputs: {
        duckdb: {
          type: "duckdb",
          path: envVar("DBT_DUCKDB_PATH", p.duckdb.path),
          schema: "main",
          threads: dbtJinja(`{{ ${envVarCall("DBT_THREADS", intLiteral(p.duckdb.threads, "duckdb threads", 1))} | int }}`),
          external_root: envVar("DBT_EXTERNAL_ROOT", `/tmp/${p.name}-external`),
          settings: {
            // Casts between timestamptz and timestamp must not depend on the host's zone.
            TimeZone: "UTC",
            memory_limit: envVar("DBT_DUCKDB_MEMORY_LIMIT", p.duckdb.memoryLimit ?? "2GB"),
            // No extension downloads at run time: Delta is read by the deltalake package.
            autoinstall_known_extensions: false,
            autoload_known_extensions: false,
          },
          module_paths: [dbtJinja(`{{ ${envVarCall("DBT_PROJECT_DIR", ".")} }}/plugins`)],
          plugins,
        },
      },
    },
  };
  return header(p.file) + yamlBlock(doc);
}

/** selectors.yml: the run modes a dbtRun() pipeline chooses from. */
export function selectorsYml(p: IrDbtProject): string {
  const doc: YamlValue = {
    selectors: [
      {
        name: "daily_refresh",
        description: "The daily run: silver and gold models (incremental ones stay incremental) and their publish steps.",
        default: true,
        // source:* so that tests declared on sources run too.
        definition: { union: [{ method: "tag", value: "silver" }, { method: "tag", value: "gold" }, { method: "source", value: "*" }] },
      },
      { name: "full_rebuild", description: "Everything; run with --full-refresh to rebuild incremental models.", definition: { method: "fqn", value: "*" } },
      { name: "gold_only", description: "Gold marts and their publish steps, reading silver as it is.", definition: { method: "tag", value: "gold" } },
    ],
  };
  return header(p.file) + yamlBlock(doc);
}
