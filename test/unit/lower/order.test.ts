/** Topological task order (ties in declaration order), pipelines sorted by dag id, and branch paths. */
import { describe, expect, it } from "vitest";
import { anyOf, manual, pipeline, variableFlag, weekday, type Upstream } from "../../../dsl/index.ts";
import { lowerAll, pipelineOf, relativeFile, taskOf, testProject } from "./helpers.ts";

const FILE = relativeFile(import.meta.url);
const platform = testProject();

describe("task order", () => {
  it("keeps declaration order when it is already topological", () => {
    const p = pipeline({
      id: "p",
      schedule: manual,
      tasks: (t) => {
        const d1 = t.marker("d1");
        t.marker("d2", { after: [d1] });
        t.marker("d3");
        t.marker("d0");
      },
    });
    expect(pipelineOf(lowerAll(platform, [p], FILE).graph, "p").tasks.map((t) => t.id)).toEqual(["d1", "d2", "d3", "d0"]);
  });

  it("moves a task after upstream tasks declared later, other ties in declaration order", () => {
    const late: Upstream[] = []; // filled after the tasks exist: a forward reference
    const p = pipeline({
      id: "p",
      schedule: manual,
      tasks: (t) => {
        t.marker("z_runs_last", { after: late });
        const m = t.marker("m");
        const a = t.marker("a");
        t.marker("after_m", { after: [m] });
        t.marker("b");
        late.push(a, m);
      },
    });
    const { graph, diagnostics } = lowerAll(platform, [p], FILE);
    expect(diagnostics).toEqual([]);
    const ir = pipelineOf(graph, "p");
    expect(ir.tasks.map((t) => t.id)).toEqual(["m", "a", "z_runs_last", "after_m", "b"]);
    expect(taskOf(ir, "z_runs_last").upstream).toEqual(["a", "m"]); // upstream ids sorted
  });

  it("sorts pipelines by dag id, whatever the input order", () => {
    const mk = (id: string) => pipeline({ id, schedule: manual, tasks: (t) => void t.marker("x") });
    const ps = [mk("zeta"), mk("alpha"), mk("Beta"), mk("mid")];
    const { graph } = lowerAll(platform, ps, FILE);
    expect(graph.pipelines.map((p) => p.dagId)).toEqual(["acme__Beta", "acme__alpha", "acme__mid", "acme__zeta"]);
    const reversed = lowerAll(platform, [...ps].reverse(), FILE).graph;
    expect(JSON.stringify(reversed)).toBe(JSON.stringify(graph));
  });
});

describe("branches", () => {
  const p = pipeline({
    id: "cleanup",
    schedule: manual,
    tasks: (t) => {
      const check = t.branch("check", { when: anyOf(weekday("sunday", "monday", "sunday"), variableFlag("bronze_optimization")) });
      const go = t.marker("go", { after: [check.ifTrue] });
      t.marker("also_go", { after: [check.ifTrue] });
      const skip = t.marker("skip", { after: [check.ifFalse] });
      t.join("done", { after: [go, skip] });
    },
  });
  const { graph, diagnostics } = lowerAll(platform, [p], FILE);
  const ir = pipelineOf(graph, "cleanup");

  it("record the direct downstream tasks of each path, sorted", () => {
    expect(diagnostics).toEqual([]);
    expect(taskOf(ir, "check")).toMatchObject({ kind: "branch", ifTrue: ["also_go", "go"], ifFalse: ["skip"], upstream: [] });
  });

  it("make the branch an upstream of the tasks on its paths", () => {
    expect(taskOf(ir, "go").upstream).toEqual(["check"]);
    expect(taskOf(ir, "skip").upstream).toEqual(["check"]);
    expect(taskOf(ir, "done")).toMatchObject({ upstream: ["go", "skip"], triggerRule: "none_failed_min_one_success" });
  });

  it("lower conditions with ISO weekdays (Monday = 1, Sunday = 7), deduplicated and sorted", () => {
    expect(taskOf(ir, "check")).toMatchObject({
      condition: { kind: "anyOf", conditions: [{ kind: "weekday", days: [1, 7] }, { kind: "variableFlag", name: "bronze_optimization", default: false }] },
    });
  });

  it("a branch whose paths nobody follows has empty paths", () => {
    const q = pipeline({ id: "lonely", schedule: manual, tasks: (t) => void t.branch("b", { when: variableFlag("x", true) }) });
    expect(taskOf(pipelineOf(lowerAll(platform, [q], FILE).graph, "lonely"), "b")).toMatchObject({ ifTrue: [], ifFalse: [], condition: { kind: "variableFlag", name: "x", default: true } });
  });
});
