/**
 * Object bodies of http tasks: run-time values at any depth become JSON strings rendered by
 * Airflow, plain JSON is written exactly, and secret handles, other DSL objects and values JSON
 * cannot hold are refused (DS040–DS042) instead of being serialised.
 */
import { describe, expect, it } from "vitest";
import { airflowConnection, image, k8sSecret, manual, pipeline, runDate, template, tryNumber, variable } from "../../../dsl/index.ts";
import { writeHttp } from "../../../generators/airflow/operators/http.ts";
import { templatedLiteral } from "../../../generators/airflow/operators/text.ts";
import type { IrHttpTask } from "../../../generators/ir/types.ts";
import { brief, lineOf, lowerAll, pipelineOf, relativeFile, taskOf, testProject } from "./helpers.ts";

const FILE = relativeFile(import.meta.url);
const platform = testProject({
  images: { tool: image("ghcr.io/acme/tool", { tag: "1.0" }) },
  secrets: { token: k8sSecret("api", "token") },
  connections: { api: airflowConnection("acme_api") },
});

function lowerBody(body: unknown) {
  const p = pipeline({ id: "api", schedule: manual, tasks: (t) => void t.http("call", { connection: platform.connections.api, endpoint: "/x", body: body as never }) }); // @call
  const { graph, diagnostics } = lowerAll(platform, [p], FILE);
  return { task: taskOf(pipelineOf(graph, "api"), "call") as IrHttpTask, diagnostics, graph };
}
const dataOf = (task: IrHttpTask) => writeHttp(task, {} as never).kwargs.find(([k]) => k === "data")?.[1];

describe("object bodies", () => {
  it("are written exactly, keys sorted, when they hold plain JSON", () => {
    const { task, diagnostics } = lowerBody({ b: 1, a: [true, null, "x", -2.5], c: { d: "é \"q\"" } });
    expect(diagnostics).toEqual([]);
    expect(dataOf(task)).toBe(templatedLiteral('{"a":[true,null,"x",-2.5],"b":1,"c":{"d":"é \\"q\\""}}'));
    expect(task.headers).toEqual({ "Content-Type": "application/json" });
  });

  it("render run-time values at any depth as JSON strings through Jinja's tojson", () => {
    const { task, diagnostics } = lowerBody({ date: runDate, nested: { list: [template`day ${runDate}`, variable("env", "prod"), tryNumber] } });
    expect(diagnostics).toEqual([]);
    expect(dataOf(task)).toBe(
      `"{{ {'date': (((logical_date or dag_run.run_after) | ds) | string), 'nested': {'list': [('day ' ~ ((logical_date or dag_run.run_after) | ds)), ((var.value.get('env', 'prod')) | string), ((ti.try_number) | string)]}} | tojson }}"`,
    );
  });

  it("never carry a secret handle (nor its file path): DS040 at the task", () => {
    const { task, diagnostics } = lowerBody({ auth: { token: platform.secrets.token } });
    expect(brief(diagnostics)).toEqual([{ code: "DS040", file: FILE, line: lineOf(import.meta.url, "// @call"), message: "body.auth.token of task 'call' is a secret handle; a secret is never written into a body" }]);
    expect(JSON.stringify(task.body)).not.toContain(FILE);
    expect(JSON.stringify(task.body)).not.toContain("origin");
  });

  it("refuse other DSL objects (DS041) and values JSON cannot hold (DS042)", () => {
    expect(brief(lowerBody({ img: platform.images.tool }).diagnostics).map((d) => [d.code, d.message])).toEqual([["DS041", "body.img of task 'call' is a image object, not a JSON value"]]);
    class Point { x = 1; }
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const cases: [unknown, string][] = [
      [{ f: () => 1 }, "body.f of task 'call' is a function, which JSON cannot hold"],
      [{ u: undefined }, "body.u of task 'call' is undefined, which JSON cannot hold"],
      [{ n: Number.NaN }, "body.n of task 'call' is NaN, which JSON cannot hold"],
      [{ i: [Infinity] }, "body.i[0] of task 'call' is Infinity, which JSON cannot hold"],
      [{ d: new Date(0) }, "body.d of task 'call' is a Date, which JSON cannot hold"],
      [{ p: new Point() }, "body.p of task 'call' is a Point, which JSON cannot hold"],
      [{ b: 1n }, "body.b of task 'call' is a bigint, which JSON cannot hold"],
      [cyclic, "body.self of task 'call' refers back to itself"],
    ];
    for (const [body, message] of cases) expect(lowerBody(body).diagnostics.map((d) => [d.code, d.message])).toEqual([["DS042", message]]);
  });

  it("text bodies stay text", () => {
    const { task } = lowerBody(template`ready ${runDate}`);
    expect(task.body).toEqual({ kind: "text", text: [{ kind: "literal", value: "ready " }, { kind: "runtime", name: "runDate" }] });
    expect(task.headers).toEqual({});
  });
});
