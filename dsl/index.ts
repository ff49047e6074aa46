/**
 * The pipeline DSL: everything an author imports, from one place.
 * @example
 * import { project, pipeline, cron, image, k8sSecret, runDate } from "../dsl/index.ts";
 */
export { project, type Project, type ProjectSpec, type Placement, type HandoffMode } from "./project.ts";
export { pipeline, type Pipeline, type PipelineSpec, type TaskBuilder } from "./pipeline.ts";
export { cron, hourly, daily, weekly, monthly, yearly, manual, after, type Schedule } from "./schedule.ts";
export {
  variable, template, image, k8sSecret, airflowConnection,
  runDate, runDateNodash, logicalDate, runId, tryNumber,
  type Text, type VariableRef, type RuntimeValue, type Template, type ImageHandle, type SecretHandle, type ConnectionHandle, type PullPolicy,
} from "./values.ts";
export type { Task, TaskOptions, TriggerRule, Upstream, BranchPath } from "./tasks/common.ts";
export type { PodSpec, ResourceAmounts } from "./tasks/pod.ts";
export { externalDag, type ExternalDag, type TriggerSpec } from "./tasks/trigger.ts";
export { weekday, variableFlag, anyOf, allOf, type Condition, type Weekday, type BranchSpec, type BranchTask } from "./tasks/branch.ts";
export type { HttpSpec, HttpPollSpec, HttpMethod, PollUntil } from "./tasks/http.ts";
