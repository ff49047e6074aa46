/** The IR after lowering: deeply frozen, plain JSON data (no DSL objects, symbols or functions), versioned. */
import { describe, expect, it } from "vitest";
import {
  after, airflowConnection, anyOf, image, k8sSecret, manual, pipeline, runDate, template, variable, variableFlag, weekday,
} from "../../../dsl/index.ts";
import { IR_VERSION, type IrGraph } from "../../../generators/ir/types.ts";
import { lineOf, lowerAll, relativeFile, testProject } from "./helpers.ts";

const FILE = relativeFile(import.meta.url);

function buildGraph(handoff: "trigger" | "asset"): IrGraph {
  const platform = testProject({
    handoff,
    images: { tool: image("ghcr.io/acme/tool", { tag: variable("release", "1.0") }) },
    secrets: { pg: k8sSecret("pg", "password") },
    connections: { api: airflowConnection("acme_api") },
    placement: { nodeSelector: { zone: "a" }, imagePullSecrets: ["pull"] },
  });
  const up = pipeline({
    id: "up",
    description: "Upstream",
    schedule: manual,
    tags: ["t"],
    tasks: (t) => {
      const b = t.branch("check", { when: anyOf(weekday("sunday"), variableFlag("flag")) });
      const pod = t.pod("pod", {
        image: platform.images.tool,
        args: ["--date", runDate, template`x=${variable("v", "d")}`],
        env: { PGPASSWORD: platform.secrets.pg, MODE: "full" },
        resources: { requests: { cpu: "1" } },
        after: [b.ifTrue],
      });
      const call = t.http("call", { connection: platform.connections.api, endpoint: "/x", body: { a: { b: [1] } }, captureField: "id", after: [pod] });
      t.waitForHttp("poll", { connection: platform.connections.api, endpoint: "/y", until: { field: "id", changedFrom: call }, after: [call] });
      t.marker("skip", { after: [b.ifFalse] });
    },
  });
  const down = pipeline({ id: "down", schedule: after(up), tasks: (t) => void t.marker("m") });
  const { graph, diagnostics } = lowerAll(platform, [up, down], FILE);
  expect(diagnostics).toEqual([]);
  return graph;
}

/** Every object and array reachable from `value`, with its path. */
function walk(value: unknown, at = "graph", out: [string, object][] = []): [string, object][] {
  if (value && typeof value === "object") {
    out.push([at, value]);
    for (const [k, v] of Object.entries(value)) walk(v, `${at}.${k}`, out);
  }
  return out;
}

describe.each(["trigger", "asset"] as const)("IR (%s hand-offs)", (handoff) => {
  const graph = buildGraph(handoff);

  it("is versioned", () => {
    expect(graph.version).toBe(IR_VERSION);
  });

  it("is frozen all the way down", () => {
    const nodes = walk(graph);
    expect(nodes.length).toBeGreaterThan(50);
    const thawed = nodes.filter(([, v]) => !Object.isFrozen(v)).map(([at]) => at);
    expect(thawed).toEqual([]);
    expect(() => {
      (graph.pipelines[0]!.tasks as unknown[]).push({});
    }).toThrow(TypeError);
  });

  it("holds only plain data: no DSL objects, symbols, functions or class instances", () => {
    for (const [at, v] of walk(graph)) {
      const proto = Object.getPrototypeOf(v);
      expect(proto === Object.prototype || proto === Array.prototype, `${at} is a ${proto?.constructor?.name}`).toBe(true);
      expect(Object.getOwnPropertySymbols(v), at).toEqual([]);
      for (const [k, x] of Object.entries(v)) expect(["function", "symbol", "bigint"], `${at}.${k}`).not.toContain(typeof x);
    }
  });

  it("survives a JSON round trip unchanged", () => {
    expect(JSON.parse(JSON.stringify(graph))).toEqual(graph);
  });

  it("is the same for the same input", () => {
    expect(JSON.stringify(buildGraph(handoff))).toBe(JSON.stringify(graph));
  });
});

describe("source references", () => {
  it("name the declaring file relative to the root, with line and column", () => {
    const platform = testProject();
    const p = pipeline({ // @pipeline-line
      id: "where",
      schedule: manual,
      tasks: (t) => {
        t.marker("here"); // @task-line
      },
    });
    const { graph } = lowerAll(platform, [p], "pipelines/where.ts");
    const ir = graph.pipelines[0]!;
    expect(ir.file).toBe("pipelines/where.ts");
    expect(ir.origin).toEqual({ file: FILE, line: lineOf(import.meta.url, "// @pipeline-line"), column: 15 });
    expect(ir.tasks[0]!.origin).toEqual({ file: FILE, line: lineOf(import.meta.url, "// @task-line"), column: 11 });
    expect(graph.project.origin?.file).toBe("test/unit/lower/helpers.ts");
  });
});
