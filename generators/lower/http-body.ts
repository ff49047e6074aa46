/**
 * The body of an http task. Text is kept as written; an object becomes JSON whose strings may be
 * run-time values (rendered by Airflow into the JSON). Secret handles, other DSL objects and
 * values JSON cannot hold are refused: a body is written into the DAG file, and serialising a
 * handle would leak its internals (and the author's file path).
 */
import { KIND } from "../../dsl/internal/origin.ts";
import { isKind, type Text } from "../../dsl/values.ts";
import { error, type Diagnostic } from "../diagnostics/diagnostic.ts";
import type { IrHttpBody, IrJsonText, SourceRef } from "../ir/types.ts";
import { lowerText } from "./text.ts";

/** Deeper bodies are refused rather than risking the compiler's stack. */
const MAX_DEPTH = 64;

const isTextValue = (v: unknown): v is Text => typeof v === "string" || isKind(v, "variable") || isKind(v, "runtime") || isKind(v, "template");

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "number") return String(value);
  if (typeof value === "function") return "a function";
  if (typeof value === "bigint") return "a bigint";
  if (typeof value === "symbol") return "a symbol";
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
  return name ? `a ${name}` : "an object";
}

const isPlainObject = (v: object): boolean => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** Lowers a body; problems are reported with the field path inside the body. */
export function lowerHttpBody(body: unknown, taskId: string, where: SourceRef | undefined, report: (d: Diagnostic) => void): IrHttpBody | undefined {
  if (body === undefined) return undefined;
  if (isTextValue(body)) return { kind: "text", text: lowerText(body) };
  const within = (path: string) => `${path ? `body.${path}` : "the body"} of task '${taskId}'`;
  const open = new Set<object>();
  const json = (value: unknown, path: string, depth: number): IrJsonText => {
    if (isTextValue(value)) return lowerText(value);
    if (value === null || typeof value === "boolean") return value;
    if (typeof value === "number") {
      if (Number.isFinite(value)) return value;
      report(error("DS042", `${within(path)} is ${describe(value)}, which JSON cannot hold`, where));
      return null;
    }
    if (typeof value !== "object") {
      report(error("DS042", `${within(path)} is ${describe(value)}, which JSON cannot hold`, where));
      return null;
    }
    if (isKind(value, "secret")) {
      report(error("DS040", `${within(path)} is a secret handle; a secret is never written into a body`, where));
      return null;
    }
    if (KIND in value) {
      report(error("DS041", `${within(path)} is a ${String((value as Record<symbol, unknown>)[KIND])} object, not a JSON value`, where));
      return null;
    }
    if (depth >= MAX_DEPTH || open.has(value)) {
      report(error("DS042", `${within(path)} ${open.has(value) ? "refers back to itself" : `is nested deeper than ${MAX_DEPTH} levels`}`, where));
      return null;
    }
    if (!Array.isArray(value) && !isPlainObject(value)) {
      report(error("DS042", `${within(path)} is ${describe(value)}, which JSON cannot hold`, where));
      return null;
    }
    open.add(value);
    try {
      if (Array.isArray(value)) return { kind: "array", items: Array.from(value, (item, i) => json(item, `${path}[${i}]`, depth + 1)) };
      const names = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return { kind: "object", entries: names.map((name) => ({ name, value: json((value as Record<string, unknown>)[name], path ? `${path}.${name}` : name, depth + 1) })) };
    } finally {
      open.delete(value);
    }
  };
  return { kind: "json", json: json(body, "", 0) };
}
