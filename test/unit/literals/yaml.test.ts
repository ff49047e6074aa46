import YAML from "yaml";
import { describe, expect, it } from "vitest";
import { yamlBlock, yamlText } from "../../../generators/literals/yaml.ts";

describe("YAML keys", () => {
  it("words YAML 1.1 reads as booleans or null are quoted, so they stay string keys", () => {
    const words = ["yes", "Yes", "YES", "no", "No", "on", "On", "off", "OFF", "true", "True", "false", "FALSE", "null", "Null", "y", "Y", "n", "N"];
    const map = Object.fromEntries(words.map((w) => [w, w]));
    const text = yamlBlock({ nodeSelector: map });
    for (const version of ["1.1", "1.2"] as const) {
      const parsed = YAML.parse(text, { version });
      expect(Object.keys(parsed.nodeSelector).sort()).toEqual([...words].sort());
    }
    expect(text).toContain('  "yes": "yes"\n');
    expect(yamlBlock({ kubernetes_io: "x", "kubernetes.io/hostname": "y" })).toBe('kubernetes_io: "x"\nkubernetes.io/hostname: "y"\n');
  });
});

describe("text with run-time parts", () => {
  it("keeps astral characters literal (no surrogate escapes) and escapes braces of literal parts", () => {
    const out = yamlText([{ kind: "literal", value: "🚀{{ x }}\"" }, { kind: "runtime", name: "runDate" }]);
    expect(out).toBe('"🚀\\x7b\\x7b x }}\\"{{ (logical_date or dag_run.run_after) | ds }}"');
    expect(out).not.toMatch(/\\ud83d/i);
  });

  it("escapes a run-time value that may hold quotes, backslashes or line breaks for the quoted scalar", () => {
    const out = yamlText([{ kind: "runtime", name: "runId" }]);
    expect(out.startsWith('"{{ (run_id) | string | replace(')).toBe(true);
    for (const escape of ["'\\\\\\\\'", "'\\\\\"'", "'\\\\n'", "'\\\\r'", "'\\\\t'"]) expect(out).toContain(escape);
  });
});

describe("long keys", () => {
  it("a key longer than YAML's 1024-character limit for implicit keys is written as an explicit key", () => {
    const long = "k".repeat(5000);
    const text = yamlBlock({ nodeSelector: { [long]: "v", short: "w" }, nested: { [long]: { a: "b" } } });
    expect(text).toContain(`  ? ${long}\n  : "v"\n`);
    for (const version of ["1.1", "1.2"] as const) {
      expect(YAML.parse(text, { version })).toEqual({ nodeSelector: { [long]: "v", short: "w" }, nested: { [long]: { a: "b" } } });
    }
  });
});
