import type { IrText } from "../ir/types.ts";
import { escapeUnits, isInvisible } from "./chars.ts";
import { expression, jinjaStringLiteral } from "./jinja.ts";

/**
 * YAML literal builder for files Airflow renders as Jinja templates (SparkApplication YAML).
 * Strings are always double-quoted; a literal `{` is written as the escape `\x7b`, so Jinja never
 * sees a delimiter in user text. Text with run-time parts becomes one Jinja expression piped
 * through `tojson`, which yields a valid double-quoted YAML scalar whatever the values hold.
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

/** A YAML scalar for text that may hold run-time values. */
export function yamlText(text: IrText): string {
  if (text.every((p) => p.kind === "literal")) return yamlString(text.map((p) => (p as { value: string }).value).join(""));
  const parts = text.map((p) => (p.kind === "literal" ? jinjaStringLiteral(p.value) : `(${expression(p)})`));
  return `{{ (${parts.join(" ~ ")}) | tojson }}`;
}

/** A value that is already YAML source. */
export class YamlCode {
  constructor(readonly code: string) {}
}

export type YamlValue = string | number | boolean | YamlCode | readonly YamlValue[] | { readonly [key: string]: YamlValue };

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_.\-/]*$/;
const key = (k: string) => (PLAIN_KEY.test(k) ? k : yamlString(k));

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
      if (isScalar(v)) return `${pad}${key(k)}: ${scalar(v)}\n`;
      if (Array.isArray(v) && v.length === 0) return `${pad}${key(k)}: []\n`;
      if (!Array.isArray(v) && Object.keys(v).length === 0) return `${pad}${key(k)}: {}\n`;
      return `${pad}${key(k)}:\n${yamlBlock(v, indent + 2)}`;
    })
    .join("");
}
