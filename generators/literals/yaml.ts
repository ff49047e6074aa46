import type { IrText, TextPart } from "../ir/types.ts";
import { escapeUnits, isInvisible } from "./chars.ts";
import { expression, jinjaStringLiteral } from "./jinja.ts";

/**
 * YAML literal builder for files Airflow renders as Jinja templates (SparkApplication YAML).
 * Strings are always double-quoted; a literal `{` is written as the escape `\x7b`, so Jinja never
 * sees a delimiter in user text. In text with run-time parts, each run-time part is a Jinja
 * expression whose rendering is escaped for the double-quoted scalar it sits in.
 */

function escapeYamlChar(ch: string, code: number, braces: boolean): string {
  if (ch === "\\") return "\\\\";
  if (ch === '"') return '\\"';
  if (ch === "{" && braces) return "\\x7b";
  if (ch === "\n") return "\\n";
  if (ch === "\r") return "\\r";
  if (ch === "\t") return "\\t";
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `\\x${code.toString(16).padStart(2, "0")}`;
  if (isInvisible(code)) return `\\u${code.toString(16).padStart(4, "0")}`;
  return ch;
}

/**
 * A double-quoted YAML scalar for literal text. By default `{` is escaped, so Jinja rendering of
 * the whole file (Airflow) cannot see a delimiter; pass `escapeBraces: false` where the value is
 * rendered after YAML parsing (dbt) and was made Jinja-safe already.
 */
export function yamlString(value: string, options: { escapeBraces?: boolean } = {}): string {
  const braces = options.escapeBraces ?? true;
  return `"${escapeUnits(value, (unit, code) => escapeYamlChar(unit, code, braces))}"`;
}

/** Run-time values Airflow formats itself: ASCII digits, letters, '-', ':', '+' (nothing YAML escapes). */
const PLAIN_RUNTIME: ReadonlySet<string> = new Set(["runDate", "runDateNodash", "logicalDate", "tryNumber"]);

/**
 * What a double-quoted YAML scalar must escape in a value known only at run time. Not `tojson`:
 * it writes astral characters as two `\u` surrogate escapes, which PyYAML decodes as two lone
 * surrogates. Other C0 controls stay raw, and PyYAML refuses them loudly (never a wrong value).
 */
const RUNTIME_ESCAPES: readonly (readonly [string, string])[] = [
  ["\\", "\\\\"], ['"', '\\"'], ["\n", "\\n"], ["\r", "\\r"], ["\t", "\\t"],
  ["\u0085", "\\N"], ["\u2028", "\\L"], ["\u2029", "\\P"],
];

/** The run-time part of a double-quoted YAML scalar: `{{ ... }}` rendering to escaped YAML text. */
function runtimeInYamlString(part: Exclude<TextPart, { kind: "literal" }>): string {
  if (part.kind === "runtime" && PLAIN_RUNTIME.has(part.name)) return `{{ ${expression(part)} }}`;
  const chain = RUNTIME_ESCAPES.map(([from, to]) => ` | replace(${jinjaStringLiteral(from)}, ${jinjaStringLiteral(to)})`).join("");
  return `{{ (${expression(part)}) | string${chain} }}`;
}

/**
 * A double-quoted YAML scalar for text that may hold run-time values: literal parts escaped as
 * in `yamlString` (so `{` never reaches Jinja), run-time parts as Jinja that renders escaped text.
 */
export function yamlText(text: IrText): string {
  if (text.every((p) => p.kind === "literal")) return yamlString(text.map((p) => (p as { value: string }).value).join(""));
  const inner = text.map((p) => (p.kind === "literal" ? yamlString(p.value).slice(1, -1) : runtimeInYamlString(p))).join("");
  return `"${inner}"`;
}

/** A value that is already YAML source. */
export class YamlCode {
  constructor(readonly code: string) {}
}

export type YamlValue = string | number | boolean | YamlCode | readonly YamlValue[] | { readonly [key: string]: YamlValue };

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_.\-/]*$/;
/** Plain words that YAML 1.1 readers (PyYAML, the Kubernetes client) turn into booleans or null. */
const YAML11_WORDS = /^(y|yes|n|no|true|false|on|off|null)$/i;
const MAX_IMPLICIT_KEY = 1000;
const key = (k: string) => (PLAIN_KEY.test(k) && !YAML11_WORDS.test(k) ? k : yamlString(k));

function scalar(v: string | number | boolean | YamlCode): string {
  if (v instanceof YamlCode) return v.code;
  if (typeof v === "string") return yamlString(v);
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error(`cannot write ${v} in YAML`);
    return String(v);
  }
  return v ? "true" : "false";
}

const isScalar = (v: YamlValue): v is string | number | boolean | YamlCode =>
  typeof v !== "object" || v instanceof YamlCode;

/** Block-style YAML for nested maps and lists; map keys keep the given order. */
export function yamlBlock(value: YamlValue, indent = 0): string {
  const pad = " ".repeat(indent);
  if (isScalar(value)) return `${pad}${scalar(value)}\n`;
  if (Array.isArray(value)) {
    if (value.length === 0) return `${pad}[]\n`;
    return value
      .map((item: YamlValue) => {
        if (isScalar(item)) return `${pad}- ${scalar(item)}\n`;
        const inner = yamlBlock(item, indent + 2);
        return `${pad}- ${inner.slice(indent + 2)}`;
      })
      .join("");
  }
  const entries = Object.entries(value as Record<string, YamlValue>);
  if (entries.length === 0) return `${pad}{}\n`;
  return entries
    .map(([k, v]) => {
      // YAML limits an implicit key to 1024 characters: a longer one is written as an explicit `? key`.
      const written = key(k);
      const head = written.length > MAX_IMPLICIT_KEY ? `${pad}? ${written}\n${pad}:` : `${pad}${written}:`;
      if (isScalar(v)) return `${head} ${scalar(v)}\n`;
      if (Array.isArray(v) && v.length === 0) return `${head} []\n`;
      if (!Array.isArray(v) && Object.keys(v).length === 0) return `${head} {}\n`;
      return `${head}\n${yamlBlock(v, indent + 2)}`;
    })
    .join("");
}
