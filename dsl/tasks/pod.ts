import { z } from "zod";
import { isKind, textSchema, type ImageHandle, type SecretHandle, type Text } from "../values.ts";
import type { TaskOptions } from "./common.ts";

/** CPU and memory of a container, in Kubernetes quantities (`"250m"`, `"1Gi"`). */
export interface ResourceAmounts {
  readonly cpu?: string;
  readonly memory?: string;
}

/** Settings of a container task (a Kubernetes pod started by Airflow). */
export interface PodSpec extends TaskOptions {
  /** Image from the project catalogue, e.g. `platform.images.generator`. */
  readonly image: ImageHandle;
  /** Overrides the image's entrypoint. @default the image's ENTRYPOINT */
  readonly command?: readonly Text[];
  /** Arguments. @default the image's CMD */
  readonly args?: readonly Text[];
  /** Environment variables: text (may use run-time values) or secret handles. @default {} */
  readonly env?: Readonly<Record<string, Text | SecretHandle>>;
  /** Requests and limits. @default none */
  readonly resources?: { readonly requests?: ResourceAmounts; readonly limits?: ResourceAmounts };
  /** Service account. @default the project placement's */
  readonly serviceAccount?: string;
  /** Node selector labels. @default the project placement's */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Pod name prefix (DNS-1123). @default the task id, lowercased, `_` → `-` */
  readonly podName?: string;
  /** Seconds to wait for the pod to start. @default 120 */
  readonly startupTimeoutSeconds?: number;
}

const quantity = z.string().regex(/^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/, "must be a Kubernetes quantity such as 250m or 1Gi");
const amounts = z.object({ cpu: quantity.optional(), memory: quantity.optional() }).strict();
const envValue = z.custom((v) => textSchema.safeParse(v).success || isKind(v, "secret"), {
  message: "expected text or a secret handle",
});

export const podSpecSchema = z
  .object({
    image: z.custom((v) => isKind(v, "image"), { message: "expected an image from the project catalogue (platform.images.x)" }),
    command: z.array(textSchema).optional(),
    args: z.array(textSchema).optional(),
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a valid environment variable name"), envValue).optional(),
    resources: z.object({ requests: amounts.optional(), limits: amounts.optional() }).strict().optional(),
    serviceAccount: z.string().min(1).optional(),
    nodeSelector: z.record(z.string(), z.string()).optional(),
    podName: z.string().min(1).optional(),
    startupTimeoutSeconds: z.number().int().positive().optional(),
  })
  .strict();
