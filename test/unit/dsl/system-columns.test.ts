/**
 * SYSTEM_COLUMNS (dsl/system-columns.ts) names the columns the Spark jobs add to every bronze and
 * silver table: read back from the jobs' own constants, so the two cannot drift apart.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SYSTEM_COLUMNS } from "../../../dsl/index.ts";
import { RULE_CURSOR_COLUMNS } from "../../../generators/lower/silver-columns.ts";
import { ROOT } from "../lower/helpers.ts";

const JOBS = path.join(ROOT, "spark-jobs", "lakehouse_jobs");

/** `NAME = "value"` and `A, B = "a", "b"` string constants of a Python module. */
function constants(file: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of readFileSync(path.join(JOBS, file), "utf8").matchAll(/^([A-Z_][A-Z0-9_, ]*?)\s*=\s*("[^"\n]*"(?:\s*,\s*"[^"\n]*")*)\s*(?:#.*)?$/gm)) {
    const names = m[1]!.split(",").map((n) => n.trim());
    const values = [...m[2]!.matchAll(/"([^"]*)"/g)].map((v) => v[1]!);
    names.forEach((n, i) => values[i] !== undefined && out.set(n, values[i]!));
  }
  return out;
}

/** The values of a tuple of constants, e.g. `LANDING_COLUMNS = (ROW_HASH, INGEST_RUN_ID, ...)`. */
function tuple(file: string, name: string, known: Map<string, string>): string[] {
  const m = new RegExp(`^${name} = \\(([^)]*)\\)`, "m").exec(readFileSync(path.join(JOBS, file), "utf8"));
  if (!m) throw new Error(`${name} not found in ${file}`);
  return m[1]!.split(",").map((n) => n.trim()).filter(Boolean).map((n) => {
    const value = known.get(n.replace(/^\w+\./, ""));
    if (value === undefined) throw new Error(`${file}: ${n} is not a known string constant`);
    return value;
  });
}

describe("SYSTEM_COLUMNS", () => {
  it("bronze: the landing lineage columns bronze keeps, then the columns bronze sets (lineage.py)", () => {
    const lineage = constants("lineage.py");
    expect(SYSTEM_COLUMNS.bronze).toEqual([...tuple("lineage.py", "LANDING_COLUMNS", lineage), ...tuple("lineage.py", "BRONZE_COLUMNS", lineage)]);
  });

  it("silver: the lineage columns every silver write adds (silver/writers.py, silver/transform.py)", () => {
    const known = new Map([...constants("silver/transform.py"), ...constants("silver/writers.py")]);
    expect(SYSTEM_COLUMNS.silver).toEqual(tuple("silver/writers.py", "LINEAGE", known));
  });

  it("silver rules also see the job's cursor columns while it evaluates them (silver/transform.py INTERNAL)", () => {
    const known = new Map([...constants("lineage.py"), ...constants("silver/transform.py")]);
    expect([...RULE_CURSOR_COLUMNS]).toEqual(tuple("silver/transform.py", "INTERNAL", known));
  });
});
