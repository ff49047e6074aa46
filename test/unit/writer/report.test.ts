import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatReport, writeGenerated, type WriteResult } from "../../../generators/writer/index.ts";
import { baseFiles, gf, tempParent } from "./helpers.ts";

function staleResult(mode: "check" | "dry-run"): WriteResult {
  const { outDir } = tempParent();
  const [orders, ordersYaml, dbtProject] = baseFiles as [typeof baseFiles[0], typeof baseFiles[0], typeof baseFiles[0]];
  writeGenerated({ outDir, files: [orders, dbtProject, gf("dags/old.py", "old\n", "pipelines/old.ts")], mode: "write" });
  writeFileSync(join(outDir, "dags/hand.py"), "hand\n");
  const desired = [gf(orders.path, orders.content.replace("@daily", "@hourly")), ordersYaml, dbtProject];
  const r = writeGenerated({ outDir, files: desired, mode });
  return { ...r, outDir: "generated" }; // stable label in expectations
}

describe("formatReport", () => {
  it("check: lists stale (with diff), missing and extra, then a summary", () => {
    const text = formatReport(staleResult("check"), { diffs: true });
    const lines = text.split("\n");
    expect(lines[0]).toBe("stale: dags/ampere/orders.py");
    expect(lines.slice(1, 6)).toEqual([
      "    @@ -3,3 +3,3 @@",
      "     3 | ",
      '    -4 | with DAG(dag_id="orders", schedule="@daily"):',
      '    +4 | with DAG(dag_id="orders", schedule="@hourly"):',
      "     5 |     pass",
    ]);
    expect(lines).toContain("stale: manifest.json (follows from the files above)");
    expect(text).not.toContain("sha256");
    expect(lines).toContain("missing: dags/ampere/orders.yaml");
    expect(lines).toContain("extra: dags/hand.py (not in manifest.json, hand-added?)");
    expect(lines).toContain("extra: dags/old.py (was generated from pipelines/old.ts)");
    expect(text.endsWith("generated/ is stale: 2 stale, 1 missing, 2 extra — run npm run compile\n")).toBe(true);
    expect(text).not.toContain("\u001b[");
  });

  it("check: up to date", () => {
    const { outDir } = tempParent();
    writeGenerated({ outDir, files: baseFiles, mode: "write" });
    const r = writeGenerated({ outDir, files: baseFiles, mode: "check" });
    expect(formatReport(r, { label: "generated/" })).toBe("generated/ is up to date (3 files)\n");
  });

  it("dry-run: phrased as what a compile would do", () => {
    const text = formatReport(staleResult("dry-run"), { diffs: false });
    expect(text).toBe(
      [
        "update: dags/ampere/orders.py",
        "update: manifest.json (follows from the files above)",
        "add: dags/ampere/orders.yaml",
        "hand-added: dags/hand.py (not in manifest.json, hand-added?)",
        "remove: dags/old.py (was generated from pipelines/old.ts)",
        "compile would refuse: 1 hand-added file in generated/ (otherwise it would add 1, update 2 and remove 1)",
        "",
      ].join("\n"),
    );
  });

  it("write: summary of what was done", () => {
    const { outDir } = tempParent();
    const r = writeGenerated({ outDir, files: baseFiles, mode: "write" });
    expect(formatReport(r, { label: "generated/" }).split("\n").at(-2)).toBe("generated/: wrote 3 files (3 new, 0 updated), removed 0, 0 unchanged");
    const again = writeGenerated({ outDir, files: baseFiles, mode: "write" });
    expect(formatReport(again, { label: "generated/" })).toBe("generated/ is up to date: 0 files written\n");
  });

  it("dry-run without hand-added files: what a compile would add, update and remove", () => {
    const { outDir } = tempParent();
    writeGenerated({ outDir, files: [...baseFiles, gf("dags/old.py", "old\n", "pipelines/old.ts")], mode: "write" });
    const text = formatReport(writeGenerated({ outDir, files: baseFiles, mode: "dry-run" }), { label: "generated/" });
    expect(text).toBe(
      [
        "update: manifest.json (follows from the files above)",
        "remove: dags/old.py (was generated from pipelines/old.ts)",
        "compile would add 0, update 1 and remove 1 file(s) in generated/ (3 unchanged)",
        "",
      ].join("\n"),
    );
  });

  it("shows the manifest diff when the manifest alone was hand-edited (still valid)", () => {
    const { outDir } = tempParent();
    writeGenerated({ outDir, files: baseFiles, mode: "write" });
    const manifest = join(outDir, "manifest.json");
    writeFileSync(manifest, JSON.stringify(JSON.parse(readFileSync(manifest, "utf8"))) + "\n");
    const text = formatReport(writeGenerated({ outDir, files: baseFiles, mode: "check" }), { label: "generated/" });
    expect(text).toMatch(/^stale: manifest.json\n {4}@@ -1,1 \+1,\d+ @@\n {4}- 1 \| \{"version":1,"files":\[/);
    expect(text.endsWith("generated/ is stale: 1 stale, 0 missing, 0 extra — run npm run compile\n")).toBe(true);
  });

  it("colors only when asked", () => {
    const text = formatReport(staleResult("check"), { color: true, compileCommand: "make gen" });
    expect(text).toContain("\u001b[31m    -4 |".replace("\u001b[31m    ", "    \u001b[31m"));
    expect(text).toContain("run make gen");
  });
});
