import { captureOrigin, KIND, type Origin } from "../internal/origin.ts";
import type { SparkExecutorSizing, SparkPodSizing } from "../lake.ts";
import type { ImageHandle, SecretHandle, Text } from "../values.ts";
import type { SourceTable } from "../sources/table.ts";
import type { SilverTable } from "./silver.ts";

/** Sizing and tuning of one group's SparkApplication. */
export interface GroupOptions {
  /** Executors (shorthand for `executor.instances`). @default the project's */
  readonly executors?: number;
  /** Executor memory (shorthand for `executor.memory`). @default the project's */
  readonly memory?: string;
  /** Executor memory overhead (shorthand for `executor.memoryOverhead`). @default the project's */
  readonly memoryOverhead?: string;
  /** @default the project's spark.driver */
  readonly driver?: SparkPodSizing;
  /** @default the project's spark.executor */
  readonly executor?: SparkExecutorSizing;
  /** Extra sparkConf for this application. @default {} */
  readonly sparkConf?: Readonly<Record<string, string>>;
  /** Node selector of driver and executors. @default the project placement's */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Image of this application. @default the project's spark.image */
  readonly image?: ImageHandle;
  /** Extra jars for this application (added to the project's). @default [] */
  readonly jars?: readonly string[];
  /** Service account of driver and executors. @default the project's spark.serviceAccount */
  readonly serviceAccount?: string;
  /** Extra environment of driver and executors: text or secret handles. @default {} */
  readonly env?: Readonly<Record<string, Text | SecretHandle>>;
}

/** Tables processed together by one SparkApplication. */
export interface Group<M = SourceTable | SilverTable> {
  readonly [KIND]: "group";
  readonly name: string;
  readonly members: readonly M[];
  readonly options: GroupOptions;
  readonly origin: Origin | undefined;
}

/**
 * Groups tables into one SparkApplication (task `run__sparkapp__group_<name>`).
 * @param name lowercase letters, digits and '-'
 * @example
 * group("facts-events", [...db.facts, ...db.events], { executors: 2, memory: "1536m", memoryOverhead: "512m" })
 */
export function group<M extends SourceTable | SilverTable>(name: string, members: readonly M[], options: GroupOptions = {}): Group<M> {
  return { [KIND]: "group", name, members, options, origin: captureOrigin() };
}
