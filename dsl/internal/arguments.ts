import type { DslIssue } from "./issues.ts";
import type { Origin } from "./origin.ts";
import { KIND } from "./origin.ts";

const kindOf = (value: object): unknown => (value as Record<symbol, unknown>)[KIND];

/**
 * A builder's settings argument as an object: `undefined` (left out) is `{}`; anything else that is
 * not a plain object (`null`, a string, an array, a DSL handle) is `{}` plus a DS001 issue, so that
 * a malformed call is one clear diagnostic rather than a JavaScript error.
 */
export function objectArgument(value: unknown, what: string, origin: Origin | undefined): [Record<string, unknown>, DslIssue[]] {
  if (value === undefined) return [{}, []];
  const plain = value !== null && typeof value === "object" && !Array.isArray(value) && kindOf(value) === undefined;
  if (plain) return [value as Record<string, unknown>, []];
  const got = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value === "object" ? `a ${String(kindOf(value))} handle` : typeof value;
  return [{}, [{ code: "DS001", message: `${what}: expected an object { ... } as settings, got ${got}`, origin }]];
}

