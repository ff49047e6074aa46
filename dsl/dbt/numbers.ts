import { z } from "zod";

/**
 * The numeric settings of the dbt builders. dbtProject(), model() and dbtSource() keep what the
 * author wrote (frozen); lowering checks it against these schemas (DS001), so a number always
 * reaches profiles.yml and the dbt pod as a number.
 */
export const dbtProjectNumbersSchema = z.object({
  duckdb: z.object({ threads: z.number().int().min(1).max(1024).optional() }).optional(),
  serving: z.object({ port: z.number().int().min(1).max(65535).optional() }).optional(),
});

/** model({ materialized: incremental({ lookbackDays }) }). */
export const modelNumbersSchema = z.object({
  materialized: z.object({ lookbackDays: z.number().int().min(0).optional() }).optional(),
});

/** dbtSource(..., { freshness }). */
export const dbtSourceNumbersSchema = z.object({
  freshness: z.object({ warnAfterHours: z.number().int().positive().optional(), errorAfterHours: z.number().int().positive().optional() }).optional(),
});
