import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidPathsError, parseManifest, sha256Hex, writeGenerated } from "../../../generators/writer/index.ts";
import { baseFiles, entry, filesUnder, gf, refusal, snapshot, tempParent } from "./helpers.ts";

const [orders, ordersYaml, dbtProject] = baseFiles as [typeof baseFiles[0], typeof baseFiles[0], typeof baseFiles[0]];

describe("writeGenerated: write mode", () => {
  it("first write creates the tree and the manifest, files 0644 with exact content", () => {
    const { parent, outDir } = tempParent();
    const r = writeGenerated({ outDir, files: baseFiles, mode: "write" });
    expect(r.upToDate).toBe(false);
    expect(r.written).toEqual(["dags/ampere/orders.py", "dags/ampere/orders.yaml", "dbt/dbt_project.yml"]);
    expect(r.added).toEqual(r.written);
    expect(r.manifest).toBe("added");
    expect(filesUnder(outDir)).toEqual(["dags/ampere/orders.py", "dags/ampere/orders.yaml", "dbt/dbt_project.yml", "manifest.json"]);
    for (const f of baseFiles) {
      expect(readFileSync(join(outDir, f.path), "utf8")).toBe(f.content);
      expect(statSync(join(outDir, f.path)).mode & 0o777).toBe(0o644);
    }
    const manifest = parseManifest(readFileSync(join(outDir, "manifest.json"), "utf8"));
    expect(manifest.files).toEqual(
      [...baseFiles].sort((a, b) => (a.path < b.path ? -1 : 1)).map((f) => ({ path: f.path, sha256: sha256Hex(f.content), source: f.source })),
    );
    expect(readdirSync(parent)).toEqual(["generated"]); // no staging/old directory left
  });

  it("writes mode 0644 whatever the umask", () => {
    const { outDir } = tempParent();
    const old = process.umask(0o077);
    try {
      writeGenerated({ outDir, files: [orders], mode: "write" });
    } finally {
      process.umask(old);
    }
    expect(statSync(join(outDir, orders.path)).mode & 0o777).toBe(0o644);
    expect(statSync(join(outDir, "manifest.json")).mode & 0o777).toBe(0o644);
  });

  it("writes content byte-for-byte, without newline conversion", () => {
    const { outDir } = tempParent();
    const content = "crlf stays\r\nunicode é ✓ \u{1F600}\nno final newline";
    writeGenerated({ outDir, files: [gf("x.txt", content)], mode: "write" });
    expect(readFileSync(join(outDir, "x.txt"))).toEqual(Buffer.from(content, "utf8"));
  });

  it("second identical write writes 0 files and touches nothing (inodes, mtimes, the directory itself)", () => {
    const { parent, outDir } = tempParent();
    writeGenerated({ outDir, files: baseFiles, mode: "write" });
    const before = snapshot(parent);
    const r = writeGenerated({ outDir, files: [...baseFiles].reverse(), mode: "write" });
    expect(r.upToDate).toBe(true);
    expect(r.written).toEqual([]);
    expect(r.manifest).toBe("unchanged");
    expect(r.unchanged).toHaveLength(3);
    expect(snapshot(parent)).toEqual(before);
  });

  it("one changed file: only it is written, unchanged files keep inode and mtime", () => {
    const { parent, outDir } = tempParent();
    writeGenerated({ outDir, files: baseFiles, mode: "write" });
    const before = snapshot(outDir);
    const edited = gf(orders.path, orders.content.replace("@daily", "@hourly"));
    const r = writeGenerated({ outDir, files: [edited, ordersYaml, dbtProject], mode: "write" });
    expect(r.written).toEqual([orders.path]);
    expect(r.changed).toEqual([orders.path]);
    expect(r.unchanged).toEqual([ordersYaml.path, dbtProject.path]);
    expect(r.manifest).toBe("changed");
    const after = snapshot(outDir);
    for (const p of [ordersYaml.path, dbtProject.path]) {
      expect(entry(after, p).ino).toBe(entry(before, p).ino);
      expect(entry(after, p).mtimeMs).toBe(entry(before, p).mtimeMs);
    }
    expect(readFileSync(join(outDir, orders.path), "utf8")).toContain("@hourly");
    expect(r.diffs[orders.path]).toContain('+4 | with DAG(dag_id="orders", schedule="@hourly"):');
    expect(readdirSync(parent)).toEqual(["generated"]);
  });

  it("a file removed from the set disappears, with its now-empty directory", () => {
    const { outDir } = tempParent();
    writeGenerated({ outDir, files: baseFiles, mode: "write" });
    const r = writeGenerated({ outDir, files: [orders, ordersYaml], mode: "write" });
    expect(r.removed).toEqual([dbtProject.path]);
    expect(r.written).toEqual([]);
    expect(existsSync(join(outDir, "dbt"))).toBe(false);
    expect(filesUnder(outDir)).toEqual([orders.path, ordersYaml.path, "manifest.json"]);
  });

  it("refuses hand-added files (WR006): nothing deleted or written, every such file listed", () => {
    const { parent, outDir } = tempParent();
    writeGenerated({ outDir, files: baseFiles, mode: "write" });
    writeFileSync(join(outDir, "dags/hand_written.py"), "print('hi')\n");
    mkdirSync(join(outDir, "extra/deep"), { recursive: true });
    writeFileSync(join(outDir, "extra/deep/notes.md"), "x\n");
    const before = snapshot(parent);
    const error = refusal(() => writeGenerated({ outDir, files: [orders, ordersYaml], mode: "write", label: "generated" }));
    expect(error.diagnostics.map((d) => d.code)).toEqual(["WR006"]);
    expect(error.diagnostics[0]!.message).toBe("generated holds 2 files that the compiler did not write (not in its manifest.json): dags/hand_written.py, extra/deep/notes.md");
    expect(error.diagnostics[0]!.hints).toContain("generated/ is output only: move the files out, or delete them, then compile again");
    expect(snapshot(parent)).toEqual(before); // dbt/dbt_project.yml (ours, no longer generated) not removed either
  });

  it("repairs a hand-edited file and a symlink in place of a file (listed in the manifest, so ours)", () => {
    const { outDir } = tempParent();
    writeGenerated({ outDir, files: baseFiles, mode: "write" });
    writeFileSync(join(outDir, orders.path), "hand edit\n");
    rmSync(join(outDir, ordersYaml.path));
    symlinkSync("/etc/hostname", join(outDir, ordersYaml.path));
    const r = writeGenerated({ outDir, files: baseFiles, mode: "write" });
    expect(r.written).toEqual([orders.path, ordersYaml.path]);
    expect(r.manifest).toBe("unchanged");
    expect(snapshot(outDir).every((e) => e.type !== "symlink")).toBe(true);
    expect(writeGenerated({ outDir, files: baseFiles, mode: "check" }).upToDate).toBe(true);
  });

  it("rewrites a manifest that was hand-edited but is still valid", () => {
    const { outDir } = tempParent();
    writeGenerated({ outDir, files: baseFiles, mode: "write" });
    const manifestPath = join(outDir, "manifest.json");
    const good = readFileSync(manifestPath, "utf8");
    writeFileSync(manifestPath, JSON.stringify(JSON.parse(good)));
    const r = writeGenerated({ outDir, files: baseFiles, mode: "write" });
    expect([r.manifest, r.written]).toEqual(["changed", []]);
    expect(readFileSync(manifestPath, "utf8")).toBe(good);
  });

  it("keeps mode of unchanged files untouched but rewrites changed ones as 0644", () => {
    const { outDir } = tempParent();
    writeGenerated({ outDir, files: baseFiles, mode: "write" });
    chmodSync(join(outDir, orders.path), 0o600);
    writeGenerated({ outDir, files: [gf(orders.path, "new\n"), ordersYaml, dbtProject], mode: "write" });
    expect(statSync(join(outDir, orders.path)).mode & 0o777).toBe(0o644);
  });

  it("an empty file set still writes a manifest", () => {
    const { outDir } = tempParent();
    const r = writeGenerated({ outDir, files: [], mode: "write" });
    expect(r.manifest).toBe("added");
    expect(readFileSync(join(outDir, "manifest.json"), "utf8")).toBe('{\n  "version": 1,\n  "files": []\n}\n');
  });

  it("creates missing parent directories of outDir", () => {
    const { parent } = tempParent();
    const outDir = join(parent, "a/b/generated");
    writeGenerated({ outDir, files: [orders], mode: "write" });
    expect(readFileSync(join(outDir, orders.path), "utf8")).toBe(orders.content);
  });

  it("refuses invalid paths before touching anything, listing every problem", () => {
    const { parent, outDir } = tempParent();
    writeGenerated({ outDir, files: baseFiles, mode: "write" });
    const before = snapshot(parent);
    let error: unknown;
    try {
      writeGenerated({ outDir, files: [...baseFiles, gf("../escape.py", "x"), gf("manifest.json", "{}")], mode: "write" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidPathsError);
    expect((error as InvalidPathsError).problems).toHaveLength(2);
    expect(snapshot(parent)).toEqual(before);
    expect(existsSync(join(parent, "escape.py"))).toBe(false);
  });

  it("refuses an outDir that is a file (WR004)", () => {
    const { parent } = tempParent();
    const outDir = join(parent, "generated");
    writeFileSync(outDir, "not a dir");
    const error = refusal(() => writeGenerated({ outDir, files: baseFiles, mode: "write" }));
    expect(error.diagnostics.map((d) => [d.code, d.message])).toEqual([["WR004", `output directory ${outDir} is a regular file, not a directory`]]);
    expect(readFileSync(outDir, "utf8")).toBe("not a dir");
  });
});

describe("writeGenerated: check and dry-run modes", () => {
  /** A tree with one stale, one missing and one extra file (plus a stale manifest). */
  function staleTree() {
    const { parent, outDir } = tempParent();
    writeGenerated({ outDir, files: [orders, dbtProject, gf("dags/old.py", "old\n", "pipelines/old.ts")], mode: "write" });
    writeFileSync(join(outDir, "dags/hand.py"), "hand\n");
    const desired = [gf(orders.path, orders.content.replace("@daily", "@hourly")), ordersYaml, dbtProject];
    return { parent, outDir, desired };
  }

  it("check reports stale/missing/extra with a diff and writes nothing", () => {
    const { parent, outDir, desired } = staleTree();
    const before = snapshot(parent);
    const r = writeGenerated({ outDir, files: desired, mode: "check" });
    expect(snapshot(parent)).toEqual(before);
    expect(r.upToDate).toBe(false);
    expect(r.changed).toEqual([orders.path]);
    expect(r.added).toEqual([ordersYaml.path]);
    expect(r.removed).toEqual(["dags/hand.py", "dags/old.py"]);
    expect(r.unchanged).toEqual([dbtProject.path]);
    expect(r.written).toEqual([]);
    expect(r.manifest).toBe("changed");
    expect(r.previousSources).toEqual({ "dags/old.py": "pipelines/old.ts" });
    expect(r.handAdded).toEqual(["dags/hand.py"]);
    expect(r.diffs[orders.path]).toBe(
      ['@@ -3,3 +3,3 @@', " 3 | ", '-4 | with DAG(dag_id="orders", schedule="@daily"):', '+4 | with DAG(dag_id="orders", schedule="@hourly"):', " 5 |     pass"].join("\n"),
    );
    expect(Object.keys(r.diffs).sort()).toEqual([orders.path, "manifest.json"]);
  });

  it("check on a missing output directory reports everything missing", () => {
    const { parent, outDir } = tempParent();
    const r = writeGenerated({ outDir, files: baseFiles, mode: "check" });
    expect(r.added).toHaveLength(3);
    expect(r.manifest).toBe("added");
    expect(readdirSync(parent)).toEqual([]);
  });

  it("check on an up-to-date tree", () => {
    const { outDir } = tempParent();
    writeGenerated({ outDir, files: baseFiles, mode: "write" });
    const r = writeGenerated({ outDir, files: baseFiles, mode: "check" });
    expect(r.upToDate).toBe(true);
    expect([r.added, r.changed, r.removed, r.written]).toEqual([[], [], [], []]);
    expect(r.diffs).toEqual({});
  });

  it("dry-run writes nothing and gives the same lists as check, hand-added files apart", () => {
    const { parent, outDir, desired } = staleTree();
    const before = snapshot(parent);
    const dry = writeGenerated({ outDir, files: desired, mode: "dry-run" });
    expect(snapshot(parent)).toEqual(before);
    const check = writeGenerated({ outDir, files: desired, mode: "check" });
    expect({ ...dry, mode: "check" }).toEqual(check);
    expect(dry.handAdded).toEqual(["dags/hand.py"]);
    // the write refuses because of the hand-added file, as the dry run said ...
    expect(refusal(() => writeGenerated({ outDir, files: desired, mode: "write" })).diagnostics[0]!.code).toBe("WR006");
    expect(snapshot(parent)).toEqual(before);
    // ... and once it is moved out, does exactly what the dry run said
    rmSync(join(outDir, "dags/hand.py"));
    const w = writeGenerated({ outDir, files: desired, mode: "write" });
    expect(w.written).toEqual([...dry.added, ...dry.changed].sort());
    expect(w.removed).toEqual(dry.removed.filter((p) => !dry.handAdded.includes(p)));
    expect(w.handAdded).toEqual([]);
  });
});
