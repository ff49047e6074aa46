/** Lowering fills defaults from the project and the DSL docs, and derives trigger task ids. */
import { describe, expect, it } from "vitest";
import { airflowConnection, externalDag, image, k8sSecret, manual, pipeline, runDate, template, variable } from "../../../dsl/index.ts";
import { lowerAll, pipelineOf, relativeFile, taskOf, testProject } from "./helpers.ts";

const FILE = relativeFile(import.meta.url);

describe("pipeline defaults", () => {
  it("fill what the pipeline leaves out from the project, with the DSL's documented defaults", () => {
    const platform = testProject();
    const p = pipeline({ id: "bare", schedule: manual, tasks: (t) => void t.marker("only") });
    const { graph, diagnostics } = lowerAll(platform, [p], FILE);
    expect(diagnostics).toEqual([]);
    expect(pipelineOf(graph, "bare")).toMatchObject({
      id: "bare",
      dagId: "acme__bare",
      file: FILE,
      description: undefined,
      schedule: { kind: "manual" },
      tags: [],
      catchup: false,
      maxActiveRuns: 1,
      dependsOnPast: false,
      retries: 0,
      retryDelaySeconds: 300,
      owner: "airflow",
      startDate: "2025-08-24",
    });
    expect(graph.project).toMatchObject({ id: "acme", owner: "airflow", retries: 0, retryDelaySeconds: 300, handoff: "trigger", namespace: "lake" });
  });

  it("take the project's owner, retries and retry delay", () => {
    const platform = testProject({ owner: "data-team", retries: 2, retryDelaySeconds: 60 });
    const p = pipeline({ id: "inherits", schedule: manual, tasks: (t) => void t.marker("only") });
    expect(pipelineOf(lowerAll(platform, [p], FILE).graph, "inherits")).toMatchObject({ owner: "data-team", retries: 2, retryDelaySeconds: 60 });
  });

  it("let the pipeline override every default", () => {
    const platform = testProject({ owner: "data-team", retries: 2, retryDelaySeconds: 60 });
    const p = pipeline({
      id: "custom",
      description: "Does things.\nSecond line.",
      schedule: manual,
      tags: ["layer:bronze", "layer:bronze", "team:x"],
      catchup: true,
      maxActiveRuns: 3,
      dependsOnPast: true,
      retries: 5,
      retryDelaySeconds: 10,
      owner: "alice",
      tasks: (t) => void t.marker("only"),
    });
    expect(pipelineOf(lowerAll(platform, [p], FILE).graph, "custom")).toMatchObject({
      description: "Does things.\nSecond line.",
      tags: ["layer:bronze", "team:x"],
      catchup: true,
      maxActiveRuns: 3,
      dependsOnPast: true,
      retries: 5,
      retryDelaySeconds: 10,
      owner: "alice",
    });
  });
});

describe("task defaults", () => {
  const platform = testProject({
    images: { tool: image("ghcr.io/acme/tool", { tag: variable("release", "1.0") }) },
    secrets: { pg: k8sSecret("pg", "password") },
    connections: { api: airflowConnection("acme_api") },
    placement: { nodeSelector: { zone: "b", "kubernetes.io/hostname": "node4" }, serviceAccount: "airflow-worker", imagePullSecrets: ["ghcr-pull"] },
  });
  const p = pipeline({
    id: "tasks",
    schedule: manual,
    tasks: (t) => {
      const a = t.marker("a");
      const b = t.marker("b", { retries: 4, retryDelaySeconds: 7, dependsOnPast: true, doc: "B", triggerRule: "allDone" });
      t.join("j", { after: [a, b] });
      t.pod("run__pre_raw__Daily.x", { image: platform.images.tool, args: ["--date", runDate], env: { PGPASSWORD: platform.secrets.pg, MODE: "full", WHEN: template`d=${runDate}` } });
      t.http("call", { connection: platform.connections.api, endpoint: "/x", body: { b: 1, a: [true, null] } });
      t.waitForHttp("poll", { connection: platform.connections.api, endpoint: "/s", until: { field: "state", equals: "done" } });
    },
  });
  const { graph, diagnostics } = lowerAll(platform, [p], FILE);
  const ir = pipelineOf(graph, "tasks");

  it("lowers without diagnostics", () => {
    expect(diagnostics).toEqual([]);
  });

  it("markers: all_success, no overrides, no outlets", () => {
    const a = taskOf(ir, "a");
    expect(a).toEqual({ kind: "marker", id: "a", origin: expect.objectContaining({ file: FILE }), upstream: [], triggerRule: "all_success", inlets: [], outlets: [], reads: [], writes: [] });
    expect(taskOf(ir, "b")).toMatchObject({ retries: 4, retryDelaySeconds: 7, dependsOnPast: true, doc: "B", triggerRule: "all_done" });
  });

  it("joins default to none_failed_min_one_success", () => {
    expect(taskOf(ir, "j")).toMatchObject({ kind: "marker", triggerRule: "none_failed_min_one_success", upstream: ["a", "b"] });
  });

  it("pods take namespace, placement, pod name and startup timeout defaults", () => {
    expect(taskOf(ir, "run__pre_raw__Daily.x")).toMatchObject({
      kind: "pod",
      podName: "run-pre-raw-daily-x",
      namespace: "lake",
      image: { name: "tool", repository: "ghcr.io/acme/tool", tag: [{ kind: "variable", name: "release", default: "1.0" }], pullPolicy: "IfNotPresent" },
      command: [],
      args: [[{ kind: "literal", value: "--date" }], [{ kind: "runtime", name: "runDate" }]],
      env: [
        { name: "MODE", value: [{ kind: "literal", value: "full" }] },
        { name: "WHEN", value: [{ kind: "literal", value: "d=" }, { kind: "runtime", name: "runDate" }] },
      ],
      secretEnv: [{ name: "PGPASSWORD", secret: "pg", key: "password" }],
      resources: { requests: {}, limits: {} },
      serviceAccount: "airflow-worker",
      nodeSelector: { "kubernetes.io/hostname": "node4", zone: "b" },
      imagePullSecrets: ["ghcr-pull"],
      startupTimeoutSeconds: 120,
    });
  });

  it("http tasks: POST, the usual success codes, object bodies as sorted JSON with a content type", () => {
    expect(taskOf(ir, "call")).toMatchObject({
      kind: "http",
      connId: "acme_api",
      method: "POST",
      endpoint: [{ kind: "literal", value: "/x" }],
      body: { kind: "json", json: { kind: "object", entries: [{ name: "a", value: { kind: "array", items: [true, null] } }, { name: "b", value: 1 }] } },
      headers: { "Content-Type": "application/json" },
      expectStatus: [200, 201, 202, 204],
      captureField: undefined,
    });
  });

  it("polls: every 60 s for at most an hour", () => {
    expect(taskOf(ir, "poll")).toMatchObject({ kind: "httpPoll", connId: "acme_api", everySeconds: 60, timeoutSeconds: 3600, field: "state", until: { kind: "equals", value: "done" }, headers: {} });
  });
});

describe("trigger tasks", () => {
  const platform = testProject();
  const target = pipeline({ id: "raw_landing__daily", schedule: manual, tasks: (t) => void t.marker("m") });
  const p = pipeline({
    id: "starter",
    schedule: manual,
    tasks: (t) => {
      t.trigger(target);
      t.trigger(externalDag("acme__hand_written__daily"));
      t.trigger(externalDag("other_team__their_dag"));
      t.trigger(target, { id: "kick_again", wait: true, pollSeconds: 30, resetDagRun: false });
    },
  });
  const { graph, diagnostics } = lowerAll(platform, [target, p], FILE);
  const ir = pipelineOf(graph, "starter");

  it("derive their id from the target dag id without the project prefix", () => {
    expect(diagnostics).toEqual([]);
    expect(ir.tasks.map((t) => t.id)).toEqual(["trigger__raw_landing__daily", "trigger__hand_written__daily", "trigger__other_team__their_dag", "kick_again"]);
  });

  it("default to fire-and-forget with reset, polling every 60 s when waiting", () => {
    expect(taskOf(ir, "trigger__raw_landing__daily")).toMatchObject({ kind: "trigger", targetDagId: "acme__raw_landing__daily", wait: false, pollSeconds: 60, resetDagRun: true });
    expect(taskOf(ir, "trigger__other_team__their_dag")).toMatchObject({ targetDagId: "other_team__their_dag" });
    expect(taskOf(ir, "kick_again")).toMatchObject({ targetDagId: "acme__raw_landing__daily", wait: true, pollSeconds: 30, resetDagRun: false });
  });
});
