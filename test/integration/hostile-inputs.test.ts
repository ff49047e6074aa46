// Hostile text through the whole tool: a generated project whose every user-provided text that
// reaches a DAG file (descriptions, tags, owners, pod command/args/env, template`...` literals,
// Variable names and defaults, http endpoints/bodies/headers, connection ids, image names,
// node selectors, secret keys, branch Variable names, task docs) is hostile: quotes, triple
// quotes, backslashes, newlines, CR, tabs, Jinja syntax, lone braces next to run-time values,
// Unicode (RTL, combining marks, U+2028, emoji), control characters, NUL. Python keywords as
// task ids, and names at their length limits. Compiled by the real CLI, imported and rendered
// by a real Airflow 3.1 DagBag: zero import errors, and every rendered value equals the input.
// Invalid hostile inputs give diagnostics (exit 1), never a crash (exit 2).
import { execFile, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DagBagReport, type DagReport, REPO_ROOT, ensurePythonEnv, inspectDagBag, pythonSubprocessEnv } from "./helpers/python-env.ts";

const TSX = path.join(REPO_ROOT, "node_modules", "tsx", "dist", "cli.mjs");
const MAIN = path.join(REPO_ROOT, "generators", "cli", "main.ts");
const DATE = "2025-09-07"; // a Sunday
const TS = `${DATE}T00:00:00+00:00`;

// ---------------------------------------------------------------------------------------------
// A tiny model of text with run-time values: the same model writes the pipeline source and
// computes what Airflow must render, so expectations never come from the compiler itself.
// ---------------------------------------------------------------------------------------------

type Rt = "runDate" | "runDateNodash" | "logicalDate" | "runId" | "tryNumber";
type Part = string | { readonly rt: Rt } | { readonly var: string; readonly def: string };
type Text = readonly Part[];
const rt = (name: Rt): Part => ({ rt: name });
const v = (name: string, def: string): Part => ({ var: name, def });

/** A TypeScript string literal (JSON is valid TS; line/paragraph separators escaped for readability). */
const tsString = (s: string): string => JSON.stringify(s).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
/** Text inside a tagged template literal: cooked value === s. */
const tplChunk = (s: string): string =>
  JSON.stringify(s).slice(1, -1).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029").replace(/`/g, "\\`").replace(/\$\{/g, "\\${");

function partSrc(p: Part): string {
  if (typeof p === "string") return tsString(p);
  if ("rt" in p) return p.rt;
  return `variable(${tsString(p.var)}, ${tsString(p.def)})`;
}
/** A single part as itself; several as a real tagged template literal. */
function textSrc(t: Text): string {
  if (t.length === 1) return partSrc(t[0]!);
  return `template\`${t.map((p) => (typeof p === "string" ? tplChunk(p) : `\${${partSrc(p)}}`)).join("")}\``;
}
/** A JSON value as TypeScript source. */
const jsonSrc = (value: unknown): string => JSON.stringify(value).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
const recordSrc = (r: Readonly<Record<string, string>>): string => `{ ${Object.entries(r).map(([k, x]) => `${tsString(k)}: ${tsString(x)}`).join(", ")} }`;

function render(t: Text, runId: string, vars: Readonly<Record<string, string>>): string {
  return t.map((p) => {
    if (typeof p === "string") return p;
    if ("var" in p) return vars[p.var] ?? p.def;
    return { runDate: DATE, runDateNodash: DATE.replaceAll("-", ""), logicalDate: TS, runId, tryNumber: "1" }[p.rt];
  }).join("");
}

// ---------------------------------------------------------------------------------------------
// The hostile inputs
// ---------------------------------------------------------------------------------------------

const HOSTILE: Readonly<Record<string, string>> = {
  quotes: `single ' double " both '" and "' end`,
  triple_quotes: `triple ''' and """ and '''""" end'''`,
  backslashes: "C:\\new\\table \\n \\t \\x00 \\u2028 \\N{BULLET} \\' \\\" ends with \\",
  newlines: "line1\nline2\n\nline4",
  crlf: "windows\r\nline\r\n",
  lone_cr: "old mac\rline",
  tabs: "col1\tcol2\t",
  trailing_newline: "ends with a newline\n",
  trailing_newlines: "two\n\n",
  leading_newline: "\nstarts with a newline",
  jinja_expr: "{{ ds }} {{ var.value.secret }} {{ 7*7 }} {{ ti.xcom_pull('x') }}",
  jinja_stmt: "{% if true %}yes{% else %}no{% endif %} {%- raw -%} {% endraw %}",
  jinja_comment: "{# hidden #} and an open {# comment",
  closers: "}} %} #} }}} }",
  lone_brace: "lone { brace",
  brace_end: "ends with {",
  brace_start: "{starts with a brace",
  unicode: "é 日本語 🚀 Ünïcødé ✓ 𝔘𝔫𝔦",
  rtl: "RTL \u202Eevil\u202C שלום مرحبا",
  combining: "e\u0301 a\u0308 n\u0303 Z\u0351\u0352\u0353",
  separators: "line sep \u2028 para sep \u2029 nel \u0085 vt \u000b ff \u000c",
  invisible: "bom \uFEFF zwsp \u200B zwj \u200D",
  controls: "bell \u0007 esc \u001b[31m del \u007f c1 \u009b",
  nul: "nul \u0000 byte",
  lone_surrogate: "lone \uD800 surrogate",
  python: "%s %(x)s {0} {x!r} f'{x}' __import__('os').system('id') \"\"\"",
  shell: "$(id) `id` ; rm -rf / && echo $HOME | cat > /dev/null",
  yaml: "key: value\n- item\n---\n&anchor *alias !!python/object:os.system",
  json: '{"a": [1, 2, {"b": null}], "c": "\\u0000"}',
  template_ext_yaml: "conf/app.yaml",
  template_ext_json: "report.json",
  empty: "",
  spaces: "   ",
  long: `${"long text ".repeat(500)}end`,
};
const KEYS = Object.keys(HOSTILE);
const H = (k: string) => HOSTILE[k]!;

/** Variable names: hostile, but each can be supplied as an environment variable. */
const VAR_NAMES = ["it's", 'say "hi"', "back\\slash", "{{ ds }}", "{% if %}", "日本 🚀", "with space", "semi;colon$dollar", "new\nline"];
const varName = (i: number) => VAR_NAMES[i % VAR_NAMES.length]!;
const SUPPLIED: Readonly<Record<string, string>> = Object.fromEntries(
  VAR_NAMES.map((name, i) => [name, `supplied #${i} ' " {{ ds }} {% x %} 🚀 \\ \n end`]),
);
const envVarOf = (name: string) => `AIRFLOW_VAR_${name.toUpperCase()}`;

const DESCRIPTION = `First line: 'quotes' "double" {{ ds }} {% if %} é 🚀 \\ back\nsecond line {# x\r\nthird ''' """ line\u2028same`;
const TAGS = ["it's", 'say "hi"', "{{ ds }}", "{% raw %}", "back\\slash", "日本 🚀", "tab\there", "new\nline", "x".repeat(100)];
const OWNER = `owner 'o' "q" {{ ds }} é`;
// Image references and secret keys must be what Kubernetes accepts (DS082, DS083: see
// test/unit/lower/refused-values.test.ts), so they carry every character their grammar allows;
// the tag's Variable name stays hostile.
const IMAGE_REPO = `registry.example.com:5000/team_a/it-s.img__x`;
const IMAGE_TAG = v("image tag's {{x}}", "v1.0-rc_1");
const CONN_ID = `conn it's "{{ x }}"`;
const NODE_SELECTOR = { "it's/key": `value {{ ds }} 'x' \\ é` };
const SECRET_KEY = `key-with.dots_and_1`;

interface PodModel { readonly id: string; readonly command: Text[]; readonly args: Text[]; readonly env: Readonly<Record<string, Text>>; readonly doc: string }
interface HttpModel { readonly id: string; readonly endpoint: Text; readonly body: Text; readonly headers: Readonly<Record<string, string>> }

const PODS: PodModel[] = KEYS.map((k, i) => ({
  id: `text__${k}`,
  command: [[H(k)]],
  args: [[H(k)], [H(k), rt("runDate"), H(k)], [v(varName(i), H(k))], ["--flag=", H(k)]],
  env: {
    PLAIN: [H(k)],
    MIXED: ["pre ", H(k), " ", rt("logicalDate"), " ", v(varName(i + 1), H(k)), " ", rt("runId"), " try ", rt("tryNumber"), " ", H(k)],
    NODASH: [rt("runDateNodash"), H(k)],
  },
  doc: H(k),
}));
// Braces and quotes right next to run-time values.
PODS.push({
  id: "text__edges",
  command: [["echo"]],
  args: [
    ["{", rt("runDate")],
    [rt("runDate"), "}"],
    ["{{", rt("runDate"), "}}"],
    ["{%", rt("runDate"), "%}"],
    ["{#", rt("runDate"), "#}"],
    ["{{ '", rt("runId"), "' }}"],
    ["\\", rt("runDate"), "\\"],
    ["'", rt("runDate"), "'\""],
    ["}}{{", rt("runId"), "{{"],
    ["{", v("{", "}"), "}"],
    ["\n", rt("runDate"), "\n"],
    ["\r", rt("runDate"), "\r"],
  ],
  env: { EDGE: ["{", rt("runDate"), "{", rt("runDate"), "{"] },
  doc: "}",
});

const HTTPS: HttpModel[] = KEYS.map((k) => ({
  id: `http__${k}`,
  endpoint: ["/api/", H(k), "/", rt("runId")],
  body: [H(k), rt("runDateNodash")],
  headers: { "X-Hostile": H(k), "X-Plain": "plain" },
}));
const JSON_BODY = Object.fromEntries(KEYS.map((k) => [H(k) === "" ? "empty" : H(k), { value: H(k), list: [H(k), 1, true, null] }]));

// Keyword task ids (and ids that become the same Python name), in a chain so edges use the names.
const KEYWORD_IDS = ["task_class", "class", "import", "None", "lambda", "True", "False", "def", "return", "yield", "async", "await", "match", "case", "type", "_", "print", "dag", "a.b", "a_b", "a-b", "1st", "-dash", "x".repeat(250)];
const LONG_PIPELINE_ID = `long__${"p".repeat(250 - "hx__long__".length)}`;

// ---------------------------------------------------------------------------------------------
// Pipeline sources
// ---------------------------------------------------------------------------------------------

const PROJECT_SRC = `// Hostile project settings.
import { airflowConnection, image, k8sSecret, project, variable } from "../dsl/index.ts";

export const platform = project({
  id: "hx",
  startDate: "2025-01-01",
  namespace: "hostile",
  images: { tools: image(${tsString(IMAGE_REPO)}, { tag: ${partSrc(IMAGE_TAG)} }) },
  secrets: { key: k8sSecret("hostile-secret", ${tsString(SECRET_KEY)}) },
  connections: { api: airflowConnection(${tsString(CONN_ID)}) },
  placement: { nodeSelector: ${recordSrc(NODE_SELECTOR)} },
});
`;

const TEXT_SRC = `// Hostile text in every field that reaches a DAG file.
import { logicalDate, manual, pipeline, runDate, runDateNodash, runId, template, tryNumber, variable } from "../dsl/index.ts";
import { platform } from "./project.ts";

export const text = pipeline({
  id: "hostile__text",
  description: ${tsString(DESCRIPTION)},
  schedule: manual,
  tags: [${TAGS.map(tsString).join(", ")}],
  owner: ${tsString(OWNER)},
  tasks: (t) => {
${PODS.map((p) => `    t.pod(${tsString(p.id)}, {
      image: platform.images.tools,
      command: [${p.command.map(textSrc).join(", ")}],
      args: [${p.args.map(textSrc).join(", ")}],
      env: { ${Object.entries(p.env).map(([k, x]) => `${k}: ${textSrc(x)}`).join(", ")}, SECRET: platform.secrets.key },
      doc: ${tsString(p.doc)},
    });`).join("\n")}
${HTTPS.map((h) => `    t.http(${tsString(h.id)}, {
      connection: platform.connections.api,
      endpoint: ${textSrc(h.endpoint)},
      body: ${textSrc(h.body)},
      headers: ${recordSrc(h.headers)},
    });`).join("\n")}
    const json = t.http("http__json_body", { connection: platform.connections.api, endpoint: "/json", body: ${jsonSrc(JSON_BODY)} });
    t.waitForHttp("poll__hostile", {
      connection: platform.connections.api,
      endpoint: ${textSrc(["/poll/", H("quotes"), H("jinja_expr"), rt("runDate")])},
      headers: { "X-Hostile": ${tsString(H("jinja_stmt"))} },
      until: { field: "data.state", equals: ${tsString(H("triple_quotes") + H("backslashes") + H("newlines"))} },
      after: [json],
    });
  },
});
`;

const NAMES_SRC = `// Python keywords and names at their length limits as ids.
import { manual, pipeline, weekday } from "../dsl/index.ts";

export const keywords = pipeline({
  id: "hostile__keywords",
  schedule: manual,
  tasks: (t) => {
    let previous = t.marker("start");
${KEYWORD_IDS.map((id) => `    previous = t.marker(${tsString(id)}, { after: [previous] });`).join("\n")}
    const check = t.branch("if", { when: weekday("sunday"), after: [previous] });
    t.marker("elif", { after: [check.ifTrue] });
    t.marker("else", { after: [check.ifFalse] });
  },
});

export const long = pipeline({
  id: ${tsString(LONG_PIPELINE_ID)},
  schedule: manual,
  tasks: (t) => {
    t.marker(${tsString("l".repeat(250))});
  },
});
`;

/** Branch conditions and their Variables (supplied through the environment when evaluated). */
const FLAG_ON = `flag 'on' "{{ ds }}" é\\`;
const FLAG_OFF = "flag {% off %}";
const FLAG_VALUES: Readonly<Record<string, string>> = { [FLAG_ON]: " TRUE ", [FLAG_OFF]: "no" };

const BRANCHES_SRC = `// Branch conditions reading Variables with hostile names.
import { allOf, anyOf, manual, pipeline, variableFlag, weekday } from "../dsl/index.ts";

export const branches = pipeline({
  id: "hostile__branches",
  schedule: manual,
  tasks: (t) => {
    const a = t.branch("pick__flag_on", { when: variableFlag(${tsString(FLAG_ON)}) });
    t.marker("flag_on__yes", { after: [a.ifTrue] });
    t.marker("flag_on__no", { after: [a.ifFalse] });
    const b = t.branch("pick__flag_off", { when: variableFlag(${tsString(FLAG_OFF)}, true) });
    t.marker("flag_off__yes", { after: [b.ifTrue] });
    t.marker("flag_off__no", { after: [b.ifFalse] });
    const c = t.branch("pick__any", { when: anyOf(weekday("monday"), variableFlag(${tsString(FLAG_ON)})) });
    t.marker("any__yes", { after: [c.ifTrue] });
    t.marker("any__no", { after: [c.ifFalse] });
    const d = t.branch("pick__all", { when: allOf(weekday("sunday"), variableFlag(${tsString(FLAG_OFF)})) });
    t.marker("all__yes", { after: [d.ifTrue] });
    t.marker("all__no", { after: [d.ifFalse] });
  },
});

// Two branch ids that differ only in '.' versus '_'.
export const branchIds = pipeline({
  id: "hostile__branch_ids",
  schedule: manual,
  tasks: (t) => {
    const dot = t.branch("pick.x", { when: weekday("monday") });
    t.marker("dot__yes", { after: [dot.ifTrue] });
    t.marker("dot__no", { after: [dot.ifFalse] });
    const underscore = t.branch("pick_x", { when: weekday("sunday") });
    t.marker("underscore__yes", { after: [underscore.ifTrue] });
    t.marker("underscore__no", { after: [underscore.ifFalse] });
  },
});
`;

/** On DATE (a Sunday) with FLAG_VALUES: the path each branch must choose. */
const EXPECTED_BRANCHES: Readonly<Record<string, Readonly<Record<string, string[]>>>> = {
  hx__hostile__branches: {
    pick__flag_on: ["flag_on__yes"],
    pick__flag_off: ["flag_off__no"],
    pick__any: ["any__yes"],
    pick__all: ["all__no"],
  },
  hx__hostile__branch_ids: { "pick.x": ["dot__no"], pick_x: ["underscore__yes"] },
  hx__hostile__keywords: { if: ["elif"] },
  hx__hostile__shadow_runtime: { check: ["yes"] },
};

// Task ids equal to names the DAG file itself uses: its imports, helper functions, builtins.
const SHADOW_SRC = `// Valid task ids that are also names used inside a generated DAG file.
import { allOf, manual, pipeline, variableFlag, weekday } from "../dsl/index.ts";
import { platform } from "./project.ts";

export const shadowImport = pipeline({
  id: "hostile__shadow_import",
  schedule: manual,
  tasks: (t) => {
    const a = t.marker("pendulum");
    const b = t.marker("k8s", { after: [a], retryDelaySeconds: 5 });
    const c = t.marker("EmptyOperator", { after: [b] });
    const d = t.pod("KubernetesPodOperator", { image: platform.images.tools, after: [c], resources: { limits: { cpu: "1" } } });
    const e = t.marker("_choose__check", { after: [d] });
    const check = t.branch("check", { when: weekday("sunday"), after: [e] });
    t.marker("yes", { after: [check.ifTrue] });
    t.marker("no", { after: [check.ifFalse] });
  },
});

export const shadowRuntime = pipeline({
  id: "hostile__shadow_runtime",
  schedule: manual,
  tasks: (t) => {
    const a = t.marker("_run_date");
    const b = t.marker("_variable_flag", { after: [a] });
    const c = t.marker("Variable", { after: [b] });
    const d = t.marker("str", { after: [c] });
    t.marker("isinstance", { after: [d] });
    t.marker("dict", { after: [d] });
    const check = t.branch("check", { when: allOf(weekday("sunday"), variableFlag(${tsString(FLAG_ON)})), after: [d] });
    t.marker("yes", { after: [check.ifTrue] });
    t.marker("no", { after: [check.ifFalse] });
  },
});
`;

// Invalid hostile inputs: each must produce a diagnostic naming it; the compiler must not crash.
interface Invalid { readonly name: string; readonly src: string; readonly code: string; readonly mentions: string }
const INVALID: readonly Invalid[] = [
  { name: "task id with a space", src: `t.marker("bad id");`, code: "AF002", mentions: "'bad id'" },
  { name: "task id with a quote", src: `t.marker("it's");`, code: "AF002", mentions: "'it's'" },
  { name: "task id with a double quote and braces", src: `t.marker("x\\"{{ ds }}");`, code: "AF002", mentions: `'x"{{ ds }}'` },
  { name: "task id with a newline", src: `t.marker("a\\nb");`, code: "AF002", mentions: "'a\nb'" },
  { name: "task id with NUL", src: `t.marker("nul\\u0000id");`, code: "AF002", mentions: "nul\u0000id" },
  { name: "task id in Unicode", src: `t.marker("日本");`, code: "AF002", mentions: "'日本'" },
  { name: "empty task id", src: `t.marker("");`, code: "DS001", mentions: "task ''" },
  { name: "task id of 251 characters", src: `t.marker("${"y".repeat(251)}");`, code: "AF002", mentions: "251 characters" },
  { name: "pod name with a quote", src: `t.pod("pod_quote", { image: platform.images.tools, podName: "it's" });`, code: "KS001", mentions: "'it's'" },
  { name: "pod name of 64 characters", src: `t.pod("pod_long", { image: platform.images.tools, podName: "${"p".repeat(64)}" });`, code: "KS001", mentions: "64 characters" },
  { name: "env var name with a dash", src: `t.pod("env_name", { image: platform.images.tools, env: { "BAD-NAME": "x" } });`, code: "DS001", mentions: "BAD-NAME" },
  { name: "header name with a space", src: `t.http("header_name", { connection: platform.connections.api, endpoint: "/", headers: { "X Bad": "x" } });`, code: "DS001", mentions: "X Bad" },
  { name: "external DAG id with a quote and a space", src: `t.trigger(externalDag("other dag'"), { id: "notify_other" });`, code: "AF001", mentions: "other dag'" },
];
const INVALID_PIPELINES = `// Invalid hostile inputs, one task each.
import { cron, externalDag, manual, pipeline } from "../dsl/index.ts";
import { platform } from "./project.ts";

export const invalid = pipeline({
  id: "invalid__tasks",
  schedule: manual,
  tasks: (t) => {
${INVALID.map((x) => `    ${x.src}`).join("\n")}
  },
});

export const quotedId = pipeline({ id: "bad\\"id", schedule: manual, tasks: (t) => { t.marker("ok"); } });
export const longId = pipeline({ id: "${"d".repeat(247)}", schedule: manual, tasks: (t) => { t.marker("ok"); } });
export const cronInjection = pipeline({ id: "cron_injection", schedule: cron("0 0 * * *\\"); import os; os.system(\\"id"), tasks: (t) => { t.marker("ok"); } });
export const longTag = pipeline({ id: "long_tag", schedule: manual, tags: ["${"t".repeat(101)}"], tasks: (t) => { t.marker("ok"); } });
export const emptyTag = pipeline({ id: "empty_tag", schedule: manual, tags: [""], tasks: (t) => { t.marker("ok"); } });
`;
const INVALID_PIPELINE_LEVEL: readonly Invalid[] = [
  { name: "pipeline id with a double quote", src: "", code: "AF001", mentions: `'hx__bad"id'` },
  { name: "DAG id of 251 characters", src: "", code: "AF001", mentions: "251 characters" },
  { name: "cron expression carrying Python", src: "", code: "DS006", mentions: "cron_injection" },
  { name: "tag longer than Airflow's 100 characters", src: "", code: "", mentions: "t".repeat(101) },
  { name: "empty tag", src: "", code: "DS001", mentions: "empty_tag" },
];

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

interface Run { code: number; stdout: string; stderr: string }

async function cli(root: string, ...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [TSX, MAIN, "compile", "--root", root, ...args], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === "number" ? err.code : -1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
  }
}

/** A project root with dsl/ copied, node_modules linked and the given pipeline files. */
function makeProject(parent: string, name: string, files: Readonly<Record<string, string>>): string {
  const root = path.join(parent, name);
  mkdirSync(path.join(root, "pipelines"), { recursive: true });
  cpSync(path.join(REPO_ROOT, "dsl"), path.join(root, "dsl"), { recursive: true });
  symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(root, "node_modules"), "dir");
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(root, "pipelines", file), text);
  return root;
}

/** Task docs and branch decisions, which the DagBag report does not carry: evaluated in Airflow's Python. */
const INTROSPECT_PY = String.raw`
import json, os, sys, tempfile
out = os.dup(1)
os.dup2(2, 1)
sys.dont_write_bytecode = True
home = tempfile.mkdtemp(prefix="hostile-airflow-home-")
os.environ["AIRFLOW_HOME"] = home
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = "sqlite:///" + os.path.join(home, "airflow.db")
import builtins, runpy
import pendulum
from airflow.models.dagbag import DagBag
folder, date = sys.argv[1], sys.argv[2]
bag = DagBag(folder, include_examples=False, safe_mode=False)
report = {"import_errors": sorted(os.path.basename(k) for k in bag.import_errors), "dags": {}}
for dag_id, dag in sorted(bag.dags.items()):
    # Module globals that a task variable rebinds: builtins the generated helpers call.
    module = runpy.run_path(dag.fileloc)
    shadowed = [n for n in ("str", "isinstance", "dict") if module.get(n, getattr(builtins, n)) is not getattr(builtins, n)]
    entry = {"doc_md": {}, "branches": {}, "shadowed_builtins": shadowed}
    for task in dag.tasks:
        entry["doc_md"][task.task_id] = task.doc_md
        if type(task).__name__ == "BranchPythonOperator":
            context = {"logical_date": pendulum.parse(date), "dag_run": None, "ti": None}
            try:
                entry["branches"][task.task_id] = {"result": task.python_callable(**context)}
            except Exception as exc:
                entry["branches"][task.task_id] = {"error": type(exc).__name__ + ": " + str(exc)}
    report["dags"][dag_id] = entry
os.write(out, json.dumps(report, ensure_ascii=True).encode("ascii"))
`;
interface Introspection { import_errors: string[]; dags: Record<string, { doc_md: Record<string, string | null>; branches: Record<string, { result?: string[]; error?: string }>; shadowed_builtins: string[] }> }

const runIdOf = (dag: DagReport) => `${dag.timetable_class.endsWith("NullTimetable") ? "manual" : "scheduled"}__${TS}`;
const HOSTILE_FILES = ["hx__hostile__text.py", "hx__hostile__keywords.py", `hx__${LONG_PIPELINE_ID}.py`, "hx__hostile__branches.py", "hx__hostile__branch_ids.py", "hx__hostile__shadow_runtime.py"];

// ---------------------------------------------------------------------------------------------

let tmp: string;
let compiled: Run;
let dags: string;
let defaults: DagBagReport;
let supplied: DagBagReport;
let introspection: Introspection;
let invalid: Run;
let invalidJson: Run;

beforeAll(async () => {
  const python = ensurePythonEnv(); // throws (never skips) when the environment cannot be built
  tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), "hostile-")));
  const root = makeProject(tmp, "hostile", {
    "project.ts": PROJECT_SRC,
    "text.ts": TEXT_SRC,
    "names.ts": NAMES_SRC,
    "branches.ts": BRANCHES_SRC,
    "shadow.ts": SHADOW_SRC,
  });
  const invalidRoot = makeProject(tmp, "invalid", { "project.ts": PROJECT_SRC, "invalid.ts": INVALID_PIPELINES });
  [compiled, invalid, invalidJson] = await Promise.all([cli(root), cli(invalidRoot), cli(invalidRoot, "--format", "json")]);
  if (compiled.code !== 0) throw new Error(`the hostile project does not compile (exit ${compiled.code}):\n${compiled.stderr}`);
  dags = path.join(root, "generated", "dags");
  defaults = inspectDagBag(dags, { render: DATE });
  supplied = inspectDagBag(dags, { render: DATE, env: Object.fromEntries(Object.entries(SUPPLIED).map(([name, value]) => [envVarOf(name), value])) });
  const flagEnv = Object.fromEntries(Object.entries(FLAG_VALUES).map(([name, value]) => [envVarOf(name), value]));
  const py = spawnSync(python, ["-c", INTROSPECT_PY, dags, TS], { encoding: "utf8", env: pythonSubprocessEnv(flagEnv), maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
  if (py.status !== 0) throw new Error(`introspection failed (${py.status}):\n${py.stderr.split("\n").slice(-30).join("\n")}`);
  introspection = JSON.parse(py.stdout) as Introspection;
}, 900_000);

afterAll(() => {
  // HOSTILE_KEEP=1 keeps the generated project for a look at the DAG files.
  if (process.env["HOSTILE_KEEP"]) process.stderr.write(`hostile project kept in ${tmp}\n`);
  else if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const dag = (report: DagBagReport, dagId: string): DagReport => {
  const d = report.dags[dagId];
  expect(d, `DAG ${dagId} is in the DagBag`).toBeDefined();
  return d!;
};

describe("hostile inputs through the CLI and a real Airflow DagBag", () => {
  it("the hostile project compiles (exit 0) and writes every DAG file", () => {
    expect(compiled.code).toBe(0);
    const files = readdirSync(path.join(dags, "my_dags")).sort();
    for (const f of HOSTILE_FILES) expect(files).toContain(f);
  });

  it("DAG files with hostile text, keyword task ids, long names and hostile Variables import without errors", () => {
    const broken = Object.keys(defaults.import_errors).filter((f) => HOSTILE_FILES.includes(path.posix.basename(f)));
    expect(Object.fromEntries(broken.map((f) => [f, defaults.import_errors[f]]))).toEqual({});
    expect(defaults.warnings).toEqual({});
  });

  it("DAG settings round-trip: description (first line), doc_md, tags, owner", () => {
    const d = dag(defaults, "hx__hostile__text");
    expect(d.doc_md).toBe(DESCRIPTION);
    expect(d.description).toBe(DESCRIPTION.split(/\r?\n/)[0]!.trim());
    expect(new Set(d.tags)).toEqual(new Set(TAGS));
    expect(d.owner).toBe(OWNER);
    expect(d.default_args["owner"]).toBe(OWNER);
  });

  it("pod command, arguments, env, image, node selector and secret keys render back to exactly the input", () => {
    const d = dag(defaults, "hx__hostile__text");
    const runId = runIdOf(d);
    for (const p of PODS) {
      const task = d.tasks[p.id];
      expect(task, p.id).toBeDefined();
      expect(task!.render_error, p.id).toBeUndefined();
      const r = (t: Text) => render(t, runId, {});
      expect(task!.rendered!["cmds"], `${p.id} cmds`).toEqual(p.command.map(r));
      expect(task!.rendered!["arguments"], `${p.id} arguments`).toEqual(p.args.map(r));
      expect(task!.rendered!["env_vars"], `${p.id} env_vars`).toEqual(Object.fromEntries(Object.entries(p.env).map(([k, x]) => [k, r(x)])));
      expect(task!.rendered!["image"], `${p.id} image`).toBe(`${IMAGE_REPO}:${r([IMAGE_TAG])}`);
      expect(task!.rendered!["node_selector"], `${p.id} node_selector`).toEqual(NODE_SELECTOR);
      expect(task!.attrs["secrets"], `${p.id} secrets`).toEqual([{ deploy_type: "env", deploy_target: "SECRET", secret: "hostile-secret", key: SECRET_KEY }]);
    }
  });

  it("http endpoint, body, headers and connection id render back to exactly the input", () => {
    const d = dag(defaults, "hx__hostile__text");
    const runId = runIdOf(d);
    for (const h of HTTPS) {
      const task = d.tasks[h.id]!;
      expect(task.render_error, h.id).toBeUndefined();
      expect(task.rendered, h.id).toMatchObject({
        http_conn_id: CONN_ID,
        endpoint: render(h.endpoint, runId, {}),
        data: render(h.body, runId, {}),
        headers: h.headers,
      });
    }
    const json = d.tasks["http__json_body"]!;
    expect(json.render_error).toBeUndefined();
    expect(JSON.parse(json.rendered!["data"] as string)).toEqual(JSON_BODY);
    expect(json.rendered!["headers"]).toEqual({ "Content-Type": "application/json" });
    const poll = d.tasks["poll__hostile"]!;
    expect(poll.render_error).toBeUndefined();
    expect(poll.rendered).toMatchObject({
      http_conn_id: CONN_ID,
      endpoint: render(["/poll/", H("quotes"), H("jinja_expr"), rt("runDate")], runId, {}),
      headers: { "X-Hostile": H("jinja_stmt") },
    });
  });

  it("braces, quotes and newlines right next to run-time values render literally around the date", () => {
    const task = dag(defaults, "hx__hostile__text").tasks["text__edges"]!;
    const runId = `manual__${TS}`;
    expect(task.rendered!["arguments"]).toEqual([
      `{${DATE}`,
      `${DATE}}`,
      `{{${DATE}}}`,
      `{%${DATE}%}`,
      `{#${DATE}#}`,
      `{{ '${runId}' }}`,
      `\\${DATE}\\`,
      `'${DATE}'"`,
      `}}{{${runId}{{`,
      "{}}",
      `\n${DATE}\n`,
      `\r${DATE}\r`,
    ]);
    expect(task.rendered!["env_vars"]).toEqual({ EDGE: `{${DATE}{${DATE}{` });
  });

  it("Variables supplied as AIRFLOW_VAR_<NAME> (hostile names) render to the supplied values", () => {
    const d = dag(supplied, "hx__hostile__text");
    const runId = runIdOf(d);
    for (const p of PODS) {
      const task = d.tasks[p.id]!;
      expect(task.render_error, p.id).toBeUndefined();
      const r = (t: Text) => render(t, runId, SUPPLIED);
      expect(task.rendered!["arguments"], p.id).toEqual(p.args.map(r));
      expect(task.rendered!["env_vars"], p.id).toEqual(Object.fromEntries(Object.entries(p.env).map(([k, x]) => [k, r(x)])));
    }
    // The image tag Variable is not supplied: still its (hostile) default.
    expect(d.tasks["text__quotes"]!.rendered!["image"]).toBe(`${IMAGE_REPO}:${render([IMAGE_TAG], runId, {})}`);
    // And the supplied values really differ from the defaults.
    expect(render([v(varName(0), "default")], runId, SUPPLIED)).toBe(SUPPLIED[varName(0)]);
  });

  it("task docs round-trip", () => {
    const docs = introspection.dags["hx__hostile__text"]!.doc_md;
    for (const p of PODS) expect(docs[p.id], p.id).toBe(p.doc);
  });

  it("Python keywords, ids that map to the same Python name, and 250-character ids work as task ids", () => {
    const d = dag(defaults, "hx__hostile__keywords");
    const chain = ["start", ...KEYWORD_IDS];
    expect(Object.keys(d.tasks).sort()).toEqual([...chain, "if", "elif", "else"].sort());
    chain.forEach((id, i) => expect(d.tasks[id]!.upstream, id).toEqual(i === 0 ? [] : [chain[i - 1]]));
    expect(d.tasks["if"]!.upstream).toEqual([chain[chain.length - 1]]);
    expect(d.tasks["if"]!.downstream).toEqual(["elif", "else"]);
    const long = dag(defaults, `hx__${LONG_PIPELINE_ID}`);
    expect(`hx__${LONG_PIPELINE_ID}`.length).toBe(250);
    expect(Object.keys(long.tasks)).toEqual(["l".repeat(250)]);
  });

  it("branch conditions reading hostile Variable names choose the right path", () => {
    for (const dagId of ["hx__hostile__branches", "hx__hostile__keywords"]) {
      expect(introspection.dags[dagId]?.branches, dagId).toEqual(
        Object.fromEntries(Object.entries(EXPECTED_BRANCHES[dagId]!).map(([id, result]) => [id, { result }])),
      );
    }
  });

  it("two branch ids that differ only in '.' versus '_' keep their own conditions and paths", () => {
    const dagId = "hx__hostile__branch_ids";
    expect(introspection.dags[dagId]?.branches).toEqual(
      Object.fromEntries(Object.entries(EXPECTED_BRANCHES[dagId]!).map(([id, result]) => [id, { result }])),
    );
  });

  it("task ids equal to names the DAG file uses (pendulum, k8s, operator classes, helpers) import", () => {
    const file = Object.keys(defaults.import_errors).find((f) => f.endsWith("hx__hostile__shadow_import.py"));
    expect(file ? defaults.import_errors[file] : undefined).toBeUndefined();
    const d = dag(defaults, "hx__hostile__shadow_import");
    expect(Object.keys(d.tasks).sort()).toEqual(["EmptyOperator", "KubernetesPodOperator", "_choose__check", "check", "k8s", "no", "pendulum", "yes"]);
  });

  it("task ids equal to helper and builtin names (_run_date, _variable_flag, Variable, str, isinstance, dict) do not break helpers at run time", () => {
    const dagId = "hx__hostile__shadow_runtime";
    expect(defaults.import_errors).not.toHaveProperty(`my_dags/${dagId}.py`);
    expect(introspection.dags[dagId]?.shadowed_builtins, "builtins rebound by task variables").toEqual([]);
    expect(introspection.dags[dagId]?.branches).toEqual(
      Object.fromEntries(Object.entries(EXPECTED_BRANCHES[dagId]!).map(([id, result]) => [id, { result }])),
    );
  });
});

describe("invalid hostile inputs give diagnostics, never a crash", () => {
  it("exit code 1 (user error), not 2 (internal error), in text and JSON mode; nothing written", () => {
    expect(invalid.stderr).not.toContain("internal error");
    expect(invalid.code, invalid.stderr).toBe(1);
    expect(invalidJson.code, invalidJson.stderr).toBe(1);
    expect(invalid.stderr).toMatch(/\d+ errors?; nothing written\.\n$/);
    const json = JSON.parse(invalidJson.stdout) as { diagnostics: { file: string | null; line: number | null; code: string; message: string }[] };
    expect(json.diagnostics.length).toBeGreaterThanOrEqual(INVALID.length);
    for (const d of json.diagnostics) expect(d.file, `${d.code} ${d.message} has a location`).toBe("pipelines/invalid.ts");
  });

  for (const x of [...INVALID, ...INVALID_PIPELINE_LEVEL]) {
    it(`${x.name}${x.code ? ` → ${x.code}` : " → a diagnostic"}`, () => {
      const json = JSON.parse(invalidJson.stdout) as { diagnostics: { code: string; message: string; line: number | null }[] };
      const found = json.diagnostics.filter((d) => d.message.includes(x.mentions) && (!x.code || d.code === x.code));
      expect(found, `a ${x.code || "diagnostic"} mentioning ${JSON.stringify(x.mentions)} among:\n${json.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n")}`).not.toEqual([]);
    });
  }
});
