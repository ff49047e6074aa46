/**
 * Python source of an http task's body. Text bodies and JSON without run-time values are written
 * as they are (JSON with keys sorted: the same body gives the same bytes). JSON with run-time
 * values becomes one Jinja expression, `{{ {...} | tojson }}`, so Airflow renders a valid JSON
 * document whatever a Variable holds (quotes, backslashes, newlines are escaped by tojson).
 */
import type { IrHttpBody, IrJsonText, IrText } from "../../ir/types.ts";
import { expression, jinjaStringLiteral } from "../../literals/jinja.ts";
import { pyStr } from "../../literals/python.ts";
import { templated, templatedLiteral } from "./text.ts";

const isText = (v: IrJsonText): v is IrText => Array.isArray(v);

function isLiteral(v: IrJsonText): boolean {
  if (v === null || typeof v !== "object") return true;
  if (isText(v)) return v.every((p) => p.kind === "literal");
  return v.kind === "array" ? v.items.every(isLiteral) : v.entries.every((e) => isLiteral(e.value));
}

/** Compact JSON of a body without run-time values. */
function literalJson(v: IrJsonText): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (isText(v)) return JSON.stringify(v.map((p) => (p as { value: string }).value).join(""));
  if (v.kind === "array") return `[${v.items.map(literalJson).join(",")}]`;
  return `{${v.entries.map((e) => `${JSON.stringify(e.name)}:${literalJson(e.value)}`).join(",")}}`;
}

/** A Jinja string expression of text: literals quoted, run-time parts as strings. */
function jinjaString(text: IrText): string {
  const parts = text.map((p) => (p.kind === "literal" ? jinjaStringLiteral(p.value) : `(${expression(p)})`));
  if (parts.length === 1) return text[0]!.kind === "literal" ? parts[0]! : `(${parts[0]} | string)`;
  return `(${parts.join(" ~ ")})`;
}

/** A Jinja expression building the JSON value (dict and list literals). */
function jinjaValue(v: IrJsonText): string {
  if (v === null) return "none";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return String(v);
  if (isText(v)) return jinjaString(v);
  if (v.kind === "array") return `[${v.items.map(jinjaValue).join(", ")}]`;
  return `{${v.entries.map((e) => `${jinjaStringLiteral(e.name)}: ${jinjaValue(e.value)}`).join(", ")}}`;
}

/** Python source for the `data` argument. */
export function bodySource(body: IrHttpBody): string {
  if (body.kind === "text") return templated(body.text);
  if (isLiteral(body.json)) return templatedLiteral(literalJson(body.json));
  // The space after `{{` keeps a dict literal's `{` from reading as `{{{`.
  return pyStr(`{{ ${jinjaValue(body.json)} | tojson }}`);
}
