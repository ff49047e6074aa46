/**
 * Malformed builder arguments (authors who bypass the types) are one DS001 each at the call's
 * line, never a JavaScript error or a crash of the lowering (exit 2); a duplicate task id is one
 * GR002, not also a GR003 for the tasks that follow it.
 */
import { describe, expect, it } from "vitest";
import { after, bronzeLoad, dbtRun, landing, manual, pipeline, postgresSource, project, silverLoad, type Pipeline, type PipelineSpec, type TaskOptions } from "../../../dsl/index.ts";
import { brief, lineOf, lowerAll, pipelineOf, relativeFile, testProject } from "./helpers.ts";

const FILE = relativeFile(import.meta.url);
const at = (marker: string) => lineOf(import.meta.url, marker);
const platform = testProject();
const hostile = <T>(value: unknown): T => value as T;

describe("settings that are not an object", () => {
  it("t.marker(id, null) and t.pod(id, null): one DS001 each, not a DS002 with a JavaScript message", () => {
    const p = pipeline({
      id: "nulls",
      schedule: manual,
      tasks: (t) => {
        t.marker("m", hostile<TaskOptions>(null)); // @marker-null
        t.pod("p", hostile(null)); // @pod-null
        t.marker("s", hostile<TaskOptions>("after")); // @marker-string
      },
    });
    expect(brief(lowerAll(platform, [p], FILE).diagnostics)).toEqual([
      { code: "DS001", file: FILE, line: at("// @marker-null"), message: "task 'm': expected an object { ... } as settings, got null" },
      { code: "DS001", file: FILE, line: at("// @pod-null"), message: "task 'p': expected an object { ... } as settings, got null" },
      { code: "DS001", file: FILE, line: at("// @marker-string"), message: "task 's': expected an object { ... } as settings, got string" },
    ]);
  });

  it("pipeline(null): one DS001 at the call, no JavaScript message", () => {
    const p = pipeline(hostile<PipelineSpec>(null)); // @pipeline-null
    expect(brief(lowerAll(platform, [p], FILE).diagnostics)).toEqual([
      { code: "DS001", file: FILE, line: at("// @pipeline-null"), message: "pipeline settings: expected an object { ... } as settings, got null" },
    ]);
  });
});

describe("after that is not an array of tasks", () => {
  it("{ after: task } is one DS001 and lowering goes on (no crash)", () => {
    const p = pipeline({
      id: "after_object",
      schedule: manual,
      tasks: (t) => {
        const first = t.marker("first");
        t.marker("second", hostile<TaskOptions>({ after: first })); // @after-object
      },
    });
    const { graph, diagnostics } = lowerAll(platform, [p], FILE);
    expect(brief(diagnostics)).toEqual([{ code: "DS001", file: FILE, line: at("// @after-object"), message: "task 'second': 'after' Invalid input: expected array, received object" }]);
    expect(pipelineOf(graph, "after_object").tasks.map((t) => t.id)).toEqual(["first", "second"]);
  });

  it("an array holding something else than tasks is one DS001, no GR003 naming 'undefined'", () => {
    const p = pipeline({
      id: "after_junk",
      schedule: manual,
      tasks: (t) => {
        t.marker("x", hostile<TaskOptions>({ after: ["first"] })); // @after-junk
      },
    });
    const ds = brief(lowerAll(platform, [p], FILE).diagnostics);
    expect(ds.map((d) => `${d.code}:${d.line}`)).toEqual([`DS001:${at("// @after-junk")}`]);
  });
});

describe("GR002 is not followed by a false GR003", () => {
  it("a task after the duplicate follows the id it declared", () => {
    const p = pipeline({
      id: "dup_then_follow",
      schedule: manual,
      tasks: (t) => {
        const a = t.marker("m");
        const b = t.marker("m", { after: [a] }); // @dup
        t.marker("z", { after: [b] });
      },
    });
    const { graph, diagnostics } = lowerAll(platform, [p], FILE);
    expect(brief(diagnostics).map((d) => `${d.code}:${d.line}`)).toEqual([`GR002:${at("// @dup")}`]);
    expect(pipelineOf(graph, "dup_then_follow").tasks.find((t) => t.id === "z")!.upstream).toEqual(["m"]);
  });
});

describe("after(...) given something else than a pipeline", () => {
  it("after(undefined) is one DS001 naming the pipeline, not a GR007 about pipeline 'undefined'", () => {
    const p = pipeline({ id: "late", schedule: after(hostile<Pipeline>(undefined)), tasks: (t) => t.marker("m") }); // @after-undefined
    expect(brief(lowerAll(platform, [p], FILE).diagnostics)).toEqual([
      { code: "DS001", file: FILE, line: at("// @after-undefined"), message: "pipeline 'late': after(...) expects pipelines, got undefined" },
    ]);
  });
});

describe("other builders given settings that are not an object", () => {
  it("landing / bronzeLoad / silverLoad / dbtRun(null): one DS001 at the call, as pipeline(null)", () => {
    const ps = [
      landing(hostile(null)), // @landing-null
      bronzeLoad(hostile(7)), // @bronze-number
      silverLoad(hostile("x")), // @silver-string
      dbtRun(hostile(null)), // @dbt-run-null
    ];
    expect(brief(ps.flatMap((p) => lowerAll(platform, [p], FILE).diagnostics))).toEqual([
      { code: "DS001", file: FILE, line: at("// @landing-null"), message: "pipeline settings: expected an object { ... } as settings, got null" },
      { code: "DS001", file: FILE, line: at("// @bronze-number"), message: "pipeline settings: expected an object { ... } as settings, got number" },
      { code: "DS001", file: FILE, line: at("// @silver-string"), message: "pipeline settings: expected an object { ... } as settings, got string" },
      { code: "DS001", file: FILE, line: at("// @dbt-run-null"), message: "pipeline settings: expected an object { ... } as settings, got null" },
    ]);
  });

  it("project(null) and postgresSource(null) record an issue instead of throwing a JavaScript error", () => {
    const p = project(hostile<Parameters<typeof project>[0]>(null)); // @project-null
    expect(p.issues).toEqual([{ code: "DS001", message: "project settings: expected an object { ... } as settings, got null", origin: expect.objectContaining({ line: at("// @project-null") }) }]);
    expect(() => postgresSource(hostile(null))).not.toThrow();
  });
});
