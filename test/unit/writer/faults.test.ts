/**
 * Writer faults are diagnostics, with real permission faults: directories are made immutable
 * (`chattr +i`) when the tests run as root, where chmod does not deny, and read-only (chmod 555)
 * otherwise. An output that cannot be replaced is refused before anything is written (WR008), a
 * failing swap leaves the previous tree (WR009), a temporary directory that cannot be removed is
 * a warning that never blocks later compiles (WR010), and two concurrent compiles of one output
 * are refused (WR011), with real child processes. `--out` at a file is exit 1 from the CLI.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { WriteFailedError, writeGenerated } from "../../../generators/writer/index.ts";
import { baseFiles, DEAD_PID, gf, snapshot, tempParent } from "./helpers.ts";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "../../..");
const newFiles = [gf(baseFiles[0]!.path, "# new content\n"), gf("dags/brand_new.py", "x = 1\n"), baseFiles[1]!];
const isRoot = process.getuid?.() === 0;

const frozen = new Set<string>();
/** Makes a directory impossible to change (or delete from) for this process. */
function freeze(dir: string): void {
  if (isRoot) execFileSync("chattr", ["+i", dir]);
  else chmodSync(dir, 0o555);
  frozen.add(dir);
}
function thaw(dir: string): void {
  if (!existsSync(dir)) return;
  if (isRoot) execFileSync("chattr", ["-i", dir]);
  else chmodSync(dir, 0o755);
  frozen.delete(dir);
}
afterEach(() => {
  for (const d of [...frozen]) thaw(d);
});

function failure(run: () => unknown): { code: string; severity: string; message: string }[] {
  try {
    run();
  } catch (e) {
    if (e instanceof WriteFailedError) return e.diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message }));
    throw e;
  }
  throw new Error("expected the write to fail");
}

describe("writeGenerated: an output that cannot be replaced", () => {
  it("is refused up front (WR008) when a directory of the previous tree cannot be changed; nothing written, no leftover", () => {
    const { parent, outDir } = tempParent();
    writeGenerated({ outDir, files: baseFiles, mode: "write" });
    freeze(join(outDir, "dags/ampere"));
    const before = snapshot(parent);
    expect(failure(() => writeGenerated({ outDir, files: newFiles, mode: "write" }))).toEqual([
      { code: "WR008", severity: "error", message: expect.stringMatching(new RegExp(`^output directory ${outDir} cannot be replaced: dags/ampere cannot be changed or removed \\((EPERM|EACCES)\\); nothing was written$`)) },
    ]);
    expect(snapshot(parent)).toEqual(before);
    // Nothing to change: a read-only output is fine.
    expect(writeGenerated({ outDir, files: baseFiles, mode: "write" }).written).toEqual([]);
    thaw(join(outDir, "dags/ampere"));
    expect(writeGenerated({ outDir, files: newFiles, mode: "write" }).written).toEqual(["dags/ampere/orders.py", "dags/brand_new.py"]);
    expect(readdirSync(parent)).toEqual(["generated"]);
  });

  it("is refused (WR008) when its parent cannot be written", () => {
    const { parent, outDir } = tempParent();
    freeze(parent);
    expect(failure(() => writeGenerated({ outDir, files: baseFiles, mode: "write" }))).toEqual([
      { code: "WR008", severity: "error", message: expect.stringMatching(new RegExp(`^cannot write beside ${outDir}: ${parent} is read-only`)) },
    ]);
    expect(readdirSync(parent)).toEqual([]);
  });

  it("a failing swap (WR009) leaves the previous tree; the staging it could not remove is reported (WR010) and cleaned next time", () => {
    const { parent, outDir } = tempParent();
    writeGenerated({ outDir, files: baseFiles, mode: "write" });
    const before = snapshot(outDir);
    const diagnostics = failure(() => writeGenerated({ outDir, files: newFiles, mode: "write", hooks: { afterStage: () => freeze(parent) } }));
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([["WR009", "error"], ["WR010", "warning"]]);
    expect(diagnostics[0]!.message).toMatch(new RegExp(`^could not swap the new tree in for ${outDir} \\((EPERM|EACCES): rename .*\\); the previous output is unchanged$`));
    expect(snapshot(outDir)).toEqual(before);
    thaw(parent);
    const next = writeGenerated({ outDir, files: newFiles, mode: "write" });
    expect(next.leftovers).toEqual([expect.stringMatching(/^removed \.generated\.staging-\d+-[0-9a-f]+ \(left by an interrupted compile\)$/)]);
    expect(readdirSync(parent)).toEqual(["generated"]);
  });
});

describe("writeGenerated: temporary directories that cannot be removed", () => {
  it("a previous tree that cannot be deleted after the swap is a warning (WR010); the write went through", () => {
    const { parent, outDir } = tempParent();
    writeGenerated({ outDir, files: baseFiles, mode: "write" });
    const r = writeGenerated({ outDir, files: newFiles, mode: "write", hooks: { afterStage: () => freeze(join(outDir, "dags/ampere")) } });
    expect(r.written).toEqual(["dags/ampere/orders.py", "dags/brand_new.py"]);
    const old = readdirSync(parent).filter((n) => n.startsWith(".generated.old-"));
    expect(old).toHaveLength(1);
    expect(r.warnings.map((d) => [d.code, d.severity, d.message.split(" (")[0]])).toEqual([["WR010", "warning", `could not remove ${join(parent, old[0]!)}`]]);
    thaw(join(parent, old[0]!, "dags/ampere"));
  });

  it("a leftover of a crashed compile that cannot be removed never blocks later compiles (WR010 each time)", () => {
    const { parent, outDir } = tempParent();
    writeGenerated({ outDir, files: baseFiles, mode: "write" });
    const stuck = join(parent, `.generated.old-${DEAD_PID}-abc123`);
    mkdirSync(join(stuck, "dags"), { recursive: true });
    writeFileSync(join(stuck, "dags", "x.py"), "x\n");
    freeze(join(stuck, "dags"));
    for (const files of [newFiles, baseFiles]) {
      const r = writeGenerated({ outDir, files, mode: "write" });
      expect(r.written.length).toBeGreaterThan(0);
      expect(r.warnings.map((d) => [d.code, d.message.split(" (")[0]])).toEqual([["WR010", `could not remove ${stuck}`]]);
    }
    thaw(join(stuck, "dags"));
  });
});

const TSX = join(repoRoot, "node_modules", ".bin", "tsx");
const MAIN = join(repoRoot, "generators", "cli", "main.ts");
const compile = (out: string) => spawnSync(TSX, [MAIN, "--root", repoRoot, "--out", out, "--no-typecheck"], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 110_000 });

describe("the CLI: writer faults exit 1 with a diagnostic, never 2", () => {
  it("--out at a file, below a file, at /dev/null; an output that cannot be replaced", { timeout: 240_000 }, () => {
    const { parent, outDir } = tempParent();
    writeFileSync(join(parent, "file"), "x\n");
    for (const [out, pattern] of [[join(parent, "file"), /error WR004 .* is a regular file/], [join(parent, "file", "sub"), /error WR004 .* lies inside a file/], ["/dev/null", /error WR004 .* is a special file/]] as const) {
      const run = compile(out);
      expect([run.status, run.stderr]).toEqual([1, expect.stringMatching(pattern)]);
    }
    expect(compile(outDir).status).toBe(0);
    const dags = join(outDir, "dags", "my_dags");
    const victim = readdirSync(dags).filter((n) => n.endsWith(".py"))[0]!;
    writeFileSync(join(dags, victim), "# hand-edited\n");
    freeze(dags);
    const run = compile(outDir);
    expect(run.stderr).not.toContain("internal error");
    expect([run.status, run.stderr]).toEqual([1, expect.stringMatching(/error WR008 output directory .* cannot be replaced: dags\/my_dags cannot be changed or removed/)]);
    thaw(dags);
    expect(compile(outDir).status).toBe(0);
    expect(readdirSync(parent).sort()).toEqual(["file", "generated"]);
  });
});

describe("two compiles of one output at once", () => {
  it("the second is refused (WR011, naming the first's pid) while the first holds the write; the first completes", { timeout: 240_000 }, async () => {
    const { parent, outDir } = tempParent();
    writeGenerated({ outDir, files: baseFiles, mode: "write" });
    const filesJson = join(parent, "files.json");
    const release = join(parent, "release");
    writeFileSync(filesJson, JSON.stringify(newFiles));
    const holder = spawn(process.execPath, ["--import", "tsx", join(here, "fixtures/hold-after-stage.ts"), outDir, filesJson, release], { cwd: repoRoot });
    let out = "";
    holder.stdout.on("data", (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((done) => holder.on("exit", (code) => done(code)));
    for (let i = 0; i < 600 && !out.includes("staged"); i++) await new Promise((r) => setTimeout(r, 50));
    expect(out).toBe(`staged ${holder.pid}\n`);

    const loser = compile(outDir);
    expect(loser.status).toBe(1);
    expect(loser.stderr).toContain(`error WR011 another compile (pid ${holder.pid}) is writing ${outDir} right now`);
    expect(() => writeGenerated({ outDir, files: baseFiles, mode: "write" })).toThrow(WriteFailedError);

    writeFileSync(release, "");
    expect(await exited).toBe(0);
    expect(out).toBe(`staged ${holder.pid}\nwritten 2\n`);
    expect(readdirSync(parent).sort()).toEqual(["files.json", "generated", "release"]);
  });

  it("a lock left by a killed compile is taken over", () => {
    const { parent, outDir } = tempParent();
    writeFileSync(join(parent, ".generated.lock"), `${DEAD_PID}\n`);
    expect(writeGenerated({ outDir, files: baseFiles, mode: "write" }).written).toHaveLength(3);
    expect(readdirSync(parent)).toEqual(["generated"]);
  });
});
