/**
 * pyStr / pyValue / pyIdentifier against hostile inputs, proven with the real CPython: every
 * literal is parsed by python3 and must come back (through json, ensure_ascii) code-unit equal.
 */
import { describe, expect, it } from "vitest";
import { py, pyIdentifier, pyStr, pyValue, type PyValue } from "../../../generators/literals/python.ts";
import { runPythonJson, units } from "./python-runner.ts";

const PYTHON = process.env["LAKEC_BASE_PYTHON"] ?? "python3";
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const controls = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i));
const c1 = Array.from({ length: 0x21 }, (_, i) => String.fromCharCode(0x7f + i)); // DEL + C1

/** Every string here must survive pyStr → CPython → json unchanged. */
const STRINGS: string[] = [
  "",
  "plain",
  "'",
  '"',
  "\\",
  "\\\\",
  "ends with a backslash\\",
  '\\"',
  "\\'",
  "'''",
  '"""',
  '""""',
  "'''\"\"\"'''",
  'say "hi" and \'bye\'',
  "\\n is not a newline",
  "\\x00 \\u2028 \\N{BULLET}",
  "line1\nline2",
  "\r",
  "\r\n",
  "\n\r\n\r",
  "tab\there",
  "\0",
  "nul\0in the middle",
  "\0\x01\x02\x7f",
  ...controls,
  controls.join(""),
  ...c1,
  c1.join(""),
  "\u2028",
  "\u2029",
  "a\u2028b\u2029c",
  "\ufeff",
  "\ufeffBOM first",
  "\u00a0nbsp\u00ad\u200b\u200e\u202e", // invisible and bidi characters
  "\ud800", // lone high surrogate
  "\udfff", // lone low surrogate
  "\udc00\ud800", // reversed pair: two lone surrogates
  "x\ud83dy",
  "\ud83d", // high surrogate at the very end
  "😀",
  "😀\ud83d",
  "\ude00😀",
  "👩‍👩‍👧‍👦 family (ZWJ sequence)",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u{10ffff} \u{1f600}",
  "日本語 ελληνικά русский עברית العربية",
  "{{ ds }} {% if %} {# c #}",
  "f'{x}' {0} %s %(name)s",
  "#not a comment",
  "a\x0bb\x0cc\x1cd\x1de\x1ef\x85g", // everything Python's str.splitlines() breaks on
  "\"\"\"docstring\"\"\" + '\\' + \"\\\"",
  "x".repeat(10_000),
];

function pythonScript(strLiterals: string[], valueLiterals: string[], identifiers: string[]): string {
  return [
    "import json, keyword",
    `strs = [\n${strLiterals.map((l) => `    ${l},`).join("\n")}\n]`,
    `values = [\n${valueLiterals.map((l) => `    ${l},`).join("\n")}\n]`,
    `ids = [\n${identifiers.map((l) => `    ${pyStr(l)},`).join("\n")}\n]`,
    "soft = getattr(keyword, 'issoftkeyword', lambda s: False)",
    "checks = [[s, s.isidentifier(), keyword.iskeyword(s), soft(s)] for s in ids]",
    "print(json.dumps({'strs': strs, 'types': [type(s).__name__ for s in strs], 'values': values, 'ids': checks}, ensure_ascii=True))",
    "",
  ].join("\n");
}

interface PyResult {
  strs: string[];
  types: string[];
  values: unknown[];
  ids: [string, boolean, boolean, boolean][];
}

const VALUES: PyValue[] = [
  null,
  undefined,
  true,
  false,
  0,
  -1,
  42,
  3.5,
  -0.000001,
  1e21,
  1.5e-7,
  Number.MAX_SAFE_INTEGER,
  "\"'\\\n",
  [],
  {},
  ["a", 1, null, true, ["nested", ["deeper\u2028"]]],
  { "key with \"quotes\"": "v", "'": "\\", "\n": "\r", "😀": ["\ud800"], "": null },
  { owner: "airflow", retries: 0, depends_on_past: false, nested: { list: [1, 2.25, "x"] } },
];

/** JSON view of a PyValue (undefined → null), what Python's json.dumps must print back. */
const asJson = (v: PyValue): unknown => JSON.parse(JSON.stringify(v === undefined ? null : v, (_k, x) => (x === undefined ? null : x)));

const IDENTIFIER_INPUTS: string[] = [
  "run__pre_raw__daily",
  "trigger__raw_landing__daily",
  "task.with.dots",
  "task-with-dashes",
  "1starts_with_digit",
  "123",
  "",
  "_",
  "__",
  "class",
  "def",
  "None",
  "True",
  "False",
  "import",
  "lambda",
  "async",
  "await",
  "match",
  "case",
  "type",
  "dag",
  "café",
  "日本",
  "😀",
  "a b c",
  "if",
  "if", // same keyword twice: must still be unique
  "a-b",
  "a_b", // collides with "a-b" after sanitising
  "a.b",
  "a_b_2", // collides with the suffix given to the second a_b
  "task_1", // collides with "1" → "task_1"
  "1",
  "1",
  ...Array.from({ length: 30 }, () => "dup"),
];

describe("python literals through CPython", () => {
  const identifiers: string[] = [];
  const taken = new Set<string>();
  for (const name of IDENTIFIER_INPUTS) identifiers.push(pyIdentifier(name, taken));
  const result = runPythonJson<PyResult>(PYTHON, pythonScript(STRINGS.map(pyStr), VALUES.map(pyValue), identifiers));

  it("pyStr round-trips every hostile string code unit for code unit", () => {
    expect(result.strs).toHaveLength(STRINGS.length);
    STRINGS.forEach((input, i) => {
      const back = result.strs[i]!;
      if (back !== input) expect.fail(`case ${i}: ${JSON.stringify(input)} came back as ${JSON.stringify(back)}\n  in:  ${units(input)}\n  out: ${units(back)}\n  literal: ${pyStr(input)}`);
    });
    expect(result.types.every((t) => t === "str")).toBe(true);
  });

  it("pyValue round-trips None, bools, numbers, lists and dicts", () => {
    expect(result.values).toEqual(VALUES.map(asJson));
    // Dict keys keep their insertion order.
    const dict = result.values[VALUES.length - 1] as Record<string, unknown>;
    expect(Object.keys(dict)).toEqual(["owner", "retries", "depends_on_past", "nested"]);
  });

  it("pyIdentifier results are valid identifiers, not keywords or soft keywords, and unique", () => {
    for (const [id, isIdentifier, isKeyword, isSoft] of result.ids) {
      expect({ id, isIdentifier, isKeyword, isSoft }).toEqual({ id, isIdentifier: true, isKeyword: false, isSoft: false });
    }
    expect(new Set(identifiers).size).toBe(identifiers.length);
  });
});

describe("pyStr", () => {
  it("writes double-quoted literals with the usual escapes", () => {
    expect(pyStr("")).toBe('""');
    expect(pyStr("abc")).toBe('"abc"');
    expect(pyStr('a"b')).toBe('"a\\"b"');
    expect(pyStr("a'b")).toBe('"a\'b"');
    expect(pyStr("a\\b")).toBe('"a\\\\b"');
    expect(pyStr("a\nb\rc\td")).toBe('"a\\nb\\rc\\td"');
    expect(pyStr("\0")).toBe('"\\x00"');
    expect(pyStr("\x7f\x85\x9f")).toBe('"\\x7f\\x85\\x9f"');
    expect(pyStr("\u2028\u2029\ufeff")).toBe('"\\u2028\\u2029\\ufeff"');
    expect(pyStr("\ud800")).toBe('"\\ud800"');
  });

  it("keeps readable Unicode (and whole surrogate pairs) as is", () => {
    expect(pyStr("café 日本 😀")).toBe('"café 日本 😀"');
  });

  it("never emits a raw line break, control character, BOM or lone surrogate", () => {
    for (const s of STRINGS) {
      const lit = pyStr(s);
      expect(lit).toMatch(/^"[^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]*"$/s);
      expect(lit).not.toMatch(LONE_SURROGATE);
      // The only unescaped quotes are the two delimiters.
      expect(lit.slice(1, -1).replace(/\\\\/g, "").replace(/\\"/g, "")).not.toContain('"');
    }
  });
});

describe("pyValue", () => {
  it("renders scalars", () => {
    expect(pyValue(null)).toBe("None");
    expect(pyValue(undefined)).toBe("None");
    expect(pyValue(true)).toBe("True");
    expect(pyValue(false)).toBe("False");
    expect(pyValue(7)).toBe("7");
    expect(pyValue(-2.5)).toBe("-2.5");
  });

  it("refuses numbers Python has no literal for", () => {
    expect(() => pyValue(Number.NaN)).toThrow(/NaN/);
    expect(() => pyValue(Number.POSITIVE_INFINITY)).toThrow(/Infinity/);
    expect(() => pyValue(Number.NEGATIVE_INFINITY)).toThrow(/Infinity/);
  });

  it("passes PyCode through verbatim and escapes dict keys", () => {
    expect(pyValue({ retry_delay: py("pendulum.duration(seconds=300)") })).toBe('{"retry_delay": pendulum.duration(seconds=300)}');
    expect(pyValue({ 'k"': [1, "x"] })).toBe('{"k\\"": [1, "x"]}');
  });
});

describe("pyIdentifier", () => {
  it("keeps readable ids unchanged", () => {
    expect(pyIdentifier("run__pre_raw__daily", new Set())).toBe("run__pre_raw__daily");
    expect(pyIdentifier("Task_A1", new Set())).toBe("Task_A1");
  });

  it("prefixes ids that start with a digit or are keywords", () => {
    expect(pyIdentifier("1abc", new Set())).toBe("task_1abc");
    expect(pyIdentifier("class", new Set())).toBe("task_class");
    expect(pyIdentifier("None", new Set())).toBe("task_None");
    expect(pyIdentifier("dag", new Set())).toBe("task_dag");
  });

  it("replaces characters that are not allowed in identifiers", () => {
    expect(pyIdentifier("a-b.c d", new Set())).toBe("a_b_c_d");
  });

  it("numbers collisions and records what it hands out", () => {
    const taken = new Set<string>();
    expect(pyIdentifier("a-b", taken)).toBe("a_b");
    expect(pyIdentifier("a_b", taken)).toBe("a_b_2");
    expect(pyIdentifier("a.b", taken)).toBe("a_b_3");
    expect(pyIdentifier("a_b_2", taken)).toBe("a_b_2_2");
    expect([...taken]).toEqual(["a_b", "a_b_2", "a_b_3", "a_b_2_2"]);
  });

  it("avoids names already taken by the caller", () => {
    const taken = new Set(["pendulum", "DAG"]);
    expect(pyIdentifier("pendulum", taken)).toBe("pendulum_2");
    expect(pyIdentifier("DAG", taken)).toBe("DAG_2");
  });
});
