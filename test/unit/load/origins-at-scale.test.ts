/**
 * Declaration origins through the pipelines bundle (each file's top-level code in its own
 * function, the DSL shared through shim modules): many files, several declarations per file,
 * diagnostics at exactly the author's line and column; a DSL object a pipeline builds is the
 * compiler's own (same KIND, same classes); a deep DSL import is the same module as the index's.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileProject } from "../../../generators/compile.ts";
import { loadProgram } from "../../../generators/load/index.ts";
import { KIND } from "../../../dsl/internal/origin.ts";
import { ROOT } from "../lower/helpers.ts";

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function makeRoot(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "origins-test-"));
  roots.push(root);
  symlinkSync(path.join(ROOT, "dsl"), path.join(root, "dsl"), "dir");
  mkdirSync(path.join(root, "pipelines"));
  for (const [rel, text] of Object.entries(files)) writeFileSync(path.join(root, "pipelines", rel), text);
  return root;
}

const PROJECT = `import { image, project } from "../dsl/index.ts";
export const platform = project({ id: "acme", startDate: "2025-08-24", namespace: "lake", images: { worker: image("registry.local/worker") } });
`;

/** File i: two pipelines (the second one indented, after a multi-line comment), each with a bad retries value on one task. */
function pipelineFile(i: number): string {
  return `import { manual, pipeline } from "../dsl/index.ts";
${"// filler\n".repeat(i % 7)}export const a${i} = pipeline({
  id: "a_${i}",
  schedule: manual,
  tasks: (t) => {
    const s = t.marker("start");
    t.marker("bad", { after: [s], retries: -${i + 1} });
  },
});
/*
 * a comment
 */
    export const b${i} = pipeline({ id: "b_${i}", schedule: manual, tasks: (t) => { t.marker("x"); t.marker("y", { retries: 1000 + ${i} }); } });
`;
}

/** 1-based line and column of the first occurrence of `needle` in `text`. */
function position(text: string, needle: string, from = 0): { line: number; column: number } {
  const at = text.indexOf(needle, from);
  if (at < 0) throw new Error(`${needle} not found`);
  const before = text.slice(0, at).split("\n");
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

describe("origins through the pipelines bundle", () => {
  it("every diagnostic of 60 files points at the author's line and column", { timeout: 120_000 }, async () => {
    const n = 60;
    const files: Record<string, string> = { "project.ts": PROJECT };
    for (let i = 0; i < n; i++) files[`p${String(i).padStart(2, "0")}.ts`] = pipelineFile(i);
    const root = makeRoot(files);
    const result = await compileProject(root, { typecheck: false });
    const retries = result.diagnostics.filter((d) => d.code === "DS001" && d.message.includes("'retries'"));
    expect(retries).toHaveLength(2 * n);
    for (let i = 0; i < n; i++) {
      const file = `pipelines/p${String(i).padStart(2, "0")}.ts`;
      const text = files[file.slice("pipelines/".length)]!;
      const first = position(text, `marker("bad"`);
      const second = position(text, `marker("y"`);
      const found = retries.filter((d) => d.location?.file === file).map((d) => ({ message: d.message, line: d.location!.line, column: d.location!.column }));
      expect(found).toEqual([
        { message: expect.stringContaining(`task 'bad'`), ...first },
        { message: expect.stringContaining(`task 'y'`), ...second },
      ]);
    }
  });

  it("pipelines carry their own declaration's origin and the compiler's KIND, deep DSL imports too", async () => {
    const root = makeRoot({
      "project.ts": PROJECT,
      "one.ts": `import { manual, pipeline } from "../dsl/index.ts";
export const one = pipeline({ id: "one", schedule: manual, tasks: (t) => void t.marker("m") });
  export const two = pipeline({ id: "two", schedule: manual, tasks: (t) => void t.marker("m") });
`,
      // A deep import of a DSL file: the compiler's own module too.
      "deep.ts": `import { pipeline } from "../dsl/pipeline.ts";
import { manual } from "../dsl/schedule.ts";
export const deep = pipeline({ id: "deep", schedule: manual, tasks: (t) => void t.marker("m") });
`,
    });
    const { program, diagnostics } = await loadProgram(root, { typecheck: false });
    expect(diagnostics).toEqual([]);
    const byId = new Map(program!.pipelines.map(({ pipeline, file }) => [pipeline.id, { pipeline, file }]));
    expect(byId.get("one")!.file).toBe("pipelines/one.ts");
    expect(byId.get("one")!.pipeline[KIND]).toBe("pipeline");
    expect(byId.get("one")!.pipeline.origin).toMatchObject({ file: path.join(root, "pipelines", "one.ts"), line: 2, column: 20 });
    expect(byId.get("two")!.pipeline.origin).toMatchObject({ line: 3, column: 22 });
    expect(byId.get("deep")!.file).toBe("pipelines/deep.ts");
    expect(byId.get("deep")!.pipeline[KIND]).toBe("pipeline");
    expect(byId.get("deep")!.pipeline.origin).toMatchObject({ line: 3, column: 21 });
  });
});
