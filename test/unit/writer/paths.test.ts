import { describe, expect, it } from "vitest";
import { validatePaths } from "../../../generators/writer/paths.ts";

const one = (path: string) => validatePaths([path]);

describe("validatePaths", () => {
  it("accepts ordinary relative POSIX paths", () => {
    expect(validatePaths(["dags/ampere/orders.py", "dbt/models/gold/fct_orders.yml", "README.md", "dags/manifest.json", "dags/émoji-✓.py"])).toEqual([]);
  });

  it.each([
    ["", "empty path"],
    ["/etc/passwd", "absolute"],
    ["C:/x.py", "absolute"],
    ["dags\\x.py", "backslash"],
    ["../outside.py", "'..'"],
    ["dags/../../x.py", "'..'"],
    ["dags//x.py", "empty segment"],
    ["dags/", "empty segment"],
    ["./dags/x.py", "'.' segment"],
    ["dags/x\u0000.py", "control character"],
    ["dags/x\n.py", "control character"],
    ["dags/x\u007f.py", "control character"],
    ["manifest.json", "reserved"],
    ["MANIFEST.json", "reserved"],
  ])("rejects %j (%s)", (path, why) => {
    const problems = one(path);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join("\n")).toContain(why);
    expect(problems.every((p) => p.startsWith(JSON.stringify(path)))).toBe(true);
  });

  it("shows control characters escaped in the message", () => {
    expect(one("a\u0000b")[0]).toContain('"a\\u0000b"');
  });

  it("reports duplicates once, with the count", () => {
    expect(validatePaths(["a.py", "b.py", "a.py", "a.py"])).toEqual(['"a.py": duplicate path (3 files)']);
  });

  it("reports case-insensitive and Unicode-normalization collisions", () => {
    const problems = validatePaths(["dags/Orders.py", "dags/orders.py", "caf\u00e9.py", "cafe\u0301.py"]);
    expect(problems).toHaveLength(2);
    expect(problems.join("\n")).toContain('"dags/Orders.py", "dags/orders.py"');
    expect(problems.join("\n")).toContain("collide on macOS");
  });

  it("reports a path that is both a file and a directory", () => {
    expect(validatePaths(["dags", "dags/x.py"])).toEqual(['"dags/x.py": its directory "dags" is also generated as a file "dags"']);
  });

  it("collects every problem, sorted, whatever the input order", () => {
    const input = ["/abs", "ok.py", "x/../y", "ok.py", "a\\b"];
    const a = validatePaths(input);
    const b = validatePaths([...input].reverse());
    // "/abs" is both absolute and has an empty leading segment
    expect(a).toHaveLength(5);
    expect(a).toEqual(b);
  });
});
