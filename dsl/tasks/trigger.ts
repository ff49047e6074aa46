import { z } from "zod";
import { KIND, type Origin } from "../internal/origin.ts";
import { captureOrigin } from "../internal/origin.ts";
import type { TaskOptions } from "./common.ts";

/** A DAG that is not declared in `pipelines/` (hand-written, or owned by another team). */
export interface ExternalDag {
  readonly [KIND]: "external-dag";
  readonly dagId: string;
  readonly origin: Origin | undefined;
}

/**
 * Refers to a DAG that this project does not generate, by its full `dag_id`.
 * @example
 * t.trigger(externalDag("ampere__raw_landing__postgres_to_landing__daily"))
 */
export function externalDag(dagId: string): ExternalDag {
  return Object.freeze({ [KIND]: "external-dag" as const, dagId, origin: captureOrigin() });
}

/** Settings of a task that starts a run of another pipeline with this run's logical date. */
export interface TriggerSpec extends TaskOptions {
  /** Task id. @default `trigger__<target id without the project prefix>` */
  readonly id?: string;
  /** Wait until the triggered run finishes (and fail if it fails). @default false */
  readonly wait?: boolean;
  /** Seconds between checks while waiting. @default 60 */
  readonly pollSeconds?: number;
  /** Clear and rerun an existing run for the same logical date. @default true */
  readonly resetDagRun?: boolean;
}

export const triggerSpecSchema = z
  .object({
    id: z.string().min(1).optional(),
    wait: z.boolean().optional(),
    pollSeconds: z.number().int().positive().optional(),
    resetDagRun: z.boolean().optional(),
  })
  .strict();
