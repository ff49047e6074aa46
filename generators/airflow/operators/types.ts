import type { IrPipeline, IrProject, IrTask } from "../../ir/types.ts";

/** How one task is written in a DAG file: its operator class, imports, keyword arguments and helper functions. */
export interface OperatorView {
  readonly className: string;
  /** Full import lines, e.g. `from airflow.providers.standard.operators.empty import EmptyOperator`. */
  readonly imports: readonly string[];
  /** Keyword arguments after `task_id`, as [name, Python source]. */
  readonly kwargs: readonly (readonly [string, string])[];
  /** Module-level helper functions, keyed by name so shared helpers are written once. */
  readonly helpers?: Readonly<Record<string, string>>;
}

export interface OperatorContext {
  readonly project: IrProject;
  readonly pipeline: IrPipeline;
  /** The task's Python variable (unique in the file); helpers derive their names from it. */
  readonly variable: string;
}

export type OperatorWriter<T extends IrTask = IrTask> = (task: T, ctx: OperatorContext) => OperatorView;
