import { KIND, type Origin } from "../internal/origin.ts";
import type { DslIssue } from "../internal/issues.ts";

/** Which upstream outcomes let a task run. @default "allSuccess" */
export type TriggerRule =
  | "allSuccess"
  | "allFailed"
  | "allDone"
  | "allDoneMinOneSuccess"
  | "allSkipped"
  | "oneSuccess"
  | "oneDone"
  | "oneFailed"
  | "noneFailed"
  | "noneFailedMinOneSuccess"
  | "noneSkipped"
  | "always";

export const TRIGGER_RULES: readonly TriggerRule[] = [
  "allSuccess", "allFailed", "allDone", "allDoneMinOneSuccess", "allSkipped", "oneSuccess",
  "oneDone", "oneFailed", "noneFailed", "noneFailedMinOneSuccess", "noneSkipped", "always",
];

/** A task declared in a pipeline; pass it in another task's `after` to depend on it. */
export interface Task<K extends string = string, S = unknown> {
  readonly [KIND]: "task";
  readonly id: string;
  readonly kind: K;
  readonly spec: S;
  readonly options: TaskOptions;
  readonly origin: Origin | undefined;
  readonly issues: readonly DslIssue[];
  /** The pipeline that declared it (set when the pipeline is built); used to refuse cross-pipeline edges. */
  readonly pipelineId: string;
}

/** One outcome of a branch task: `check.ifTrue` or `check.ifFalse`. */
export interface BranchPath {
  readonly [KIND]: "branch-path";
  readonly branch: Task;
  readonly path: boolean;
}

/** What a task can follow: another task, or one path of a branch. */
export type Upstream = Task | BranchPath;

/** Settings every task kind accepts. */
export interface TaskOptions {
  /** Tasks (or branch paths) that must finish first. @default [] */
  readonly after?: readonly Upstream[];
  /** Which upstream outcomes let this task run. @default "allSuccess" */
  readonly triggerRule?: TriggerRule;
  /** Retries of this task. @default the pipeline's */
  readonly retries?: number;
  /** Seconds between retries. @default the pipeline's */
  readonly retryDelaySeconds?: number;
  /** Run only when this task succeeded in the previous DAG run. @default the pipeline's */
  readonly dependsOnPast?: boolean;
  /** Documentation shown on the task in Airflow. */
  readonly doc?: string;
}
