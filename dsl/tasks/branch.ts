import { z } from "zod";
import { KIND } from "../internal/origin.ts";
import { isKind } from "../values.ts";
import type { BranchPath, Task, TaskOptions } from "./common.ts";

export type Weekday = "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";
export const WEEKDAYS: readonly Weekday[] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/** A built-in condition a branch evaluates at run time. */
export type Condition =
  | { readonly [KIND]: "condition"; readonly kind: "weekday"; readonly days: readonly Weekday[] }
  | { readonly [KIND]: "condition"; readonly kind: "variableFlag"; readonly name: string; readonly default: boolean }
  | { readonly [KIND]: "condition"; readonly kind: "anyOf" | "allOf"; readonly conditions: readonly Condition[] };

/**
 * True when the run's logical date falls on one of `days`.
 * @example
 * when: weekday("sunday")
 */
export function weekday(...days: Weekday[]): Condition {
  return Object.freeze({ [KIND]: "condition" as const, kind: "weekday" as const, days: Object.freeze([...days]) });
}

/**
 * True when Airflow Variable `name` is `true` (case-insensitive; also `1`, `yes`, `on`), read at run time.
 * @param fallback Value when the Variable is unset. @default false
 * @example
 * when: variableFlag("bronze_optimization")
 */
export function variableFlag(name: string, fallback = false): Condition {
  return Object.freeze({ [KIND]: "condition" as const, kind: "variableFlag" as const, name, default: fallback });
}

/** True when any of the conditions is. */
export function anyOf(...conditions: Condition[]): Condition {
  return Object.freeze({ [KIND]: "condition" as const, kind: "anyOf" as const, conditions: Object.freeze([...conditions]) });
}

/** True when all of the conditions are. */
export function allOf(...conditions: Condition[]): Condition {
  return Object.freeze({ [KIND]: "condition" as const, kind: "allOf" as const, conditions: Object.freeze([...conditions]) });
}

/** Settings of a branch: tasks that follow `ifTrue` run when the condition holds, the `ifFalse` ones otherwise. */
export interface BranchSpec extends TaskOptions {
  readonly when: Condition;
}

/** A branch task and its two paths. */
export interface BranchTask extends Task<"branch", { readonly when: Condition }> {
  /** Follow this to run only when the condition holds. */
  readonly ifTrue: BranchPath;
  /** Follow this to run only when the condition does not hold. */
  readonly ifFalse: BranchPath;
}

export function withPaths(task: Task<"branch", { readonly when: Condition }>): BranchTask {
  const branch = task as BranchTask;
  Object.assign(branch, {
    ifTrue: Object.freeze({ [KIND]: "branch-path", branch: task, path: true }),
    ifFalse: Object.freeze({ [KIND]: "branch-path", branch: task, path: false }),
  });
  return branch;
}

const conditionSchema: z.ZodType = z.lazy(() =>
  z.union([
    z.object({ kind: z.literal("weekday"), days: z.array(z.enum(WEEKDAYS as [Weekday, ...Weekday[]])).min(1) }),
    z.object({ kind: z.literal("variableFlag"), name: z.string().min(1), default: z.boolean() }),
    z.object({ kind: z.enum(["anyOf", "allOf"]), conditions: z.array(conditionSchema).min(1) }),
  ]),
);

export const branchSpecSchema = z
  .object({ when: z.custom((v) => isKind(v, "condition"), { message: "expected weekday(), variableFlag(), anyOf() or allOf()" }).pipe(conditionSchema) })
  .strict();
