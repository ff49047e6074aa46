/**
 * Graph and handle diagnostics found while lowering: GR001–GR010 and DS001–DS005, each with the
 * test file's path and the line of the declaration at fault.
 */
import { describe, expect, it } from "vitest";
import {
  after, airflowConnection, externalDag, image, k8sSecret, manual, pipeline, variableFlag,
  type Pipeline, type Task, type Upstream,
} from "../../../dsl/index.ts";
import { KIND } from "../../../dsl/internal/origin.ts";
import { CATALOG } from "../../../generators/diagnostics/catalog.ts";
import { brief, lineOf, lowerAll, pipelineOf, relativeFile, testProject } from "./helpers.ts";

const FILE = relativeFile(import.meta.url);
const at = (marker: string) => lineOf(import.meta.url, marker);
const platform = testProject({
  images: { tool: image("ghcr.io/acme/tool") },
  secrets: { pg: k8sSecret("pg", "password") },
  connections: { api: airflowConnection("acme_api") },
});

describe("GR002 duplicate task id", () => {
  it("reports the second declaration, points at the first, and keeps the first", () => {
    const p = pipeline({
      id: "dups",
      schedule: manual,
      tasks: (t) => {
        t.marker("same"); // @first
        t.marker("same", { doc: "second" }); // @second
      },
    });
    const { graph, diagnostics } = lowerAll(platform, [p], FILE);
    expect(brief(diagnostics)).toEqual([{ code: "GR002", file: FILE, line: at("// @second"), message: "task id 'same' is declared twice in pipeline 'dups'" }]);
    expect(diagnostics[0]!.hints).toEqual([`first declared at ${FILE}:${at("// @first")}`, CATALOG.GR002.hint]);
    expect(pipelineOf(graph, "dups").tasks).toHaveLength(1);
    expect(pipelineOf(graph, "dups").tasks[0]).not.toHaveProperty("doc");
  });

  it("also catches a derived trigger id that clashes with a declared one", () => {
    const p = pipeline({
      id: "clash",
      schedule: manual,
      tasks: (t) => {
        t.marker("trigger__other");
        t.trigger(externalDag("acme__other")); // @derived
      },
    });
    expect(brief(lowerAll(platform, [p], FILE).diagnostics)).toEqual([{ code: "GR002", file: FILE, line: at("// @derived"), message: "task id 'trigger__other' is declared twice in pipeline 'clash'" }]);
  });
});

describe("GR003 dependency on a task of another pipeline", () => {
  it("names both pipelines", () => {
    let foreign: Task | undefined;
    const one = pipeline({ id: "one", schedule: manual, tasks: (t) => void (foreign = t.marker("x")) });
    const two = pipeline({
      id: "two",
      schedule: manual,
      tasks: (t) => void t.marker("y", { after: [foreign!] }), // @cross
    });
    expect(brief(lowerAll(platform, [one, two], FILE).diagnostics)).toEqual([
      { code: "GR003", file: FILE, line: at("// @cross"), message: "task 'y' follows 'x', which is not a task of pipeline 'two' (it belongs to 'one')" },
    ]);
  });
});

describe("GR004 cycle between tasks", () => {
  it("names the tasks on the cycle and still keeps every task", () => {
    const late: Upstream[] = [];
    const p = pipeline({
      id: "loop",
      schedule: manual,
      tasks: (t) => {
        t.marker("start");
        const a = t.marker("a", { after: late }); // @a
        const b = t.marker("b", { after: [a] }); // @b
        late.push(b);
      },
    });
    const { graph, diagnostics } = lowerAll(platform, [p], FILE);
    expect(brief(diagnostics)).toEqual([{ code: "GR004", file: FILE, line: at("// @b"), message: "tasks 'b' → 'a' → 'b' in pipeline 'loop' form a cycle" }]);
    expect(pipelineOf(graph, "loop").tasks.map((t) => t.id)).toEqual(["start", "a", "b"]);
  });

  it("finds a self-loop", () => {
    const late: Upstream[] = [];
    const p = pipeline({
      id: "self",
      schedule: manual,
      tasks: (t) => void late.push(t.marker("me", { after: late })), // @self
    });
    expect(brief(lowerAll(platform, [p], FILE).diagnostics)).toEqual([{ code: "GR004", file: FILE, line: at("// @self"), message: "tasks 'me' → 'me' in pipeline 'self' form a cycle" }]);
  });
});

describe("GR005 cycle between pipelines", () => {
  it("through trigger tasks", () => {
    const one = pipeline({ id: "one", schedule: manual, tasks: (t) => void t.trigger(externalDag("acme__two")) }); // @one
    const two = pipeline({ id: "two", schedule: manual, tasks: (t) => void t.trigger(one) }); // @two
    const ds = brief(lowerAll(platform, [one, two], FILE).diagnostics);
    expect(ds).toEqual([{ code: "GR005", file: FILE, line: expect.any(Number), message: expect.stringMatching(/^pipelines '(one|two)' → '(one|two)' → '\1' hand off to each other \(cycle\)$/) }]);
    // Reported at the pipeline the message starts with.
    const first = /^pipelines '(\w+)'/.exec(ds[0]!.message)![1]!;
    expect(ds[0]!.line).toBe(at(`// @${first}`));
  });

  it.each(["trigger", "asset"] as const)("through after(...) hand-offs (%s mode)", (handoff) => {
    const proj = testProject({ handoff });
    // after(...) is frozen, so the DSL cannot write this loop; lowering still refuses a hand-made one.
    const upstream: Pipeline[] = [];
    const one: Pipeline = { ...pipeline({ id: "one", schedule: manual, tasks: (t) => void t.marker("m") }), schedule: { [KIND]: "schedule", kind: "after", upstream } };
    const two = pipeline({ id: "two", schedule: after(one), tasks: (t) => void t.marker("m") });
    upstream.push(two);
    const ds = brief(lowerAll(proj, [one, two], FILE).diagnostics);
    expect(ds.map((d) => d.code)).toEqual(["GR005"]);
    expect(ds[0]!.message).toMatch(/'one'.*'two'|'two'.*'one'/);
  });
});

describe("GR006 task follows a branch without choosing a path", () => {
  it("is reported at the follower", () => {
    const p = pipeline({
      id: "br",
      schedule: manual,
      tasks: (t) => {
        const b = t.branch("check", { when: variableFlag("x") });
        t.marker("follower", { after: [b] }); // @follower
        t.marker("fine", { after: [b.ifFalse] });
      },
    });
    expect(brief(lowerAll(platform, [p], FILE).diagnostics)).toEqual([{ code: "GR006", file: FILE, line: at("// @follower"), message: "task 'follower' follows branch 'check' without choosing a path" }]);
  });
});

describe("GR007 reference to a pipeline that is not part of the project", () => {
  const ghost = pipeline({ id: "ghost", schedule: manual, tasks: (t) => void t.marker("m") });

  it("for after(...)", () => {
    const p = pipeline({ id: "down", schedule: after(ghost), tasks: (t) => void t.marker("m") }); // @after-ghost
    const { graph, diagnostics } = lowerAll(platform, [p], FILE);
    expect(brief(diagnostics)).toEqual([{ code: "GR007", file: FILE, line: at("// @after-ghost"), message: "pipeline 'down' runs after pipeline 'ghost', which is not exported from any file in pipelines/" }]);
    expect(pipelineOf(graph, "down").schedule).toEqual({ kind: "triggered", by: [] });
  });

  it("for a trigger task", () => {
    const p = pipeline({
      id: "starter",
      schedule: manual,
      tasks: (t) => void t.trigger(ghost), // @trigger-ghost
    });
    const { graph, diagnostics } = lowerAll(platform, [p], FILE);
    expect(brief(diagnostics)).toEqual([{ code: "GR007", file: FILE, line: at("// @trigger-ghost"), message: "a trigger task triggers pipeline 'ghost', which is not exported from any file in pipelines/" }]);
    expect(pipelineOf(graph, "starter").tasks[0]).toMatchObject({ id: "trigger__ghost", targetDagId: "acme__ghost" });
  });
});

describe("GR008 pipeline has no tasks", () => {
  it("is reported at the pipeline", () => {
    const p = pipeline({ id: "empty", schedule: manual, tasks: () => {} }); // @empty
    expect(brief(lowerAll(platform, [p], FILE).diagnostics)).toEqual([{ code: "GR008", file: FILE, line: at("// @empty"), message: "pipeline 'empty' declares no tasks" }]);
  });

  it("is not piled on when the tasks function threw (DS002)", () => {
    const p = pipeline({ // @throws
      id: "throws",
      schedule: manual,
      tasks: () => {
        throw new Error("boom");
      },
    });
    const ds = brief(lowerAll(platform, [p], FILE).diagnostics);
    expect(ds).toEqual([{ code: "DS002", file: FILE, line: at("// @throws"), message: "pipeline 'throws': declaring its tasks failed: boom" }]);
  });
});

describe("GR010 triggered by several pipelines", () => {
  const mk = (id: string) => pipeline({ id, schedule: manual, tasks: (t) => void t.marker("m") });

  it("is an error with trigger hand-offs", () => {
    const a = mk("a");
    const b = mk("b");
    const down = pipeline({ id: "down", schedule: after(a, b), tasks: (t) => void t.marker("m") }); // @gr010
    const { graph, diagnostics } = lowerAll(platform, [a, b, down], FILE);
    expect(brief(diagnostics)).toEqual([{ code: "GR010", file: FILE, line: at("// @gr010"), message: "pipeline 'down' runs after 2 pipelines with trigger hand-offs, so it would run once per upstream" }]);
    expect(pipelineOf(graph, "down").schedule).toEqual({ kind: "triggered", by: ["acme__a", "acme__b"] });
  });

  it("is fine with asset hand-offs", () => {
    const proj = testProject({ handoff: "asset" });
    const a = mk("a");
    const b = mk("b");
    const down = pipeline({ id: "down", schedule: after(b, a), tasks: (t) => void t.marker("m") });
    const { graph, diagnostics } = lowerAll(proj, [a, b, down], FILE);
    expect(diagnostics).toEqual([]);
    expect(pipelineOf(graph, "down").schedule).toEqual({ kind: "assets", assets: ["pipeline://acme/acme__a", "pipeline://acme/acme__b"], datasets: [] });
  });
});

describe("GR001 duplicate pipeline id", () => {
  it("keeps the first and points at it", () => {
    const first = pipeline({ id: "twice", schedule: manual, tasks: (t) => void t.marker("a") }); // @p-first
    const second = pipeline({ id: "twice", schedule: manual, tasks: (t) => void t.marker("b") }); // @p-second
    const { graph, diagnostics } = lowerAll(platform, [first, second], FILE);
    expect(brief(diagnostics)).toEqual([{ code: "GR001", file: FILE, line: at("// @p-second"), message: "pipeline id 'twice' is declared twice" }]);
    expect(diagnostics[0]!.hints[0]).toBe(`first declared at ${FILE}:${at("// @p-first")}`);
    expect(graph.pipelines.map((p) => p.tasks[0]!.id)).toEqual(["a"]);
  });
});

describe("DS003 / DS004 / DS005 handles that are not registered in the project", () => {
  const strayImage = image("ghcr.io/elsewhere/tool");
  const straySecret = k8sSecret("stray", "key");
  const strayConnection = airflowConnection("stray_api");

  it("reports each at the task that uses it", () => {
    const p = pipeline({
      id: "stray",
      schedule: manual,
      tasks: (t) => {
        t.pod("img", { image: strayImage }); // @ds003
        t.pod("sec", { image: platform.images.tool, env: { PGPASSWORD: straySecret } }); // @ds004
        t.http("conn", { connection: strayConnection, endpoint: "/x" }); // @ds005
        t.waitForHttp("poll", { connection: strayConnection, endpoint: "/y", until: { field: "s", equals: 1 } }); // @ds005-poll
        t.pod("ok", { image: platform.images.tool, env: { PGPASSWORD: platform.secrets.pg } });
        t.http("ok_http", { connection: platform.connections.api, endpoint: "/x" });
      },
    });
    expect(brief(lowerAll(platform, [p], FILE).diagnostics)).toEqual([
      { code: "DS003", file: FILE, line: at("// @ds003"), message: "task 'img' uses an image ('ghcr.io/elsewhere/tool') that is not in the project's images" },
      { code: "DS004", file: FILE, line: at("// @ds004"), message: "env 'PGPASSWORD' of task 'sec' uses a secret ('stray') that is not in the project's secrets" },
      { code: "DS005", file: FILE, line: at("// @ds005"), message: "task 'conn' uses a connection that is not in the project's connections" },
      { code: "DS005", file: FILE, line: at("// @ds005-poll"), message: "task 'poll' uses a connection that is not in the project's connections" },
    ]);
  });

  it("an identical handle that is a different object is still unknown (identity, not value)", () => {
    const lookalike = image("ghcr.io/acme/tool");
    const p = pipeline({ id: "lookalike", schedule: manual, tasks: (t) => void t.pod("img", { image: lookalike }) });
    expect(brief(lowerAll(platform, [p], FILE).diagnostics).map((d) => d.code)).toEqual(["DS003"]);
  });
});

describe("DS001 invalid values from the DSL", () => {
  it("carry the line of the builder call", () => {
    const p = pipeline({ id: "bad_values", schedule: manual, maxActiveRuns: 0, tasks: (t) => void t.marker("a", { retries: -1 }) }); // @ds001
    const ds = brief(lowerAll(platform, [p], FILE).diagnostics);
    expect(ds).toEqual([
      { code: "DS001", file: FILE, line: at("// @ds001"), message: expect.stringMatching(/^pipeline 'bad_values': 'maxActiveRuns' /) },
      { code: "DS001", file: FILE, line: at("// @ds001"), message: expect.stringMatching(/^task 'a': 'retries' /) },
    ]);
  });
});

describe("all problems at once", () => {
  it("are collected and sorted by file, line and code", () => {
    const late: Upstream[] = [];
    const p = pipeline({
      id: "many",
      schedule: manual,
      tasks: (t) => {
        t.pod("img", { image: image("ghcr.io/x/y") });
        t.marker("img");
        const a = t.marker("a", { after: late });
        late.push(t.marker("b", { after: [a] }));
      },
    });
    const ds = lowerAll(platform, [p, pipeline({ id: "empty2", schedule: manual, tasks: () => {} })], FILE).diagnostics;
    expect(ds.map((d) => d.code).sort()).toEqual(["DS003", "GR002", "GR004", "GR008"]);
    const keys = ds.map((d) => [d.location!.line, d.location!.column]);
    expect(keys).toEqual([...keys].sort((x, y) => x[0]! - y[0]! || x[1]! - y[1]!));
  });
});
