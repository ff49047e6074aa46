/**
 * The diagnostics catalog and the formatter.
 * Catalog rules: codes are two letters + three digits, unique, never a retired one, each with a
 * title and a hint; the compiler's sources use no code that is missing from the catalog, and
 * every catalog code is used somewhere (dead codes must be retired explicitly).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOG, RETIRED_CODES, type DiagnosticCode } from "../../../generators/diagnostics/catalog.ts";
import { error, hasErrors, sortDiagnostics, warning, type Diagnostic } from "../../../generators/diagnostics/diagnostic.ts";
import { diagnosticsToJson, formatDiagnostic, formatDiagnostics } from "../../../generators/diagnostics/format.ts";
import { ROOT } from "../lower/helpers.ts";

const CODES = Object.keys(CATALOG);
const CATALOG_FILE = "generators/diagnostics/catalog.ts";

/** Every .ts file under `dir` (relative to the root, POSIX), sorted. */
function sources(dir: string): string[] {
  return (readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" }) as string[])
    .filter((f) => f.endsWith(".ts"))
    .map((f) => `${dir}/${f.split(path.sep).join("/")}`)
    .sort();
}

/** Code-shaped tokens (e.g. "GR099") in the compiler and DSL sources, with where they occur. */
function codeMentions(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of [...sources("generators"), ...sources("dsl")]) {
    if (file === CATALOG_FILE) continue;
    const text = readFileSync(path.join(ROOT, file), "utf8");
    for (const m of text.matchAll(/\b([A-Z]{2}\d{3})\b/g)) {
      const line = text.slice(0, m.index).split("\n").length;
      found.set(m[1]!, [...(found.get(m[1]!) ?? []), `${file}:${line}`]);
    }
  }
  return found;
}

describe("catalog", () => {
  it("has codes of two letters and three digits", () => {
    expect(CODES.length).toBeGreaterThan(0);
    for (const code of CODES) expect(code).toMatch(/^[A-Z]{2}\d{3}$/);
  });

  it("uses each code once (also as literally written in catalog.ts)", () => {
    const text = readFileSync(path.join(ROOT, CATALOG_FILE), "utf8");
    const keys = [...text.matchAll(/^\s+([A-Z]{2}\d{3}):/gm)].map((m) => m[1]!);
    expect(keys.length).toBe(CODES.length); // a duplicated key would silently override the first
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("never brings back a retired code", () => {
    for (const code of RETIRED_CODES) {
      expect(code).toMatch(/^[A-Z]{2}\d{3}$/);
      expect(CODES).not.toContain(code);
    }
    expect(new Set(RETIRED_CODES).size).toBe(RETIRED_CODES.length);
  });

  it("gives every code a title and a hint", () => {
    for (const [code, entry] of Object.entries(CATALOG) as [DiagnosticCode, { title: string; hint: string }][]) {
      expect(entry.title.trim(), code).not.toBe("");
      expect(entry.hint.trim(), code).not.toBe("");
      expect(entry.title, code).not.toMatch(/\n/);
      expect(entry.hint, code).not.toMatch(/\n/);
    }
  });

  it("names phases the catalog documents", () => {
    for (const code of CODES) expect(["LD", "TY", "DS", "GR", "AF", "KS", "SC", "WR", "CL"]).toContain(code.slice(0, 2));
  });

  const mentions = codeMentions();

  it("knows every code the sources use", () => {
    const unknown = [...mentions.entries()].filter(([code]) => !(code in CATALOG)).map(([code, where]) => `${code} at ${where.join(", ")}`);
    expect(unknown).toEqual([]);
  });

  it("uses no retired code in the sources", () => {
    const used = RETIRED_CODES.filter((code) => mentions.has(code)).map((code) => `${code} at ${mentions.get(code)!.join(", ")}`);
    expect(used).toEqual([]);
  });

  it("uses every catalog code somewhere (retire dead ones in RETIRED_CODES)", () => {
    const unused = CODES.filter((code) => !mentions.has(code));
    expect(unused).toEqual([]);
  });
});

const at = (file: string, line: number, column: number) => ({ file, line, column });

describe("error / warning", () => {
  it("adds the catalog hint after specific hints", () => {
    const d = error("GR002", "task id 'x' is declared twice", at("pipelines/a.ts", 3, 5), "first declared at pipelines/a.ts:2");
    expect(d).toEqual({
      code: "GR002",
      severity: "error",
      message: "task id 'x' is declared twice",
      location: at("pipelines/a.ts", 3, 5),
      hints: ["first declared at pipelines/a.ts:2", CATALOG.GR002.hint],
    });
    expect(warning("DS001", "m", undefined).severity).toBe("warning");
    expect(hasErrors([warning("DS001", "m", undefined)])).toBe(false);
    expect(hasErrors([warning("DS001", "m", undefined), error("DS001", "m", undefined)])).toBe(true);
  });

  it("sorts by file, line, column, code and message", () => {
    const ds = [
      error("GR002", "b", at("pipelines/b.ts", 1, 1)),
      error("GR002", "b", at("pipelines/a.ts", 10, 1)),
      error("GR002", "b", at("pipelines/a.ts", 2, 9)),
      error("GR002", "b", at("pipelines/a.ts", 2, 3)),
      error("DS001", "z", at("pipelines/a.ts", 2, 3)),
      error("DS001", "a", at("pipelines/a.ts", 2, 3)),
      error("CL001", "no location", undefined),
    ];
    expect(sortDiagnostics(ds).map((d) => `${d.location?.file ?? "-"}:${d.location?.line ?? 0}:${d.location?.column ?? 0} ${d.code} ${d.message}`)).toEqual([
      "-:0:0 CL001 no location",
      "pipelines/a.ts:2:3 DS001 a",
      "pipelines/a.ts:2:3 DS001 z",
      "pipelines/a.ts:2:3 GR002 b",
      "pipelines/a.ts:2:9 GR002 b",
      "pipelines/a.ts:10:1 GR002 b",
      "pipelines/b.ts:1:1 GR002 b",
    ]);
  });
});

describe("formatDiagnostic", () => {
  it("prints `file:line:col error CODE message` and indented hint lines", () => {
    const d = error("GR002", "task 'publish' reads dataset 'orders_clean', which no task produces", at("pipelines/orders.ts", 12, 5), "specific hint");
    expect(formatDiagnostic(d)).toBe(
      "pipelines/orders.ts:12:5 error GR002 task 'publish' reads dataset 'orders_clean', which no task produces\n" +
        "  hint: specific hint\n" +
        `  hint: ${CATALOG.GR002.hint}`,
    );
  });

  it("leaves out the location when there is none", () => {
    expect(formatDiagnostic(error("CL001", "unknown option '--x'", undefined))).toBe(`error CL001 unknown option '--x'\n  hint: ${CATALOG.CL001.hint}`);
  });

  it("prints warnings as warnings", () => {
    expect(formatDiagnostic(warning("DS001", "m", at("p.ts", 1, 2))).split("\n")[0]).toBe("p.ts:1:2 warning DS001 m");
  });
});

describe("user values in text output", () => {
  const forged = "x\nerror: build passed\r\u0000\u001b[2K\u001b[1A\u009b\u202egnp.exe\u2028\tend";

  it("are escaped in messages, hints and file names: one diagnostic stays its own lines", () => {
    const d = error("GR002", `task id '${forged}' is declared twice`, at(`pipelines/${forged}.ts`, 3, 4), `first declared at ${forged}`);
    const text = formatDiagnostic(d);
    expect(text.split("\n")).toHaveLength(3);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u202e]/u);
    const escaped = "x\\nerror: build passed\\r\\x00\\x1b[2K\\x1b[1A\\x9b\\u202egnp.exe\\u2028\\tend";
    expect(text).toBe(
      `pipelines/${escaped}.ts:3:4 error GR002 task id '${escaped}' is declared twice\n` +
        `  hint: first declared at ${escaped}\n` +
        `  hint: ${CATALOG.GR002.hint}`,
    );
  });

  it("printable text, quotes and non-ASCII letters are kept as they are", () => {
    const d = error("DS001", "pipeline 'café_ü' → \"ok\" \\ done", undefined);
    expect(formatDiagnostic(d).split("\n")[0]).toBe("error DS001 pipeline 'café_ü' → \"ok\" \\ done");
  });

  it("stay exact (JSON-escaped) in --format json", () => {
    const d = error("GR002", forged, undefined, forged);
    const json = diagnosticsToJson([d]);
    expect(json).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/u);
    expect(JSON.parse(json).diagnostics[0].message).toBe(forged);
    expect(JSON.parse(json).diagnostics[0].hints[0]).toBe(forged);
  });
});

describe("formatDiagnostics", () => {
  const e1 = error("GR004", "cycle", at("pipelines/a.ts", 1, 1));
  const e2 = error("GR005", "loop", at("pipelines/b.ts", 2, 2));
  const w1 = warning("DS001", "odd", at("pipelines/c.ts", 3, 3));

  it("ends with the count and 'nothing written' when there are errors", () => {
    const text = formatDiagnostics([e1, e2]);
    expect(text).toBe(`${formatDiagnostic(e1)}\n${formatDiagnostic(e2)}\n2 errors; nothing written.`);
    expect(formatDiagnostics([e1]).split("\n").at(-1)).toBe("1 error; nothing written.");
    expect(formatDiagnostics([e1, w1]).split("\n").at(-1)).toBe("1 error, 1 warning; nothing written.");
  });

  it("counts warnings without 'nothing written', and prints nothing for no diagnostics", () => {
    expect(formatDiagnostics([w1]).split("\n").at(-1)).toBe("1 warning");
    expect(formatDiagnostics([w1, w1]).split("\n").at(-1)).toBe("2 warnings");
    expect(formatDiagnostics([])).toBe("");
  });
});

describe("diagnosticsToJson", () => {
  it("has file, line, column, severity, code, message and hints per diagnostic", () => {
    const ds: Diagnostic[] = [error("GR004", "cycle 'a' → 'b'", at("pipelines/a.ts", 7, 3), "h\"1"), warning("CL001", "w", undefined)];
    const parsed = JSON.parse(diagnosticsToJson(ds));
    expect(parsed).toEqual({
      diagnostics: [
        { file: "pipelines/a.ts", line: 7, column: 3, severity: "error", code: "GR004", message: "cycle 'a' → 'b'", hints: ["h\"1", CATALOG.GR004.hint] },
        { file: null, line: null, column: null, severity: "warning", code: "CL001", message: "w", hints: [CATALOG.CL001.hint] },
      ],
    });
    expect(Object.keys(parsed.diagnostics[0])).toEqual(["file", "line", "column", "severity", "code", "message", "hints"]);
  });

  it("is valid JSON for no diagnostics", () => {
    expect(JSON.parse(diagnosticsToJson([]))).toEqual({ diagnostics: [] });
  });
});
