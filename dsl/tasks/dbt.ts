import { z } from "zod";
import { isKind, textSchema, type Text } from "../values.ts";
import type { DbtProject } from "../dbt/project.ts";
import type { DbtMode } from "../dbt/run.ts";
import type { ResourceAmounts } from "./pod.ts";
import type { TaskOptions } from "./common.ts";

/** Settings of a task that runs the dbt project in a pod. */
export interface DbtTaskSpec extends TaskOptions {
  readonly project: DbtProject;
  readonly mode: DbtMode;
  readonly fullRefresh: boolean;
  readonly env?: Readonly<Record<string, Text>>;
  readonly resources?: { readonly requests?: ResourceAmounts; readonly limits?: ResourceAmounts };
  readonly serviceAccount?: string;
}

export const dbtTaskSpecSchema = z
  .object({
    project: z.custom((v) => isKind(v, "dbt-project"), { message: "expected dbtProject(...)" }),
    mode: z.enum(["daily_refresh", "full_rebuild", "gold_only"]),
    fullRefresh: z.boolean(),
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), textSchema).optional(),
    resources: z.object({ requests: z.record(z.string(), z.string()).optional(), limits: z.record(z.string(), z.string()).optional() }).optional(),
    serviceAccount: z.string().min(1).optional(),
  })
  .strict();
