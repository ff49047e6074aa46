/**
 * jinjaTemplate / jinjaStringLiteral proven with Airflow's own Jinja environment (the one a task
 * renders its templated fields with: `DAG(...).get_template_env()`, sandboxed, with Airflow's
 * `ds`/`ds_nodash`/`ts` filters and `keep_trailing_newline=False`). Each template reaches Python
 * exactly as a generated DAG carries it: `pyStr(jinjaTemplate(text))`.
 */
import { describe, expect, it } from "vitest";
import type { IrText, TextPart } from "../../../generators/ir/types.ts";
import { jinjaLiteral, jinjaStringLiteral, jinjaTemplate } from "../../../generators/literals/jinja.ts";
import { pyStr } from "../../../generators/literals/python.ts";
import { ensurePythonEnv, pythonSubprocessEnv } from "../../integration/helpers/python-env.ts";
import { runPythonJson, units } from "./python-runner.ts";

const lit = (value: string): TextPart => ({ kind: "literal", value });
const rt = (name: Extract<TextPart, { kind: "runtime" }>["name"]): TextPart => ({ kind: "runtime", name });
const v = (name: string, fallback: string): TextPart => ({ kind: "variable", name, default: fallback });

/** Context of the render: a scheduled run on 2025-08-24 04:15 UTC, and a manual run with no logical date. */
const SCHEDULED = { runDate: "2025-08-24", runDateNodash: "20250824", logicalDate: "2025-08-24T04:15:00+00:00", runId: "scheduled__2025-08-24T04:15:00+00:00", tryNumber: "3" };
const MANUAL = { runDate: "2025-09-01", runDateNodash: "20250901", logicalDate: "2025-09-01T12:30:00+00:00", runId: "manual__2025-09-01T12:30:00+00:00", tryNumber: "3" };
/** Airflow Variables that are set; any other name falls back to its default. */
const VARIABLES: Record<string, string> = { release: "1.4.0", "we'ird \\ näme {{": "{{ not rendered }}\r\n" };

function expected(text: IrText, run: typeof SCHEDULED): string {
  return text
    .map((p) => (p.kind === "literal" ? p.value : p.kind === "variable" ? (VARIABLES[p.name] ?? p.default) : run[p.name]))
    .join("");
}

const HOSTILE = [
  "",
  "plain text",
  "{{ ds }}",
  "{{",
  "}}",
  "{%",
  "%}",
  "{#",
  "#}",
  "{% raw %}{{ x }}{% endraw %}",
  "{%- if true -%}yes{%- endif -%}",
  "{# comment #}",
  "{{ 7 * 7 }}",
  "{{ ''.__class__.__mro__ }}",
  "{",
  "}",
  "{{{",
  "}}}",
  "{ {",
  "a{",
  "${HOME} and $(date)",
  "'single' \"double\" \\back\\slash\\",
  "\\x41 \\u0041 \\n",
  "CR\ronly",
  "CRLF\r\nline",
  "\r",
  "\r\n",
  "line\nfeed",
  "\n",
  "leading\n",
  "trailing newline\n",
  "two trailing newlines\n\n",
  "tab\tand\x0bvertical\x0cform",
  "\0 nul and \x01 \x1f \x7f \x85",
  "\u2028\u2029",
  "\ufeffbom",
  "café 日本語 😀 \u{10ffff}",
  "lone \ud800 and \udc00",
  "#",
  "## line statement?",
  "% line statement?",
];

interface Case {
  readonly name: string;
  readonly text: IrText;
}

const CASES: Case[] = [
  ...HOSTILE.map((s, i) => ({ name: `literal ${i} ${JSON.stringify(s)}`, text: [lit(s)] })),
  // A lone `{` right before a run-time part must not merge into `{{{`.
  { name: "lone { before runDate", text: [lit("x{"), rt("runDate")] },
  { name: "{ before and } after runDate", text: [lit("--date={"), rt("runDate"), lit("}")] },
  { name: "{{ before runDate", text: [lit("{{"), rt("runDate"), lit("}}")] },
  { name: "{% around a variable", text: [lit("{%"), v("release", "0"), lit("%}")] },
  { name: "{# before tryNumber", text: [lit("{#"), rt("tryNumber")] },
  { name: "every run-time value", text: [rt("runDate"), lit(" "), rt("runDateNodash"), lit(" "), rt("logicalDate"), lit(" "), rt("runId"), lit(" "), rt("tryNumber")] },
  { name: "CR around run-time values", text: [lit("a\r"), rt("runDate"), lit("\r\nb\r")] },
  { name: "trailing newline after a run-time value", text: [rt("runDate"), lit("\n")] },
  { name: "set variable", text: [lit("image:"), v("release", "latest")] },
  { name: "unset variable, hostile default", text: [v("unset_var", "{{ 1 + 1 }}'\"\\\r\n😀\ud800")] },
  { name: "set variable with a hostile name", text: [v("we'ird \\ näme {{", "fallback")] },
  { name: "unset variable with a hostile name", text: [v("ünset '}} {%", "d{")] },
  { name: "literal between two run-time values", text: [rt("runId"), lit("}}{{"), rt("runId")] },
];

interface Rendered {
  literals: string[];
  scheduled: string[];
  manual: string[];
}

function renderScript(): string {
  const templates = CASES.map((c) => pyStr(jinjaTemplate(c.text)));
  const stringLiterals = HOSTILE.map((s) => pyStr(`{{ ${jinjaStringLiteral(s)} }}`));
  return `
import json, logging
logging.disable(logging.CRITICAL)
import pendulum
from airflow.sdk import DAG

env = DAG("literals_test").get_template_env()

VARIABLES = json.loads(${pyStr(JSON.stringify(VARIABLES))})

class VariableAccessor:
    def get(self, name, default=None):
        return VARIABLES.get(name, default)

class DagRun:
    def __init__(self, run_after):
        self.run_after = run_after

class TI:
    try_number = 3

def context(logical_date, run_after, run_id):
    return {"logical_date": logical_date, "dag_run": DagRun(run_after), "run_id": run_id, "ti": TI(),
            "var": {"value": VariableAccessor()}}

scheduled = context(pendulum.datetime(2025, 8, 24, 4, 15, tz="UTC"), pendulum.datetime(2025, 8, 25, 4, 15, tz="UTC"),
                    ${pyStr(SCHEDULED.runId)})
manual = context(None, pendulum.datetime(2025, 9, 1, 12, 30, tz="UTC"), ${pyStr(MANUAL.runId)})

templates = [
${templates.map((t) => `    ${t},`).join("\n")}
]
literals = [
${stringLiterals.map((t) => `    ${t},`).join("\n")}
]
print(json.dumps({
    "literals": [env.from_string(t).render() for t in literals],
    "scheduled": [env.from_string(t).render(**scheduled) for t in templates],
    "manual": [env.from_string(t).render(**manual) for t in templates],
}, ensure_ascii=True))
`;
}

describe("jinja literals through Airflow's template environment", () => {
  const python = ensurePythonEnv();
  const result = runPythonJson<Rendered>(python, renderScript(), pythonSubprocessEnv());

  const same = (what: string, input: string, got: string, source: string) => {
    if (got !== input) expect.fail(`${what}: expected ${JSON.stringify(input)}, rendered ${JSON.stringify(got)}\n  expected: ${units(input)}\n  rendered: ${units(got)}\n  template: ${source}`);
  };

  it("jinjaStringLiteral: {{ literal }} renders the string back, code unit for code unit", () => {
    HOSTILE.forEach((s, i) => same(`string literal ${i}`, s, result.literals[i]!, jinjaStringLiteral(s)));
  });

  it.each(CASES.map((c, i) => [c.name, i] as const))("jinjaTemplate: %s renders literal parts verbatim (scheduled run)", (_name, i) => {
    const c = CASES[i]!;
    same(c.name, expected(c.text, SCHEDULED), result.scheduled[i]!, jinjaTemplate(c.text));
  });

  it("run-time parts of a manual run fall back to run_after", () => {
    CASES.forEach((c, i) => same(c.name, expected(c.text, MANUAL), result.manual[i]!, jinjaTemplate(c.text)));
  });
});

describe("jinjaTemplate source", () => {
  it("keeps literal text without { or CR verbatim (readable DAG files)", () => {
    expect(jinjaTemplate([lit("--run-date")])).toBe("--run-date");
    expect(jinjaTemplate([lit("}} %} #} 'x' \"y\" \\ café")])).toBe("}} %} #} 'x' \"y\" \\ café");
    expect(jinjaLiteral("ghcr.io/acme/image:1.0")).toBe("ghcr.io/acme/image:1.0");
  });

  it("wraps literals that Jinja would interpret as string expressions", () => {
    expect(jinjaTemplate([lit("{{ ds }}")])).toBe("{{ '{{ ds }}' }}");
    expect(jinjaTemplate([lit("a{")])).toBe("{{ 'a{' }}");
    expect(jinjaTemplate([lit("a\rb")])).toBe("{{ 'a\\x0db' }}");
    // Jinja drops the newline that ends a template; one elsewhere is kept as is.
    expect(jinjaTemplate([lit("a\n")])).toBe("{{ 'a\\x0a' }}");
    expect(jinjaTemplate([lit("a\n"), rt("runId")])).toBe("a\n{{ run_id }}");
  });

  it("writes run-time values and variables as expressions", () => {
    expect(jinjaTemplate([lit("--run-date="), rt("runDate")])).toBe("--run-date={{ (logical_date or dag_run.run_after) | ds }}");
    expect(jinjaTemplate([rt("runDateNodash")])).toBe("{{ (logical_date or dag_run.run_after) | ds_nodash }}");
    expect(jinjaTemplate([rt("logicalDate")])).toBe("{{ (logical_date or dag_run.run_after) | ts }}");
    expect(jinjaTemplate([rt("runId")])).toBe("{{ run_id }}");
    expect(jinjaTemplate([rt("tryNumber")])).toBe("{{ ti.try_number }}");
    expect(jinjaTemplate([v("pg_work_mem", "64MB")])).toBe("{{ var.value.get('pg_work_mem', '64MB') }}");
  });
});

describe("jinjaStringLiteral", () => {
  it("is pure printable ASCII inside single quotes", () => {
    for (const s of HOSTILE) expect(jinjaStringLiteral(s)).toMatch(/^'([\x20-\x26\x28-\x5b\x5d-\x7e]|\\.)*'$/);
  });

  it("escapes quotes, backslashes, control characters and non-ASCII", () => {
    expect(jinjaStringLiteral("it's")).toBe("'it\\'s'");
    expect(jinjaStringLiteral("a\\b")).toBe("'a\\\\b'");
    expect(jinjaStringLiteral("\r\n\0")).toBe("'\\x0d\\x0a\\x00'");
    expect(jinjaStringLiteral("é")).toBe("'\\xe9'");
    expect(jinjaStringLiteral("日")).toBe("'\\u65e5'");
    expect(jinjaStringLiteral("😀")).toBe("'\\U0001f600'");
    expect(jinjaStringLiteral("\ud800")).toBe("'\\ud800'");
  });
});
