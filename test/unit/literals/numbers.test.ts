/** Number formatters: digits from a number of the right kind, an internal error for anything else. */
import { describe, expect, it } from "vitest";
import { checkedInt, intLiteral, NumberFormatError, numberLiteral } from "../../../generators/literals/numbers.ts";
import { emitAll } from "../../../generators/compile.ts";
import { lower } from "../../../generators/lower/index.ts";
import { hostileProgram } from "../dsl/fixture.ts";

describe("intLiteral", () => {
  it("writes whole numbers as digits", () => {
    expect(intLiteral(0, "x")).toBe("0");
    expect(intLiteral(65535, "x", 1)).toBe("65535");
  });

  it.each([["0, on_execute_callback=1"], [1.5], [Number.NaN], [Infinity], [2 ** 60], [-1], [null], [undefined], [{ valueOf: (): number => 3 }]])("refuses %j", (value) => {
    expect(() => intLiteral(value, "retries")).toThrow(NumberFormatError);
  });

  it("checks the range it is given", () => {
    expect(() => checkedInt(0, "port", 1, 65535)).toThrow(/internal error: port is 0/);
    expect(() => checkedInt(70000, "port", 1, 65535)).toThrow(NumberFormatError);
  });
});

describe("numberLiteral", () => {
  it("takes finite numbers only", () => {
    expect(numberLiteral(2.5, "x")).toBe("2.5");
    expect(() => numberLiteral("2", "x")).toThrow(NumberFormatError);
    expect(() => numberLiteral(Number.NaN, "x")).toThrow(NumberFormatError);
  });
});

describe("emitters check numbers even if validation let one through", () => {
  // An IR that validation would never produce: a string where a number belongs, planted after lowering.
  const unfrozen = <T>(value: T): T => structuredClone(value);
  const graphWith = (edit: (g: any) => void) => {
    const g = unfrozen(lower(hostileProgram()).graph);
    edit(g);
    return g;
  };
  const payload = "0, on_execute_callback=__import__('os').system('x')";

  it.each([
    ["pipeline retries", (g: any) => (g.pipelines[0].retries = payload)],
    ["max_active_runs", (g: any) => (g.pipelines[0].maxActiveRuns = payload)],
    ["task retries", (g: any) => (g.pipelines.find((p: any) => p.id === "tasks__daily").tasks[0].retries = payload)],
    ["startup_timeout_seconds", (g: any) => (g.pipelines.find((p: any) => p.id === "tasks__daily").tasks.find((t: any) => t.kind === "pod").startupTimeoutSeconds = payload)],
    ["poke_interval", (g: any) => (g.pipelines.find((p: any) => p.id === "tasks__daily").tasks.find((t: any) => t.kind === "httpPoll").everySeconds = payload)],
    ["trigger poke_interval", (g: any) => (g.pipelines.find((p: any) => p.id === "tasks__daily").tasks.find((t: any) => t.kind === "trigger").pollSeconds = payload)],
    ["Spark instances", (g: any) => (g.pipelines.find((p: any) => p.id === "landing__daily").tasks.find((t: any) => t.kind === "spark").app.executor.instances = payload)],
    ["job spec port", (g: any) => (g.pipelines.find((p: any) => p.id === "landing__daily").tasks.find((t: any) => t.kind === "spark").app.jobSpec.source.jdbc.port = payload)],
    ["dbt threads", (g: any) => (g.dbt.duckdb.threads = payload)],
  ])("%s", (_name, edit) => {
    expect(() => emitAll(lower(hostileProgram()).graph)).not.toThrow();
    expect(() => emitAll(graphWith(edit))).toThrow(NumberFormatError);
  });
});
