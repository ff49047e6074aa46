import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { writeGenerated } from "../../../generators/writer/index.ts";
import { baseFiles, DEAD_PID, filesUnder, gf, snapshot, tempParent } from "./helpers.ts";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "../../..");
const newFiles = [gf(baseFiles[0]!.path, "# new content\n"), gf("dags/brand_new.py", "x = 1\n"), baseFiles[1]!];

const entriesOf = (parent: string) => readdirSync(parent).sort();

describe("writeGenerated: crashes", () => {
  it("an error after staging leaves the previous tree byte-identical and no staging dir", () => {
    const { parent, outDir } = tempParent();
    writeGenerated({ outDir, files: baseFiles, mode: "write" });
    const before = snapshot(parent);
    let staged = "";
    expect(() =>
      writeGenerated({
        outDir,
        files: newFiles,
        mode: "write",
        hooks: {
          afterStage: (p) => {
            staged = p;
            // the staging tree is complete at this point
            expect(filesUnder(p)).toEqual(["dags/ampere/orders.py", "dags/ampere/orders.yaml", "dags/brand_new.py", "manifest.json"]);
            throw new Error("simulated crash");
          },
        },
      }),
    ).toThrow("simulated crash");
    expect(dirname(staged)).toBe(parent);
    expect(staged).toMatch(/\/\.generated\.staging-\d+-[0-9a-f]+$/);
    expect(snapshot(parent)).toEqual(before);
  });

  it("SIGKILL after staging: previous tree intact, next run cleans up and succeeds", () => {
    const { parent, outDir } = tempParent();
    writeGenerated({ outDir, files: baseFiles, mode: "write" });
    const before = snapshot(outDir);
    const filesJson = join(parent, "files.json");
    writeFileSync(filesJson, JSON.stringify(newFiles));

    const child = spawnSync(process.execPath, ["--import", "tsx", join(here, "fixtures/crash-after-stage.ts"), outDir, filesJson], {
      cwd: repoRoot,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(child.stderr).not.toMatch(/Error/);
    expect(child.signal).toBe("SIGKILL");
    expect(child.stdout).toMatch(/^staged .*\.generated\.staging-\d+-[0-9a-f]+\n$/);
    expect(child.stdout).not.toContain("not reached");

    // The kill left a complete staging dir behind, and the old tree untouched.
    const staging = entriesOf(parent).filter((n) => n.startsWith(".generated.staging-"));
    expect(staging).toHaveLength(1);
    expect(snapshot(outDir)).toEqual(before);

    // Read-only modes notice the leftover but leave it alone.
    const check = writeGenerated({ outDir, files: baseFiles, mode: "check" });
    expect(check.upToDate).toBe(true);
    expect(check.leftovers).toEqual([`found ${join(parent, staging[0]!)} (left by an interrupted compile)`]);
    expect(entriesOf(parent)).toContain(staging[0]);

    const r = writeGenerated({ outDir, files: newFiles, mode: "write" });
    expect(r.leftovers).toEqual([`removed ${staging[0]} (left by an interrupted compile)`]);
    expect(r.written).toEqual(["dags/ampere/orders.py", "dags/brand_new.py"]);
    expect(entriesOf(parent)).toEqual(["files.json", "generated"]);
    expect(writeGenerated({ outDir, files: newFiles, mode: "check" }).upToDate).toBe(true);
  }, 60_000);

  it("crash between the two renames: outDir missing, .old-* present → restored, then written", () => {
    const { parent, outDir } = tempParent();
    writeGenerated({ outDir, files: baseFiles, mode: "write" });
    const before = snapshot(outDir);
    const oldDir = join(parent, `.generated.old-${DEAD_PID}-abc123`);
    const stagingDir = join(parent, `.generated.staging-${DEAD_PID}-def456`);
    renameSync(outDir, oldDir);
    mkdirSync(join(stagingDir, "dags"), { recursive: true });
    writeFileSync(join(stagingDir, "dags/half.py"), "half\n");

    // Restoring keeps the old files' inodes: unchanged files are then hard-linked, not rewritten.
    const r = writeGenerated({ outDir, files: newFiles, mode: "write" });
    expect(r.leftovers).toEqual([
      `restored .generated.old-${DEAD_PID}-abc123 as generated (interrupted swap)`,
      `removed .generated.staging-${DEAD_PID}-def456 (left by an interrupted compile)`,
    ]);
    expect(r.unchanged).toEqual(["dags/ampere/orders.yaml"]);
    expect(r.removed).toEqual(["dbt/dbt_project.yml"]);
    expect(snapshot(outDir).find((e) => e.path === "dags/ampere/orders.yaml")!.ino).toBe(before.find((e) => e.path === "dags/ampere/orders.yaml")!.ino);
    expect(entriesOf(parent)).toEqual(["generated"]);
  });

  it("restores the old tree even when the files are unchanged (0 files written)", () => {
    const { parent, outDir } = tempParent();
    writeGenerated({ outDir, files: baseFiles, mode: "write" });
    const before = snapshot(outDir);
    renameSync(outDir, join(parent, `.generated.old-${DEAD_PID}-0a`));
    const r = writeGenerated({ outDir, files: baseFiles, mode: "write" });
    expect(r.upToDate).toBe(true);
    expect(r.written).toEqual([]);
    expect(snapshot(outDir)).toEqual(before);
    expect(entriesOf(parent)).toEqual(["generated"]);
  });

  it("leaves alone the temp dirs of a compile that is still running, and unrelated dirs", () => {
    const { parent, outDir } = tempParent();
    const live = join(parent, `.generated.staging-${process.ppid}-abc`);
    const unrelated = [join(parent, ".other.staging-1-abc"), join(parent, ".generated.staging-notapid"), join(parent, "generated2")];
    for (const d of [live, ...unrelated]) mkdirSync(d);
    writeGenerated({ outDir, files: baseFiles, mode: "write" });
    expect(entriesOf(parent)).toEqual([".generated.staging-notapid", `.generated.staging-${process.ppid}-abc`, ".other.staging-1-abc", "generated", "generated2"].sort());
  });
});
