/**
 * Every numeric field the DSL accepts, found by walking the zod schemas the builders validate
 * with: a numeric field added to a schema is covered by the hostile-value tests automatically.
 */
import type { z } from "zod";
import { projectSchema } from "../../../dsl/project.ts";
import { pipelineSchema } from "../../../dsl/pipeline.ts";
import { taskOptionsSchema } from "../../../dsl/tasks/make.ts";
import { podSpecSchema } from "../../../dsl/tasks/pod.ts";
import { triggerSpecSchema } from "../../../dsl/tasks/trigger.ts";
import { httpPollSpecSchema, httpSpecSchema } from "../../../dsl/tasks/http.ts";
import { connectionSchema } from "../../../dsl/sources/table.ts";
import { groupOptionsSchema } from "../../../dsl/medallion/group.ts";
import { dbtProjectNumbersSchema, dbtSourceNumbersSchema, modelNumbersSchema } from "../../../dsl/dbt/numbers.ts";
import type { Specs } from "./fixture.ts";

/** A numeric field: which spec of the fixture holds it, its path there, and the smallest valid value. */
export interface NumericField {
  readonly spec: keyof Specs;
  readonly path: readonly (string | number)[];
  readonly min: number;
}

type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; element?: z.ZodType; in?: z.ZodType; options?: z.ZodType[] };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Paths of the number leaves of a schema (through objects, optionals, arrays (first item), unions and pipes). */
export function numberPaths(schema: z.ZodType, at: (string | number)[] = []): { path: (string | number)[]; min: number }[] {
  const def = defOf(schema);
  switch (def.type) {
    case "number": return [{ path: at, min: (schema as unknown as { minValue: number | null }).minValue ?? 0 }];
    case "object": return Object.entries(def.shape!).flatMap(([k, v]) => numberPaths(v, [...at, k]));
    case "optional": case "nullable": case "default": return numberPaths(def.innerType!, at);
    case "array": return numberPaths(def.element!, [...at, 0]);
    case "pipe": return numberPaths(def.in!, at);
    case "union": {
      const seen = new Set<string>();
      return def.options!.flatMap((o) => numberPaths(o, at)).filter((p) => !seen.has(p.path.join(".")) && !!seen.add(p.path.join(".")));
    }
    default: return [];
  }
}

/** The zod schema each spec of the fixture is validated with. */
export const SPEC_SCHEMAS: readonly [keyof Specs, z.ZodType][] = [
  ["project", projectSchema],
  ["pipeline", pipelineSchema],
  ["landing", pipelineSchema],
  ["taskOptions", taskOptionsSchema],
  ["pod", podSpecSchema],
  ["trigger", triggerSpecSchema],
  ["http", httpSpecSchema],
  ["httpPoll", httpPollSpecSchema],
  ["connection", connectionSchema],
  ["groupOptions", groupOptionsSchema],
  ["dbtProject", dbtProjectNumbersSchema],
  ["model", modelNumbersSchema],
  ["dbtSourceOptions", dbtSourceNumbersSchema],
];

/** Numbers the builders take without a zod schema of their own (behaviours, incremental()). */
const BY_HAND: readonly NumericField[] = [
  { spec: "factOptions", path: ["lookbackDays"], min: 0 },
  { spec: "eventOptions", path: ["lookbackDays"], min: 0 },
  { spec: "materialized", path: ["lookbackDays"], min: 0 },
];

/** Fields where text is valid too (the value compared with a JSON field): text is written as a string literal. */
export const TEXT_ALLOWED: readonly string[] = ["httpPoll.until.equals"];

export const NUMERIC_FIELDS: readonly NumericField[] = [
  ...SPEC_SCHEMAS.flatMap(([spec, schema]) => numberPaths(schema).map(({ path, min }) => ({ spec, path, min })))
    // model({ materialized }) is built by incremental(): its fields are listed by hand. A
    // medallion step passes only maxActiveRuns of the pipeline settings on.
    .filter((f) => !(f.spec === "model" && f.path[0] === "materialized"))
    .filter((f) => f.spec !== "landing" || f.path[0] === "maxActiveRuns"),
  ...BY_HAND,
];
