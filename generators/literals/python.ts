/**
 * Python literal builder: every user-provided value reaches a generated DAG file through here,
 * never through string concatenation.
 */
import { escapeUnits, isInvisible } from "./chars.ts";

/** Characters Python source must not carry raw inside a string literal (or that would be invisible in review). */
function escapeChar(ch: string, quote: string): string {
  const code = ch.codePointAt(0)!;
  if (ch === "\\") return "\\\\";
  if (ch === quote) return `\\${quote}`;
  if (ch === "\n") return "\\n";
  if (ch === "\r") return "\\r";
  if (ch === "\t") return "\\t";
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `\\x${code.toString(16).padStart(2, "0")}`;
  if (isInvisible(code)) return `\\u${code.toString(16).padStart(4, "0")}`;
  return ch;
}

/** A Python `str` literal in double quotes; Unicode stays readable, control characters are escaped. */
export function pyStr(value: string): string {
  return `"${escapeUnits(value, (unit) => escapeChar(unit, '"'))}"`;
}

/** A value that has already been rendered as Python source (an expression). */
export class PyCode {
  constructor(readonly code: string) {}
}
export const py = (code: string): PyCode => new PyCode(code);

export type PyValue = string | number | boolean | null | undefined | PyCode | readonly PyValue[] | { readonly [key: string]: PyValue };

/** A Python literal for plain data: str, int/float, bool, None, list, dict (keys in the given order). */
export function pyValue(value: PyValue): string {
  if (value instanceof PyCode) return value.code;
  if (value === null || value === undefined) return "None";
  if (typeof value === "string") return pyStr(value);
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a Python literal`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(pyValue).join(", ")}]`;
  const entries = Object.entries(value as Record<string, PyValue>);
  return `{${entries.map(([k, v]) => `${pyStr(k)}: ${pyValue(v)}`).join(", ")}}`;
}

const KEYWORDS = new Set(
  "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case type _ dag".split(" "),
);

/** A valid, readable Python identifier for a task id, unique within `taken`. */
export function pyIdentifier(name: string, taken: Set<string>): string {
  let id = name.replace(/[^A-Za-z0-9_]/g, "_");
  // Names starting with "_" are left to module helpers, so task variables never shadow them.
  if (!/^[A-Za-z]/.test(id) || KEYWORDS.has(id)) id = `task_${id}`;
  let candidate = id;
  for (let n = 2; taken.has(candidate); n++) candidate = `${id}_${n}`;
  taken.add(candidate);
  return candidate;
}

/**
 * A list/dict/call display of already-rendered items: on one line when short, otherwise one item
 * per line (with a trailing comma), indented for a keyword argument at `indent` spaces.
 */
export function pyWrapped(open: string, items: readonly string[], close: string, indent = 8): string {
  const flat = `${open}${items.join(", ")}${close}`;
  if (items.length < 2 || flat.length + indent <= 100) return flat;
  const pad = " ".repeat(indent + 4);
  return `${open}\n${items.map((item) => `${pad}${item},`).join("\n")}\n${" ".repeat(indent)}${close}`;
}
