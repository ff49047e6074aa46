/** `schedule: after(...)` wiring in both modes: trigger tasks appended upstream, or assets. */
import { describe, expect, it } from "vitest";
import { after, externalDag, manual, pipeline, type Upstream } from "../../../dsl/index.ts";
import { lineOf, lowerAll, pipelineOf, relativeFile, taskOf, testProject } from "./helpers.ts";

const FILE = relativeFile(import.meta.url);

/** up: a → b, plus c on its own (two sinks: b and c). */
const makeUp = () =>
  pipeline({
    id: "up__daily",
    schedule: manual,
    tasks: (t) => {
      const a = t.marker("a");
      t.marker("b", { after: [a] });
      t.marker("c");
    },
  });

describe("trigger hand-offs (default)", () => {
  const platform = testProject();
  const up = makeUp();
  const down = pipeline({ id: "down__daily", schedule: after(up), tasks: (t) => void t.marker("m") }); // @down
  const { graph, diagnostics } = lowerAll(platform, [down, up], FILE);

  it("append a trigger task after every final task of the upstream pipeline", () => {
    expect(diagnostics).toEqual([]);
    const ir = pipelineOf(graph, "up__daily");
    expect(ir.tasks.map((t) => t.id)).toEqual(["a", "b", "c", "trigger__down__daily"]);
    expect(taskOf(ir, "trigger__down__daily")).toEqual({
      kind: "trigger",
      id: "trigger__down__daily",
      origin: { file: FILE, line: lineOf(import.meta.url, "// @down"), column: expect.any(Number) },
      upstream: ["b", "c"],
      triggerRule: "all_success",
      inlets: [],
      outlets: [],
      reads: [],
      writes: [],
      targetDagId: "acme__down__daily",
      wait: false,
      pollSeconds: 60,
      resetDagRun: true,
    });
  });

  it("schedule the downstream pipeline as triggered by the upstream", () => {
    expect(pipelineOf(graph, "down__daily").schedule).toEqual({ kind: "triggered", by: ["acme__up__daily"] });
    expect(pipelineOf(graph, "down__daily").tasks.map((t) => t.id)).toEqual(["m"]);
  });

  it("do not add a second trigger when the author already placed it", () => {
    const up2 = pipeline({
      id: "up2",
      schedule: manual,
      tasks: (t) => {
        const a = t.marker("a");
        t.trigger(externalDag("acme__down2"), { after: [a], wait: true });
      },
    });
    const down2 = pipeline({ id: "down2", schedule: after(up2), tasks: (t) => void t.marker("m") });
    const { graph: g, diagnostics: ds } = lowerAll(platform, [up2, down2], FILE);
    expect(ds).toEqual([]);
    const ir = pipelineOf(g, "up2");
    expect(ir.tasks.map((t) => t.id)).toEqual(["a", "trigger__down2"]);
    expect(taskOf(ir, "trigger__down2")).toMatchObject({ wait: true });
  });

  it("chain through several pipelines", () => {
    const p1 = pipeline({ id: "p1", schedule: manual, tasks: (t) => void t.marker("x") });
    const p2 = pipeline({ id: "p2", schedule: after(p1), tasks: (t) => void t.marker("x") });
    const p3 = pipeline({ id: "p3", schedule: after(p2), tasks: (t) => void t.marker("x") });
    const { graph: g, diagnostics: ds } = lowerAll(platform, [p3, p1, p2], FILE);
    expect(ds).toEqual([]);
    expect(pipelineOf(g, "p1").tasks.map((t) => t.id)).toEqual(["x", "trigger__p2"]);
    expect(pipelineOf(g, "p2").tasks.map((t) => t.id)).toEqual(["x", "trigger__p3"]);
    expect(pipelineOf(g, "p3").tasks.map((t) => t.id)).toEqual(["x"]);
    expect(pipelineOf(g, "p3").schedule).toEqual({ kind: "triggered", by: ["acme__p2"] });
  });
});

describe("asset hand-offs", () => {
  const platform = testProject({ handoff: "asset" });
  const up = makeUp();
  const other = pipeline({ id: "other", schedule: manual, tasks: (t) => void t.marker("z") });
  const down = pipeline({ id: "down__daily", schedule: after(up, other), tasks: (t) => void t.marker("m") });
  const { graph, diagnostics } = lowerAll(platform, [down, other, up], FILE);

  it("publish each upstream's asset once, after all its final tasks succeeded", () => {
    expect(diagnostics).toEqual([]);
    const ir = pipelineOf(graph, "up__daily");
    // Two final tasks (b, c): a join publishes, so a partial success never starts the downstream.
    expect(ir.tasks.map((t) => t.id)).toEqual(["a", "b", "c", "handoff__done"]); // no trigger task
    expect(taskOf(ir, "a").outlets).toEqual([]);
    expect(taskOf(ir, "b").outlets).toEqual([]);
    expect(taskOf(ir, "c").outlets).toEqual([]);
    expect(taskOf(ir, "handoff__done").upstream).toEqual(["b", "c"]);
    expect(taskOf(ir, "handoff__done").triggerRule).toBe("all_success");
    expect(taskOf(ir, "handoff__done").outlets).toEqual(["pipeline://acme/acme__up__daily"]);
    expect(taskOf(pipelineOf(graph, "other"), "z").outlets).toEqual(["pipeline://acme/acme__other"]);
  });

  it("schedule the downstream pipeline on all upstream assets, sorted", () => {
    expect(pipelineOf(graph, "down__daily").schedule).toEqual({ kind: "assets", assets: ["pipeline://acme/acme__other", "pipeline://acme/acme__up__daily"], datasets: [] });
  });

  it("publish an upstream's asset once even with several downstream pipelines", () => {
    const u = pipeline({ id: "u", schedule: manual, tasks: (t) => void t.marker("x") });
    const d1 = pipeline({ id: "d1", schedule: after(u), tasks: (t) => void t.marker("x") });
    const d2 = pipeline({ id: "d2", schedule: after(u), tasks: (t) => void t.marker("x") });
    const { graph: g } = lowerAll(platform, [u, d1, d2], FILE);
    expect(taskOf(pipelineOf(g, "u"), "x").outlets).toEqual(["pipeline://acme/acme__u"]);
  });

  it("the sinks are computed before a forward-referenced task joins the graph", () => {
    const late: Upstream[] = [];
    const u = pipeline({
      id: "fw",
      schedule: manual,
      tasks: (t) => {
        const last = t.marker("last", { after: late });
        void last;
        late.push(t.marker("first"));
      },
    });
    const d = pipeline({ id: "fw_down", schedule: after(u), tasks: (t) => void t.marker("x") });
    const { graph: g } = lowerAll(platform, [u, d], FILE);
    const ir = pipelineOf(g, "fw");
    expect(ir.tasks.map((t) => t.id)).toEqual(["first", "last"]);
    expect(taskOf(ir, "last").outlets).toEqual(["pipeline://acme/acme__fw"]);
    expect(taskOf(ir, "first").outlets).toEqual([]);
  });
});
