/**
 * Item 7 of the safety sweep: a getter that gives zod a number and the emitter a string put
 * `on_execute_callback=__import__('os').system(...)` into a DAG file. Builders now read every
 * value once, so the compile uses the number (or refuses); the payload never reaches a file.
 */
import { describe, expect, it } from "vitest";
import { compileProgram } from "../../../generators/compile.ts";
import { hostileProgram, type Specs } from "./fixture.ts";
import { NUMERIC_FIELDS, TEXT_ALLOWED, type NumericField } from "./numeric-fields.ts";

const PAYLOAD = "0, on_execute_callback=__import__('os').system('touch /tmp/pwned')";
const name = (f: NumericField) => `${f.spec}.${f.path.join(".")}`;

type Holder = Record<string | number, unknown>;

/** The object that holds the value at `path` inside the field's spec (created along the way when missing). */
function holderOf(specs: Specs, spec: keyof Specs, path: readonly (string | number)[]): Holder {
  let at = specs[spec] as Holder;
  path.slice(0, -1).forEach((key, i) => (at = (at[key] ??= typeof path[i + 1] === "number" ? [] : {}) as Holder));
  return at;
}

/** A valid number for the field: its schema's minimum, at least 1 (0 is no delay, no retries...). */
const first = (f: NumericField) => Math.max(1, f.min);

/** Compiles the fixture after `plant` put something at the field (given its holder and key). */
function compileWith(f: NumericField, plant: (holder: Holder, key: string | number) => void) {
  return compileProgram(hostileProgram((specs) => plant(holderOf(specs, f.spec, f.path), f.path[f.path.length - 1]!)));
}

/** Compiles the fixture with the field's holder replaced by a Proxy that throws when the field is read twice. */
function compileWithProxy(f: NumericField, count: () => number) {
  return compileProgram(hostileProgram((specs) => {
    const key = f.path[f.path.length - 1]!;
    const holder = holderOf(specs, f.spec, f.path);
    holder[key] = first(f);
    const proxy = new Proxy(holder, {
      get(target, k, receiver) {
        if (k === String(key) && count() > 0) throw new Error(`${String(k)} read twice`);
        return Reflect.get(target, k, receiver);
      },
    });
    if (f.path.length === 1) (specs as unknown as Holder)[f.spec] = proxy;
    else holderOf(specs, f.spec, f.path.slice(0, -1))[f.path[f.path.length - 2]!] = proxy;
  }));
}

describe("numeric fields found in the DSL's schemas", () => {
  it("cover every builder with numbers", () => {
    const names = NUMERIC_FIELDS.map(name);
    for (const expected of [
      "project.retries", "project.retryDelaySeconds", "project.spark.driver.cores", "project.spark.executor.instances",
      "pipeline.maxActiveRuns", "pipeline.retries", "pipeline.retryDelaySeconds", "landing.maxActiveRuns",
      "taskOptions.retries", "taskOptions.retryDelaySeconds", "pod.startupTimeoutSeconds", "trigger.pollSeconds",
      "http.expectStatus.0", "httpPoll.everySeconds", "httpPoll.timeoutSeconds", "httpPoll.until.equals",
      "connection.port", "connection.fetchSize", "groupOptions.executors", "groupOptions.executor.instances", "groupOptions.driver.cores",
      "dbtProject.duckdb.threads", "dbtProject.serving.port", "dbtSourceOptions.freshness.warnAfterHours",
      "factOptions.lookbackDays", "eventOptions.lookbackDays", "materialized.lookbackDays",
    ]) expect(names).toContain(expected);
  });
});

describe.each(NUMERIC_FIELDS.map((f) => [name(f), f] as const))("%s", (_name, f) => {
  it("a getter giving a number, then code, is read once: the number is written, the code never", () => {
    let reads = 0;
    const { diagnostics, files } = compileWith(f, (parent, key) =>
      Object.defineProperty(parent, key, { enumerable: true, configurable: true, get: () => (reads++ === 0 ? first(f) : PAYLOAD) }),
    );
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(reads).toBe(1);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(file.content, file.path).not.toContain("on_execute_callback");
  });

  it("a Proxy that throws on the second read is read once", () => {
    let reads = 0;
    const { diagnostics, files } = compileWithProxy(f, () => reads++);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(reads).toBe(1);
    expect(files.length).toBeGreaterThan(0);
  });

});

describe.each(NUMERIC_FIELDS.filter((f) => !TEXT_ALLOWED.includes(name(f))).map((f) => [name(f), f] as const))("%s", (_name, f) => {
  it("a plain string in its place is refused with DS001 and nothing is written", () => {
    const { diagnostics, files } = compileWith(f, (holder, key) => void (holder[key] = PAYLOAD));
    expect(diagnostics.map((d) => d.code)).toContain("DS001");
    expect(files).toEqual([]);
  });
});


describe("a field that also takes text", () => {
  it.each(TEXT_ALLOWED)("%s writes the text as a Python string literal", (field) => {
    const f = NUMERIC_FIELDS.find((x) => name(x) === field)!;
    const { diagnostics, files } = compileWith(f, (holder, key) => void (holder[key] = PAYLOAD));
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const dag = files.find((x) => x.path === "dags/my_dags/acme__tasks__daily.py")!;
    expect(dag.content).toContain(`== "${PAYLOAD}"`);
    expect(dag.content.split(PAYLOAD)).toHaveLength(2);
  });
});
