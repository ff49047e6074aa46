/**
 * Import cycles between pipeline files, found in esbuild's metafile (LD007): every cycle once,
 * smallest path first, with the specifier of each import as written; files outside a cycle and
 * external (DSL) imports are not part of any.
 */
import type { Metafile } from "esbuild";
import { describe, expect, it } from "vitest";
import { importCycles } from "../../../generators/load/import-cycles.ts";

/** A metafile with `imports[file] = [specifier → file, ...]` (paths relative to /p). */
function metafile(imports: Record<string, readonly string[]>): Metafile {
  const inputs: Metafile["inputs"] = {
    "<stdin>": { bytes: 0, imports: Object.keys(imports).map((f) => ({ path: f, kind: "import-statement" as const, original: f })) },
  };
  for (const [file, targets] of Object.entries(imports)) {
    inputs[file] = {
      bytes: 0,
      imports: [
        { path: "file:///dsl/index.ts", kind: "import-statement", external: true, original: "../dsl/index.ts" },
        ...targets.map((t) => ({ path: t, kind: "import-statement" as const, original: `./${t.split("/").at(-1)}` })),
      ],
    };
  }
  return { inputs, outputs: {} };
}

const abs = (f: string) => `/p/${f}`;

describe("importCycles", () => {
  it("finds none in an import tree (shared files imported twice are no cycle)", () => {
    expect(importCycles(metafile({ "pipelines/a.ts": ["pipelines/project.ts"], "pipelines/b.ts": ["pipelines/project.ts", "pipelines/a.ts"], "pipelines/project.ts": [] }), "/p")).toEqual([]);
  });

  it("two files importing each other: one cycle, from the smaller path, with the specifiers as written", () => {
    const cycles = importCycles(metafile({ "pipelines/b.ts": ["pipelines/a.ts"], "pipelines/a.ts": ["pipelines/project.ts", "pipelines/b.ts"], "pipelines/project.ts": [] }), "/p");
    expect(cycles).toEqual([{ files: [abs("pipelines/a.ts"), abs("pipelines/b.ts")], specifiers: ["./b.ts", "./a.ts"] }]);
  });

  it("a three-file cycle, a self-import and a separate two-file cycle: each reported once, in path order", () => {
    const cycles = importCycles(
      metafile({
        "pipelines/c.ts": ["pipelines/a.ts"],
        "pipelines/a.ts": ["pipelines/sub/b.ts"],
        "pipelines/sub/b.ts": ["pipelines/c.ts"],
        "pipelines/self.ts": ["pipelines/self.ts"],
        "pipelines/x.ts": ["pipelines/y.ts"],
        "pipelines/y.ts": ["pipelines/x.ts"],
      }),
      "/p",
    );
    expect(cycles.map((c) => c.files)).toEqual([
      [abs("pipelines/a.ts"), abs("pipelines/sub/b.ts"), abs("pipelines/c.ts")],
      [abs("pipelines/self.ts")],
      [abs("pipelines/x.ts"), abs("pipelines/y.ts")],
    ]);
  });

  it("takes the shortest way back inside a group of files with several cycles", () => {
    const cycles = importCycles(metafile({ "pipelines/a.ts": ["pipelines/b.ts", "pipelines/c.ts"], "pipelines/b.ts": ["pipelines/c.ts"], "pipelines/c.ts": ["pipelines/a.ts"] }), "/p");
    expect(cycles).toEqual([{ files: [abs("pipelines/a.ts"), abs("pipelines/c.ts")], specifiers: ["./c.ts", "./a.ts"] }]);
  });

  it("a long import chain is no stack overflow", () => {
    const imports: Record<string, string[]> = {};
    for (let i = 0; i < 20_000; i++) imports[`pipelines/f${i}.ts`] = [`pipelines/f${(i + 1) % 20_000}.ts`];
    const cycles = importCycles(metafile(imports), "/p");
    expect(cycles).toHaveLength(1);
    expect(cycles[0]!.files).toHaveLength(20_000);
  });
});
