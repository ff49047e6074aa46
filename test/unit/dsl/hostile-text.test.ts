/**
 * Every user-facing text field of the DSL (derived from its zod schemas, see text-fields.ts) with
 * every hostile value: the compile either refuses it with catalog diagnostics and writes nothing,
 * or accepts it, and then every job spec (JSON) holds the value exactly as written; never a
 * crash. A credential-shaped value is never written anywhere. What Airflow and dbt make of the
 * accepted values is checked with the real engines in test/integration/hostile-text.test.ts.
 */
import { describe, expect, it } from "vitest";
import { compileProgram } from "../../../generators/compile.ts";
import { CATALOG } from "../../../generators/diagnostics/catalog.ts";
import { hostileProgram } from "./fixture.ts";
import { HOSTILE_TEXT, SECRET_SENTINEL, SECRET_SHAPED, wrap } from "./hostile-values.ts";
import { fieldName, plantText, TEXT_FIELDS, type TextField } from "./text-fields.ts";

/** Compiles the fixture with `value` at the field; an exception is a compiler bug (exit 2). */
function compileWith(f: TextField, value: string) {
  try {
    return compileProgram(hostileProgram((specs) => plantText(specs, f, value)));
  } catch (e) {
    throw new Error(`${fieldName(f)} = ${JSON.stringify(value).slice(0, 80)}: the compiler threw (exit 2): ${(e as Error).stack}`);
  }
}

/** Every string inside a JSON value. */
function* strings(v: unknown): Generator<string> {
  if (typeof v === "string") yield v;
  else if (Array.isArray(v)) for (const x of v) yield* strings(x);
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) { yield k; yield* strings(x); }
}

describe("text fields found in the DSL's schemas", () => {
  it("cover the builders' text settings", () => {
    const names = TEXT_FIELDS.map(fieldName);
    for (const expected of [
      "project.id", "project.owner", "project.namespace", "project.placement.nodeSelector.<key>", "project.lake.endpoint",
      "project.spark.sparkConf.hostile_key", "project.spark.jars.0", "pipeline.description", "pipeline.tags.0",
      "taskOptions.doc", "pod.args.0", "pod.env.<key>", "pod.env.hostile_key", "http.endpoint", "http.headers.hostile_key",
      "http.body.hostile_key", "connection.host", "groupOptions.sparkConf.hostile_key", "groupOptions.env.hostile_key",
      "dbtProject.name", "dbtProject.duckdb.path", "model.name", "model.description", "dbtSourceOptions.loadedAtField",
    ]) expect(names).toContain(expected);
  });
});

describe.each(TEXT_FIELDS.map((f) => [fieldName(f), f] as const))("%s", (_name, f) => {
  it("each hostile value is refused with catalog diagnostics (nothing written) or comes back exactly in every job spec", () => {
    for (const [label, hostile] of Object.entries(HOSTILE_TEXT)) {
      const value = wrap(hostile);
      const { diagnostics, files } = compileWith(f, value);
      const errors = diagnostics.filter((d) => d.severity === "error");
      if (errors.length > 0) {
        expect(files, label).toEqual([]);
        for (const d of errors) expect(CATALOG[d.code as keyof typeof CATALOG], `${label}: ${d.code}`).toBeDefined();
        continue;
      }
      for (const file of files.filter((x) => x.path.endsWith(".json") && x.path !== "manifest.json")) {
        for (const s of strings(JSON.parse(file.content))) {
          if (s.includes(wrap.open)) expect(s, `${label} in ${file.path}`).toContain(value);
        }
      }
    }
  });

  it("a credential-shaped value is refused, or never written", () => {
    for (const [label, secret] of Object.entries(SECRET_SHAPED)) {
      const { diagnostics, files } = compileWith(f, secret);
      if (diagnostics.some((d) => d.severity === "error")) continue;
      for (const file of files) expect(file.content.includes(SECRET_SENTINEL), `${label} reached ${file.path}`).toBe(false);
    }
  });
});

describe("catalogue entries that are not handles", () => {
  it.each(["images", "secrets", "connections"])("a text in project.%s is refused with DS001, not a crash", (catalogue) => {
    const { diagnostics, files } = compileProgram(hostileProgram((specs) => void (specs.project[catalogue] = { ...specs.project[catalogue], bad: "text" })));
    expect(diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toContain("DS001");
    expect(files).toEqual([]);
  });
});
