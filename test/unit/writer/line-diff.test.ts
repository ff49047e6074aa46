import { describe, expect, it } from "vitest";
import { diffLines } from "../../../generators/writer/line-diff.ts";

const lines = (n: number, f: (i: number) => string = (i) => `line ${i}`) => Array.from({ length: n }, (_, i) => f(i + 1)).join("\n") + "\n";

describe("diffLines", () => {
  it("is empty for equal content", () => {
    expect(diffLines("a\nb\n", "a\nb\n")).toBe("");
  });

  it("shows one changed line with line numbers and context", () => {
    const before = lines(10);
    const after = before.replace("line 5\n", "line five\n");
    expect(diffLines(before, after)).toBe(["@@ -4,3 +4,3 @@", "  4 | line 4", "- 5 | line 5", "+ 5 | line five", "  6 | line 6"].join("\n"));
  });

  it("numbers insertions and deletions on their own side", () => {
    const d = diffLines("a\nb\nc\n", "a\nc\nd\n");
    expect(d).toBe(["@@ -1,3 +1,3 @@", " 1 | a", "-2 | b", " 3 | c", "+3 | d"].join("\n"));
  });

  it("caps the output at 20 changed lines", () => {
    const d = diffLines(lines(100), lines(100, (i) => `changed ${i}`));
    const changed = d.split("\n").filter((l) => /^[-+]/.test(l));
    expect(changed).toHaveLength(20);
    expect(d).toContain("… 180 more differing line(s)");
  });

  it("falls back to a summary when the table would be too big", () => {
    expect(diffLines(lines(50), lines(60, (i) => `x${i}`), { maxCells: 100 })).toBe("content differs (50 lines vs 60 lines)");
  });

  it("handles large files with one small change cheaply (prefix/suffix trim)", () => {
    const before = lines(200_000);
    const after = before.replace("line 100000\n", "line 100000 edited\n");
    const d = diffLines(before, after);
    expect(d).toContain("-100000 | line 100000");
    expect(d).toContain("+100000 | line 100000 edited");
  });

  it("explains CRLF and final-newline differences", () => {
    expect(diffLines("a\r\nb\r\n", "a\nb\n")).toContain("CRLF on disk");
    expect(diffLines("a\nb", "a\nb\n")).toBe("\\ no newline at end of file on disk");
    expect(diffLines("a\r\nc\n", "a\nb\n")).toBe(["@@ -1,2 +1,2 @@", "-1 | a\\r", "-2 | c", "+1 | a", "+2 | b"].join("\n"));
  });

  it("handles empty sides", () => {
    expect(diffLines("", "a\n")).toBe(["@@ -0,0 +1,1 @@", "+1 | a"].join("\n"));
    expect(diffLines("a\n", "")).toBe(["@@ -1,1 +0,0 @@", "-1 | a"].join("\n"));
  });
});
