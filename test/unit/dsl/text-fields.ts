/**
 * Every user-facing text field of the DSL, found by walking the zod schemas the builders validate
 * with (plus the few texts builders take as arguments), and how to plant a value in the fixture:
 * a text field added to a schema is covered by the hostile-text tests automatically.
 */
import type { z } from "zod";
import { textSchema } from "../../../dsl/values.ts";
import type { Specs } from "./fixture.ts";
import { SPEC_SCHEMAS } from "./numeric-fields.ts";

/** Where a record's key (not its value) is the field. */
export const KEY = Symbol("record key");
export type Step = string | number | typeof KEY;

export interface TextField {
  readonly spec: keyof Specs;
  readonly path: readonly Step[];
}

type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; element?: z.ZodType; in?: z.ZodType; options?: z.ZodType[]; valueType?: z.ZodType };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Paths of the text leaves of a schema: strings, Text values, record keys and values. */
export function textPaths(schema: z.ZodType, at: Step[] = []): Step[][] {
  if (schema === (textSchema as unknown)) return [at];
  const def = defOf(schema);
  switch (def.type) {
    case "string": return [at];
    case "object": return Object.entries(def.shape!).flatMap(([k, v]) => textPaths(v, [...at, k]));
    case "optional": case "nullable": case "default": return textPaths(def.innerType!, at);
    case "array": return textPaths(def.element!, [...at, 0]);
    case "pipe": return textPaths(def.in!, at);
    case "record": return [[...at, KEY], ...textPaths(def.valueType!, [...at, "hostile_key"])];
    case "union": {
      const seen = new Set<string>();
      return def.options!.flatMap((o) => textPaths(o, at)).filter((p) => !seen.has(fieldName({ spec: "project", path: p })) && !!seen.add(fieldName({ spec: "project", path: p })));
    }
    default: return [];
  }
}

export const fieldName = (f: TextField): string => `${f.spec}.${f.path.map((s) => (s === KEY ? "<key>" : String(s))).join(".")}`;

/** Texts the schema walk cannot see (values of text-or-handle records, dbt settings validated in lowering). */
const BY_HAND: readonly TextField[] = [
  // Values of records whose value is text or a handle (one custom schema for both).
  { spec: "pod", path: ["env", "hostile_key"] },
  { spec: "groupOptions", path: ["env", "hostile_key"] },
  { spec: "http", path: ["body", "hostile_key"] },
  { spec: "dbtProject", path: ["name"] },
  { spec: "dbtProject", path: ["duckdb", "path"] },
  { spec: "dbtProject", path: ["duckdb", "memoryLimit"] },
  { spec: "dbtProject", path: ["artifacts"] },
  { spec: "dbtProject", path: ["serving", "host"] },
  { spec: "dbtProject", path: ["serving", "database"] },
  { spec: "model", path: ["name"] },
  { spec: "model", path: ["alias"] },
  { spec: "model", path: ["description"] },
  { spec: "model", path: ["tags", 0] },
  { spec: "dbtSourceOptions", path: ["loadedAtField"] },
];

/** Paths whose type is text in the schema but that a builder fills itself (handles, ids it derives). */
const NOT_AUTHOR_TEXT = /^(landing\.(?!id$|description$|tags\.0$)|pipeline\.(schedule|tasks)\b)/;

const seen = new Set<string>();
export const TEXT_FIELDS: readonly TextField[] = [
  ...SPEC_SCHEMAS.flatMap(([spec, schema]) => textPaths(schema).map((path): TextField => ({ spec, path }))),
  ...BY_HAND,
].filter((f) => !NOT_AUTHOR_TEXT.test(fieldName(f)) && !seen.has(fieldName(f)) && !!seen.add(fieldName(f)));

type Holder = Record<string | number, unknown>;

/** Puts `value` at the field (creating objects and arrays along the way); a KEY step makes it a key. */
export function plantText(specs: Specs, f: TextField, value: unknown): void {
  let at = specs[f.spec] as Holder;
  const steps = f.path;
  for (let i = 0; i < steps.length - 1; i++) {
    const step = steps[i] as string | number;
    const next = steps[i + 1];
    const existing = at[step];
    // Copy what is there: the fixture shares some objects (images, secrets) between specs.
    const copy = Array.isArray(existing) ? [...existing] : existing && typeof existing === "object" && !Object.getOwnPropertySymbols(existing).length ? { ...existing } : undefined;
    at[step] = copy ?? (typeof next === "number" ? [] : {});
    at = at[step] as Holder;
  }
  const last = steps[steps.length - 1]!;
  // Only the key is hostile: it holds a copy of a valid entry (a handle in catalogues).
  if (last === KEY) at[String(value)] = Object.values(at)[0] ?? "v";
  else at[last] = value;
}
