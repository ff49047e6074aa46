/**
 * The property test of the safety sweep, with the real engines: every text field of the DSL
 * (derived from its zod schemas, test/unit/dsl/text-fields.ts) gets each hostile value. Values a
 * field accepts are planted all at once, each wrapped in markers that name its field, and the
 * project is compiled, imported by a real Airflow DagBag, rendered for a date (SparkApplications
 * loaded as the operator loads them), and parsed by real dbt with a sentinel secret in its
 * environment. Every decoded string that holds a field's marker holds the whole value exactly;
 * every accepted value comes back somewhere; the sentinel never appears in dbt's manifest.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileProgram } from "../../generators/compile.ts";
import { writeGenerated } from "../../generators/writer/index.ts";
import { hostileProgram } from "../unit/dsl/fixture.ts";
import { HOSTILE_TEXT, SECRET_SENTINEL } from "../unit/dsl/hostile-values.ts";
import { fieldName, plantText, TEXT_FIELDS, type TextField } from "../unit/dsl/text-fields.ts";
import { runDbt } from "./helpers/dbt.ts";
import { type DagBagReport, ensurePythonEnv, inspectDagBag, REPO_ROOT } from "./helpers/python-env.ts";

const RUN = "2025-09-01T00:00:00+00:00";
const work = mkdtempSync(path.join(os.tmpdir(), "hostile-text-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Field i's value, recognisable in any output: upper-case markers, so lower-cased copies (Kubernetes names) do not match. */
const marked = (i: number, value: string) => `QQ${i}QQ${value}ZZ${i}ZZ`;
const opener = (i: number) => `QQ${i}QQ`;

/** Copies a target derives on purpose, not verbatim: the DAG description is the first line. */
const DERIVED: Readonly<Record<string, (v: string) => string>> = {
  "pipeline.description": (v) => v.split(/\r?\n/)[0]!.trim(),
  "landing.description": (v) => v.split(/\r?\n/)[0]!.trim(),
};

/** Every string in a value; a string that is a JSON document (an HTTP body) also by its decoded strings. */
function* strings(v: unknown): Generator<string> {
  if (typeof v === "string") {
    const json = /^\s*[[{]/.test(v) ? tryJson(v) : undefined;
    if (json !== undefined) yield* strings(json);
    else yield v;
  }
  else if (Array.isArray(v)) for (const x of v) yield* strings(x);
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) { yield k; yield* strings(x); }
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const compileWith = (plant: readonly [TextField, string][]) =>
  compileProgram(hostileProgram((specs) => { for (const [f, v] of plant) plantText(specs, f, v); }));

interface Planted {
  readonly field: TextField;
  readonly index: number;
  readonly value: string;
}

/** The fields that accept the value alone. */
const acceptingFields = (hostile: string): Planted[] =>
  TEXT_FIELDS.map((field, index) => ({ field, index, value: marked(index, hostile) }))
    .filter(({ field, value }) => !compileWith([[field, value]]).diagnostics.some((d) => d.severity === "error"));

/** Checks every planted field against decoded strings (each copy holds the whole value); returns the fields seen. */
function checkStrings(label: string, planted: readonly Planted[], where: string, decoded: readonly string[]): Set<number> {
  const seen = new Set<number>();
  for (const { field, index, value } of planted) {
    const expected = (DERIVED[fieldName(field)] ?? ((v: string) => v))(value);
    for (const s of decoded) {
      if (!s.includes(opener(index))) continue;
      seen.add(index);
      expect(s.includes(expected), `${label}: ${fieldName(field)} in ${where} is ${JSON.stringify(s.slice(0, 300))}`).toBe(true);
    }
  }
  return seen;
}

/**
 * The values Airflow works with: DAG settings, task attributes that are not templates, templated
 * fields after rendering, and the SparkApplication as the operator loads it (not its YAML text).
 */
function decodedByAirflow(report: DagBagReport): string[] {
  const out: string[] = [];
  for (const dag of Object.values(report.dags)) {
    const { tasks, ...settings } = dag;
    out.push(...strings(settings));
    for (const task of Object.values(tasks)) {
      const templated = new Set(Object.keys(task.template_fields));
      const { application_file: _yamlText, ...rendered } = task.rendered ?? {};
      out.push(...strings(Object.fromEntries(Object.entries(task.attrs).filter(([k]) => !templated.has(k)))));
      out.push(...strings(rendered), ...strings(task.application ?? {}), ...strings([task.owner, task.doc_md ?? null, task.outlets, task.inlets]));
    }
  }
  return out;
}

/** Fields whose exact value is a string constant of a DAG file (data of a callable, e.g. a JSON field name). */
function seenInPythonConstants(planted: readonly Planted[], dagsDir: string): Set<number> {
  const files = (readdirSync(dagsDir, { recursive: true }) as string[]).filter((f) => f.endsWith(".py")).map((f) => path.join(dagsDir, f));
  const r = spawnSync(ensurePythonEnv(), [path.join(REPO_ROOT, "test", "airflow", "python_strings.py"), ...files], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  expect(r.status, r.stderr).toBe(0);
  const constants = JSON.parse(r.stdout) as string[];
  return new Set(planted.filter((p) => constants.some((c) => c.includes(p.value))).map((p) => p.index));
}

/**
 * Compiles the planted values together, and checks what Airflow, the job specs and dbt give
 * back. Returns the fields seen somewhere (a field can be shadowed by another one planted with
 * it, e.g. a group's service account over the project's: the caller plants those again alone).
 */
function roundTrip(label: string, round: number, planted: readonly Planted[]): Set<number> {
  const out = compileWith(planted.map((a) => [a.field, a.value] as const));
  const errors = out.diagnostics.filter((d) => d.severity === "error");
  expect(errors.map((d) => `${d.code} ${d.message}`), `${label}: fields that accept the value alone refuse it together`).toEqual([]);
  const outDir = path.join(work, label, String(round), "generated");
  writeGenerated({ outDir, files: out.files, mode: "write" });
  const seen = new Set<number>();
  const add = (ids: Iterable<number>) => { for (const i of ids) seen.add(i); };

  const report = inspectDagBag(path.join(outDir, "dags"), { render: RUN });
  expect(report.import_errors, label).toEqual({});
  for (const dag of Object.values(report.dags)) {
    for (const [taskId, task] of Object.entries(dag.tasks)) {
      expect(task.render_error ?? null, `${label}: ${taskId}`).toBeNull();
      expect(task.application_error ?? null, `${label}: ${taskId}`).toBeNull();
    }
  }
  add(checkStrings(label, planted, "the DagBag", decodedByAirflow(report)));
  add(seenInPythonConstants(planted, path.join(outDir, "dags")));
  for (const file of jsonFiles(path.join(outDir, "dags"))) {
    add(checkStrings(label, planted, path.relative(outDir, file), [...strings(JSON.parse(readFileSync(file, "utf8")))]));
  }

  const parse = runDbt(path.join(outDir, "dbt"), ["parse"], dbtEnv(path.join(work, label, String(round))));
  expect(parse.code, `${label}: dbt parse\n${parse.stdout.slice(-3000)}`).toBe(0);
  const manifestText = readFileSync(path.join(parse.targetPath, "manifest.json"), "utf8");
  expect(manifestText.includes(SECRET_SENTINEL), `${label}: a secret from dbt's environment reached manifest.json`).toBe(false);
  add(checkStrings(label, planted, "dbt's manifest.json", [...strings(JSON.parse(manifestText))]));
  return seen;
}

const jsonFiles = (dir: string): string[] =>
  (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(".json")).map((f) => path.join(dir, f));

/** What dbt needs in its environment to parse the project; the secrets are the sentinel. */
const dbtEnv = (dir: string): Record<string, string> => ({
  DBT_DUCKDB_PATH: path.join(dir, "warehouse.duckdb"), DBT_THREADS: "1", LOGICAL_DATE: "2025-09-01",
  SERVING_PG_HOST: "127.0.0.1", SERVING_PG_PORT: "5432", SERVING_PG_DATABASE: "serving",
  SERVING_PG_USER: SECRET_SENTINEL, SERVING_PG_PASSWORD: SECRET_SENTINEL,
  AWS_ACCESS_KEY_ID: SECRET_SENTINEL, AWS_SECRET_ACCESS_KEY: SECRET_SENTINEL, AWS_ENDPOINT_URL: "http://127.0.0.1:9",
});

/** Catalogue names: authors refer to entries by handle; the names themselves are never emitted. */
const NEVER_EMITTED = new Set(["project.images.<key>", "project.secrets.<key>", "project.connections.<key>"]);

describe.each(Object.entries(HOSTILE_TEXT))("hostile value %s in every text field that accepts it", (label, hostile) => {
  it("comes back exactly from Airflow (DAG import, rendering, the operator's YAML loader), the job specs and dbt", () => {
    let pending = acceptingFields(hostile).filter((p) => !NEVER_EMITTED.has(fieldName(p.field)));
    // Shadowed fields are planted again without what shadowed them, until every one was seen.
    for (let round = 0; pending.length > 0 && round < 3; round++) {
      const seen = roundTrip(label, round, pending);
      const next = pending.filter((p) => !seen.has(p.index));
      if (next.length === pending.length) break;
      pending = next;
    }
    expect(pending.map((p) => fieldName(p.field)), `${label}: accepted values that no target gives back`).toEqual([]);
  }, 600_000);
});
