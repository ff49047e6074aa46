/**
 * The output-directory guard: the writer replaces its output wholesale, so it refuses, in
 * every mode and before touching anything, a directory that is not ours (the project root or
 * anything containing it, pipelines/, a file, someone else's files, also behind a symlink),
 * and accepts a missing or empty directory or a previous output of ours.
 */
import { mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { guardOutDir, writeGenerated, type WriteMode } from "../../../generators/writer/index.ts";
import { baseFiles, DEAD_PID, filesUnder, refusal, snapshot, tempParent } from "./helpers.ts";

const MODES: readonly WriteMode[] = ["write", "check", "dry-run"];

/** A directory of the user's own files (no manifest). */
function userDir(dir: string): void {
  mkdirSync(join(dir, "sub"), { recursive: true });
  writeFileSync(join(dir, "todo.md"), "my notes\n");
  writeFileSync(join(dir, "sub/plan.txt"), "keep me\n");
}

/** A project root with pipelines/ in it; returns its paths. */
function projectRoot() {
  const { parent } = tempParent();
  const root = join(parent, "project");
  mkdirSync(join(root, "pipelines/sub"), { recursive: true });
  writeFileSync(join(root, "pipelines/orders.ts"), "export {};\n");
  writeFileSync(join(root, "package.json"), "{}\n");
  return { parent, root };
}

const codes = (run: () => unknown) => refusal(run).diagnostics.map((d) => d.code);

describe("guard: refused output directories", () => {
  it("a directory with the user's files (no manifest): WR005 in every mode, files untouched", () => {
    const { parent } = tempParent();
    const outDir = join(parent, "my-notes");
    userDir(outDir);
    const before = snapshot(parent);
    for (const mode of MODES) {
      const error = refusal(() => writeGenerated({ outDir, files: baseFiles, mode, label: "../my-notes" }));
      expect(error.diagnostics.map((d) => [d.code, d.message])).toEqual([
        ["WR005", "output directory ../my-notes is not empty (sub, todo.md) and has no valid manifest.json of the compiler; refusing to replace it"],
      ]);
      expect(error.diagnostics[0]!.hints.at(-1)).toMatch(/nothing was deleted/);
    }
    expect(snapshot(parent)).toEqual(before);
  });

  it("the project root, an absolute spelling of it, and a directory containing it: WR002", () => {
    const { parent, root } = projectRoot();
    const before = snapshot(parent);
    for (const outDir of [root, join(root, "pipelines/.."), parent, join(root, "..")]) {
      for (const mode of MODES) expect(codes(() => writeGenerated({ outDir, files: baseFiles, mode, projectRoot: root }))).toEqual(["WR002"]);
    }
    expect(guardOutDir({ outDir: root, projectRoot: root, label: "." })[0]!.message).toBe(
      "output directory . is the project root or contains it; compiling would replace the project",
    );
    expect(snapshot(parent)).toEqual(before);
  });

  it("pipelines/, a folder inside it, and one that does not exist yet inside it: WR003", () => {
    const { parent, root } = projectRoot();
    const before = snapshot(parent);
    for (const outDir of [join(root, "pipelines"), join(root, "pipelines/sub"), join(root, "pipelines/new/generated")]) {
      for (const mode of MODES) expect(codes(() => writeGenerated({ outDir, files: baseFiles, mode, projectRoot: root }))).toEqual(["WR003"]);
    }
    expect(snapshot(parent)).toEqual(before);
  });

  it("a symlink that leads into pipelines/ or to the root is judged by its real path", () => {
    const { parent, root } = projectRoot();
    symlinkSync(join(root, "pipelines"), join(root, "generated"));
    symlinkSync(root, join(parent, "elsewhere"));
    const before = snapshot(parent);
    expect(codes(() => writeGenerated({ outDir: join(root, "generated"), files: baseFiles, mode: "write", projectRoot: root }))).toEqual(["WR003"]);
    expect(codes(() => writeGenerated({ outDir: join(parent, "elsewhere"), files: baseFiles, mode: "write", projectRoot: root }))).toEqual(["WR002"]);
    // a path that does not exist yet, below a symlink into pipelines/
    expect(codes(() => writeGenerated({ outDir: join(root, "generated/out"), files: baseFiles, mode: "write", projectRoot: root }))).toEqual(["WR003"]);
    expect(snapshot(parent)).toEqual(before);
  });

  it("a symlinked generated/ pointing at a directory of user files: WR005 naming the link target, target untouched", () => {
    const { parent, outDir } = tempParent();
    const target = join(parent, "notes");
    userDir(target);
    symlinkSync(target, outDir);
    const before = snapshot(parent);
    for (const mode of MODES) {
      const [d] = refusal(() => writeGenerated({ outDir, files: baseFiles, mode, label: "generated" })).diagnostics;
      expect([d!.code, d!.message]).toEqual([
        "WR005",
        `output directory generated is a symbolic link to ${target}, which is not empty (sub, todo.md) and has no valid manifest.json of the compiler; refusing to replace it`,
      ]);
    }
    expect(snapshot(parent)).toEqual(before);
    expect(readFileSync(join(target, "todo.md"), "utf8")).toBe("my notes\n");
  });

  it("a regular file (WR004), a path below a file (WR004), a dangling symlink (WR007)", () => {
    const { parent } = tempParent();
    writeFileSync(join(parent, "file"), "x\n");
    symlinkSync(join(parent, "missing"), join(parent, "dangling"));
    const before = snapshot(parent);
    expect(codes(() => writeGenerated({ outDir: join(parent, "file"), files: baseFiles, mode: "check" }))).toEqual(["WR004"]);
    expect(codes(() => writeGenerated({ outDir: join(parent, "file/generated"), files: baseFiles, mode: "write" }))).toEqual(["WR004"]);
    expect(codes(() => writeGenerated({ outDir: join(parent, "dangling"), files: baseFiles, mode: "write" }))).toEqual(["WR007"]);
    expect(snapshot(parent)).toEqual(before);
  });

  it("a previous output whose manifest is corrupt, or not the compiler's, and which holds files: WR005", () => {
    const bad = ["{ not json", "{}\n", '{"version":2,"files":[]}', '{"version":1,"files":[{"path":"a"}]}', '{"version":1,"files":{}}'];
    for (const text of bad) {
      const { parent, outDir } = tempParent();
      writeGenerated({ outDir, files: baseFiles, mode: "write" });
      writeFileSync(join(outDir, "manifest.json"), text);
      const before = snapshot(parent);
      for (const mode of MODES) expect(codes(() => writeGenerated({ outDir, files: baseFiles, mode }))).toEqual(["WR005"]);
      expect(snapshot(parent)).toEqual(before);
    }
  });

  it("a manifest.json that is a directory or a symlink is not ours: WR005", () => {
    const { parent } = tempParent();
    const real = join(parent, "real");
    writeGenerated({ outDir: real, files: baseFiles, mode: "write" });
    const linked = join(parent, "linked");
    mkdirSync(join(linked, "manifest.json"), { recursive: true });
    const viaLink = join(parent, "via-link");
    mkdirSync(viaLink);
    symlinkSync(join(real, "manifest.json"), join(viaLink, "manifest.json"));
    writeFileSync(join(viaLink, "mine.txt"), "x\n");
    for (const outDir of [linked, viaLink]) expect(codes(() => writeGenerated({ outDir, files: baseFiles, mode: "write" }))).toEqual(["WR005"]);
    expect(filesUnder(viaLink)).toEqual(["mine.txt"]);
  });
});

describe("guard: accepted output directories", () => {
  it("a missing directory and an empty one", () => {
    const { parent } = tempParent();
    mkdirSync(join(parent, "empty"));
    for (const name of ["missing", "empty"]) {
      const r = writeGenerated({ outDir: join(parent, name), files: baseFiles, mode: "write" });
      expect(r.written).toHaveLength(3);
    }
  });

  it("a directory holding only leftovers of an interrupted compile counts as ours", () => {
    const { parent, outDir } = tempParent();
    mkdirSync(join(outDir, `.generated.staging-${DEAD_PID}-ab12`), { recursive: true });
    writeFileSync(join(outDir, `.generated.staging-${DEAD_PID}-ab12`, "half.py"), "x\n");
    expect(guardOutDir({ outDir })).toEqual([]);
    expect(guardOutDir({ outDir: parent })).toHaveLength(1); // a real, non-leftover entry: generated/
  });

  it("a symlinked generated/ pointing at a previous output: written through the link, link kept", () => {
    const { parent, outDir } = tempParent();
    const target = join(parent, "real-output");
    writeGenerated({ outDir: target, files: baseFiles.slice(0, 2), mode: "write" });
    symlinkSync(target, outDir);
    const r = writeGenerated({ outDir, files: baseFiles, mode: "write" });
    expect(r.added).toEqual(["dbt/dbt_project.yml"]);
    expect(snapshot(parent).find((e) => e.path === "generated")!.type).toBe("symlink");
    expect(filesUnder(target)).toEqual([...baseFiles.map((f) => f.path), "manifest.json"]);
  });

  it("output inside the project root, beside pipelines/ (the default generated/)", () => {
    const { root } = projectRoot();
    expect(guardOutDir({ outDir: join(root, "generated"), projectRoot: root })).toEqual([]);
    expect(guardOutDir({ outDir: join(root, "pipelines-out"), projectRoot: root })).toEqual([]); // a prefix is not a parent
  });

  it("the interrupted-swap recovery still works: generated/ missing, its .old-* tree restored", () => {
    const { parent, outDir } = tempParent();
    writeGenerated({ outDir, files: baseFiles, mode: "write" });
    renameSync(outDir, join(parent, `.generated.old-${DEAD_PID}-0b`));
    expect(writeGenerated({ outDir, files: baseFiles, mode: "write" }).upToDate).toBe(true);
  });
});

describe("hand-added files inside a previous output", () => {
  it("write refuses (WR006), keeps the file, lists it JSON-quoted when needed; check and dry-run list it too", () => {
    const { parent, outDir } = tempParent();
    writeGenerated({ outDir, files: baseFiles, mode: "write" });
    writeFileSync(join(outDir, "dags/my notes.txt"), "mine\n");
    const before = snapshot(parent);
    const [d] = refusal(() => writeGenerated({ outDir, files: baseFiles, mode: "write", label: "generated" })).diagnostics;
    expect([d!.code, d!.message]).toEqual(["WR006", 'generated holds 1 file that the compiler did not write (not in its manifest.json): "dags/my notes.txt"']);
    expect(snapshot(parent)).toEqual(before);
    for (const mode of ["check", "dry-run"] as const) {
      const r = writeGenerated({ outDir, files: baseFiles, mode });
      expect([r.removed, r.handAdded, r.previousSources]).toEqual([["dags/my notes.txt"], ["dags/my notes.txt"], {}]);
    }
    expect(snapshot(parent)).toEqual(before);
  });

  it("a hand-added file at the output's top level, and a hand-added symlink, are refused as well", () => {
    const { parent, outDir } = tempParent();
    writeGenerated({ outDir, files: baseFiles, mode: "write" });
    writeFileSync(join(parent, "secret.txt"), "s\n");
    writeFileSync(join(outDir, "README.md"), "hand\n");
    symlinkSync(join(parent, "secret.txt"), join(outDir, "dags/link"));
    const [d] = refusal(() => writeGenerated({ outDir, files: baseFiles, mode: "write" })).diagnostics;
    expect(d!.message).toMatch(/holds 2 files .*: README\.md, dags\/link$/);
    expect(readFileSync(join(outDir, "README.md"), "utf8")).toBe("hand\n");
  });

  it("tool caches inside a previous output (Python bytecode, dbt's target/ and logs/) are neither refused nor reported", () => {
    const { outDir } = tempParent();
    writeGenerated({ outDir, files: baseFiles, mode: "write" });
    const caches = ["dags/__pycache__/x.cpython-311.pyc", "dags/my_dags/__pycache__/y.pyc", "dbt/target/manifest.json", "dbt/logs/dbt.log", "dbt/.user.yml"];
    for (const c of caches) {
      mkdirSync(join(outDir, c, ".."), { recursive: true });
      writeFileSync(join(outDir, c), "cache\n");
    }
    for (const mode of MODES) {
      const r = writeGenerated({ outDir, files: baseFiles, mode });
      expect([r.upToDate, r.removed, r.handAdded]).toEqual([true, [], []]);
    }
    // A file beside them that is no cache is still hand-added.
    writeFileSync(join(outDir, "dbt/notes.sql"), "mine\n");
    expect(refusal(() => writeGenerated({ outDir, files: baseFiles, mode: "write" })).diagnostics[0]!.message).toMatch(/: dbt\/notes\.sql$/);
  });
});
