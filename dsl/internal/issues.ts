import type { z } from "zod";
import type { Origin } from "./origin.ts";

/**
 * A problem found while building a DSL object. Builders never throw on bad input: they record
 * issues, and the compiler turns them into diagnostics so that authors see every problem at once.
 */
export interface DslIssue {
  /** Catalog code, e.g. `DS001`. */
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly origin: Origin | undefined;
}

/** Runs a zod schema and converts its failures into DS001 issues naming the field path. */
export function validate(schema: z.ZodType, input: unknown, what: string, origin: Origin | undefined): DslIssue[] {
  const result = schema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const field = issue.path.map(String).join(".");
    return {
      code: "DS001",
      message: `${what}: ${field ? `'${field}' ` : ""}${issue.message}`,
      origin,
    };
  });
}
