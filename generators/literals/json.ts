import type { Json } from "../ir/types.ts";

export interface PrettyJsonOptions {
  /** Values nested this many levels deep or more are written on one line each. @default Infinity */
  readonly compactFrom?: number;
  /** Keys in sorted order (job specs), or as the value holds them (records read top-down). @default true */
  readonly sortKeys?: boolean;
  /** Arrays of strings, numbers and booleans on one line. @default false */
  readonly inlineScalarLists?: boolean;
}

/**
 * Pretty JSON: the job spec as reviewers and the spark-jobs tests read it (sorted keys), and
 * long lists of small records one record per line (`compactFrom`).
 */
export function prettyJson(value: Json, options: PrettyJsonOptions = {}): string {
  const compactFrom = options.compactFrom ?? Infinity;
  const entriesOf = (v: object) => (options.sortKeys === false ? Object.entries(v) : Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const compact = (v: Json): string => {
    if (Array.isArray(v)) return `[${v.map(compact).join(", ")}]`;
    if (v && typeof v === "object") return `{${entriesOf(v).map(([k, x]) => `${JSON.stringify(k)}: ${compact(x as Json)}`).join(", ")}}`;
    return JSON.stringify(v);
  };
  const pretty = (v: Json, indent: string, depth: number): string => {
    const scalars = Array.isArray(v) && v.every((x) => x === null || typeof x !== "object");
    if (depth >= compactFrom || (scalars && options.inlineScalarLists)) return compact(v);
    const inner = indent + "  ";
    if (Array.isArray(v)) {
      return v.length === 0 ? "[]" : `[\n${v.map((x) => inner + pretty(x, inner, depth + 1)).join(",\n")}\n${indent}]`;
    }
    if (v && typeof v === "object") {
      const entries = entriesOf(v);
      return entries.length === 0 ? "{}" : `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${pretty(x as Json, inner, depth + 1)}`).join(",\n")}\n${indent}}`;
    }
    return JSON.stringify(v);
  };
  return pretty(value, "", 0);
}
