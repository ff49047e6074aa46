// Hostile free text through the dbt project, proved by real dbt: a temp project whose every
// free-text field that dbt renders (model and column descriptions, accepted values, satisfies()
// expressions, the DuckDB path and memory limit of profiles.yml) holds Jinja, quotes,
// backslashes, closers, newlines and astral characters is compiled by the real CLI, `dbt parse`d
// with a sentinel secret in the environment, and its profile rendered by dbt's own renderer.
// Every value comes back byte for byte; the sentinel appears nowhere.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileCli, makeProject, PLATFORM_SRC, tsString } from "../helpers/dbt-temp-project.ts";
import { ensureDbtEnv, runDbt } from "./helpers/dbt.ts";
import { pythonSubprocessEnv } from "./helpers/python-env.ts";

const SENTINEL = "SENTINEL-SECRET-4be1d07a";
const HOSTILE: readonly string[] = [
  "{{ env_var('SERVING_PG_PASSWORD') }}",
  "{{ env_var('LAKEC_SENTINEL') }} and {{ 7*7 }}",
  "{% raw %}raw{% endraw %} {% if true %}yes{% endif %} {%- set x = 1 -%}",
  "{# comment #} and an open {#",
  "single ' double \" backslash \\ and \\' and \\\" end\\",
  "closers }} %} #} }}} }",
  "line1\nline2\n\nline4\n",
  "windows\r\nline\r",
  "tab\there and \u0007 bell",
  "astral 🦆 𝔘𝔫𝔦 é ü \u2028 end",
  "{{ '' ~ env_var('SERVING_PG_PASSWORD') }}{{ }}",
];
/** The issue's reproducer: a `'` ends the env_var fallback and runs the rest as an expression. */
const DUCKDB_PATH = "/tmp/w'{{ env_var('SERVING_PG_PASSWORD') }}\"\\}}.duckdb";
const MEMORY_LIMIT = "2GB' ~ env_var('SERVING_PG_PASSWORD') ~ '";

const modelName = (i: number) => `hostile_${i}`;
const PIPELINE_SRC = `import { column, dbtProject, dbtRun, isOneOf, manual, model, satisfies } from "../dsl/index.ts";
import { platform } from "./project.ts";
${HOSTILE.map((text, i) => `export const m${i} = model({ name: "${modelName(i)}", sql: "gold/plain.sql", layer: "gold", dependsOn: [], description: ${tsString(text)},
  columns: { c: column("varchar", { description: ${tsString(text)}, tests: [isOneOf([${tsString(text)}]), satisfies(${tsString(text)})] }) } });`).join("\n")}
export const warehouse = dbtProject({
  name: "hostile", image: platform.images.dbt, sources: [], models: [${HOSTILE.map((_, i) => `m${i}`).join(", ")}],
  duckdb: { path: ${tsString(DUCKDB_PATH)}, memoryLimit: ${tsString(MEMORY_LIMIT)} },
  serving: { host: "pg", database: "serving", user: platform.secrets.pgUser, password: platform.secrets.pgPassword },
});
export const run = dbtRun({ id: "hostile__dbt", name: "hostile", project: warehouse, schedule: manual, mode: "daily_refresh" });
`;

/** Environment of dbt: the serving password and a variable the hostile text names hold the sentinel. */
const ENV = {
  SERVING_PG_PASSWORD: SENTINEL,
  LAKEC_SENTINEL: SENTINEL,
  SERVING_PG_HOST: "127.0.0.1",
  SERVING_PG_USER: "u",
  SERVING_PG_DATABASE: "d",
  LOGICAL_DATE: "2025-09-03",
};

/** Renders the project's profile with dbt's own ProfileRenderer (what every dbt command does first). */
const RENDER_PROFILE_PY = String.raw`
import json, os, sys
from dbt.config.profile import Profile, read_profile
from dbt.config.renderer import ProfileRenderer
from dbt_common.context import set_invocation_context
set_invocation_context(os.environ)  # what dbt's CLI does before rendering: env_var() reads it
raw = read_profile(sys.argv[1])
target, data = Profile.render_profile(raw["hostile"], "hostile", None, ProfileRenderer({}))
print(json.dumps({"target": target, "data": data}))
`;

type Node = { resource_type: string; description: string; columns: Record<string, { description: string }>; test_metadata?: { name: string }; attached_node?: string; compiled_code?: string };
let tmp: string;
let parsedText: string;
let parsed: { nodes: Record<string, Node> };
let compiledText: string;
let compiled: { nodes: Record<string, Node> };
let profile: { target: string; data: { path: string; settings: Record<string, unknown> } };

beforeAll(async () => {
  const python = ensureDbtEnv(); // throws (never skips) when the environment cannot be built
  tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), "dbt-hostile-")));
  const root = makeProject(tmp, "hostile", { "pipelines/project.ts": PLATFORM_SRC, "pipelines/dbt.ts": PIPELINE_SRC, "dbt/models/gold/plain.sql": "select 'x' as c\n" });
  const built = await compileCli(root);
  if (built.code !== 0) throw new Error(`the hostile dbt project does not compile (exit ${built.code}):\n${built.stderr}`);
  const project = path.join(root, "generated", "dbt");
  // dbt parse: the profile's fallbacks as declared, the properties rendered as dbt does at parse time.
  const parse = runDbt(project, ["parse"], ENV);
  if (parse.code !== 0) throw new Error(`dbt parse failed (${parse.code}):\n${parse.stdout}\n${parse.stderr}`);
  parsedText = readFileSync(path.join(parse.targetPath, "manifest.json"), "utf8");
  parsed = JSON.parse(parsedText);
  // dbt compile renders the tests' arguments into their SQL; a usable warehouse file and memory limit come from the environment.
  const compile = runDbt(project, ["compile", "--select", "test_type:generic"], { ...ENV, DBT_DUCKDB_PATH: path.join(tmp, "warehouse.duckdb"), DBT_DUCKDB_MEMORY_LIMIT: "1GB" });
  if (compile.code !== 0) throw new Error(`dbt compile failed (${compile.code}):\n${compile.stdout}\n${compile.stderr}`);
  compiledText = readFileSync(path.join(compile.targetPath, "manifest.json"), "utf8");
  compiled = JSON.parse(compiledText);
  const rendered = spawnSync(python, ["-c", RENDER_PROFILE_PY, project], { encoding: "utf8", env: { ...pythonSubprocessEnv(), ...ENV } });
  if (rendered.status !== 0) throw new Error(`rendering profiles.yml failed:\n${rendered.stderr}`);
  profile = JSON.parse(rendered.stdout);
}, 900_000);

afterAll(() => {
  if (process.env["HOSTILE_KEEP"]) process.stderr.write(`dbt hostile project kept in ${tmp}\n`);
  else if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const modelNode = (i: number) => parsed.nodes[`model.hostile.${modelName(i)}`]!;
const compiledTest = (i: number, name: string): string => {
  const test = Object.values(compiled.nodes).find((n) => n.resource_type === "test" && n.attached_node === `model.hostile.${modelName(i)}` && n.test_metadata?.name === name);
  expect(test?.compiled_code, `compiled ${name} test of ${modelName(i)}`).toBeTypeOf("string");
  return test!.compiled_code!;
};

describe("hostile free text through real dbt", () => {
  it("the sentinel secret never reaches manifest.json (parsed or compiled) or the DuckDB settings", () => {
    expect(parsedText).not.toContain(SENTINEL);
    expect(compiledText).not.toContain(SENTINEL);
    expect(JSON.stringify([profile.data.path, profile.data.settings])).not.toContain(SENTINEL);
  });

  it.each(HOSTILE.map((text, i) => [i, text] as const))("model and column descriptions come back verbatim in manifest.json (%i)", (i, text) => {
    expect(modelNode(i).description).toBe(text);
    expect(modelNode(i).columns["c"]!.description).toBe(text);
  });

  it.each(HOSTILE.map((text, i) => [i, text] as const))("accepted values and satisfies() expressions reach the compiled test SQL verbatim (%i)", (i, text) => {
    expect(compiledTest(i, "accepted_values")).toContain(`\n    '${text}'\n`);
    expect(compiledTest(i, "expression_is_true")).toContain(text);
  });

  it("the DuckDB path and memory limit fallbacks of profiles.yml render to the declared text", () => {
    expect(profile.target).toBe("duckdb");
    expect(profile.data.path).toBe(DUCKDB_PATH);
    expect(profile.data.settings["memory_limit"]).toBe(MEMORY_LIMIT);
  });
});
