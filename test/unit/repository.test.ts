import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const SKIP = new Set(["node_modules", ".git", "generated", ".venv", "__pycache__", ".pytest_cache"]);

function* textFiles(dir: string): Generator<string> {
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(d.name)) continue;
    const abs = path.join(dir, d.name);
    if (d.isDirectory()) yield* textFiles(abs);
    else if (d.isFile() && statSync(abs).size < 2_000_000) yield abs;
  }
}

describe("the repository stands alone", () => {
  it("no file reads the shared folder that sits beside our own checkout (a fresh clone has none)", () => {
    // Built at run time so this file does not match itself.
    const up = "..";
    const patterns = [`${up}/shared`, `"${up}", "shared"`, `${up}\\shared`];
    const hits: string[] = [];
    for (const file of textFiles(REPO)) {
      const text = readFileSync(file, "utf8");
      for (const p of patterns) if (text.includes(p)) hits.push(`${path.relative(REPO, file)}: ${p}`);
    }
    expect(hits).toEqual([]);
  });

  it("the schemas the tests validate against are in the repository, with their licences", () => {
    for (const f of [
      "test/schemas/spark-operator/sparkapplication.v1beta2.schema.json",
      "test/schemas/spark-operator/LICENSE",
      "test/schemas/dbt/latest/dbt_project-latest.json",
      "test/schemas/dbt/latest_fusion/profiles-latest-fusion.json",
      "test/schemas/dbt/License.md",
    ]) expect(statSync(path.join(REPO, f)).size, f).toBeGreaterThan(1000);
  });
});
