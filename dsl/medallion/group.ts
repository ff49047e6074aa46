import { z } from "zod";
import { captureOrigin, KIND, type Origin } from "../internal/origin.ts";
import { validate, type DslIssue } from "../internal/issues.ts";
import { snapshot } from "../internal/snapshot.ts";
import { executorSizingSchema, memorySchema, podSizingSchema, type SparkExecutorSizing, type SparkPodSizing } from "../lake.ts";
import { isKind, textSchema, type ImageHandle, type SecretHandle, type Text } from "../values.ts";
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
  readonly issues: readonly DslIssue[];
}

/**
 * The group type of a member list. A source table's column types are dropped: `SourceTable<C>`
 * is invariant in `C` (its keys use `keyof C`), so a `Group<SourceTable<{ id: ... }>>` would not
 * fit a step's `Group<SourceTable>`.
 */
export type GroupOf<M> = Group<M extends SilverTable ? SilverTable : SourceTable>;

/** What group() options accept (also walked by tests to find every numeric field). */
export const groupOptionsSchema = z
  .object({
    executors: z.number().int().min(1).optional(),
    memory: memorySchema.optional(),
    memoryOverhead: memorySchema.optional(),
    driver: podSizingSchema.optional(),
    executor: executorSizingSchema.optional(),
    sparkConf: z.record(z.string(), z.string()).optional(),
    nodeSelector: z.record(z.string(), z.string()).optional(),
    image: z.custom((v) => isKind(v, "image"), { message: "expected an image from the project catalogue (platform.images.x)" }).optional(),
    jars: z.array(z.string().min(1)).optional(),
    serviceAccount: z.string().min(1).optional(),
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a valid environment variable name"), z.custom((v) => textSchema.safeParse(v).success || isKind(v, "secret"), { message: "expected text or a secret handle" })).optional(),
  })
  .strict();

// Built once: zod compiles a schema on its first parse.
const groupNameSchema = z.string().min(1);
const groupMembersSchema = z.array(z.custom((v) => isKind(v, "source-table") || isKind(v, "silver-table"), { message: "expected a table or silver(...)" }));

/**
 * Groups tables into one SparkApplication (task `run__sparkapp__group_<name>`).
 * @param name lowercase letters, digits and '-' (checked as part of the SparkApplication name)
 * @example
 * group("facts-events", [...db.facts, ...db.events], { executors: 2, memory: "1536m", memoryOverhead: "512m" })
 * group("clients", [db.tables.clients])
 */
export function group<M extends SourceTable<any> | SilverTable>(name: string, members: readonly M[], options: GroupOptions = {}): GroupOf<M> {
  const origin = captureOrigin();
  // Read once: what is validated below is what the compiler writes.
  const copy = snapshot({ name, members, options });
  const issues = [
    ...validate(groupNameSchema, copy.name, "group name", origin),
    ...validate(groupMembersSchema, copy.members, `group '${copy.name}' members`, origin),
    ...validate(groupOptionsSchema, copy.options, `group '${copy.name}'`, origin),
  ];
  const built: Group<M> = Object.freeze({ [KIND]: "group" as const, name: copy.name, members: copy.members, options: copy.options, origin, issues: Object.freeze(issues) });
  return built as unknown as GroupOf<M>;
}
