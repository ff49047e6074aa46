import { z } from "zod";
import { captureOrigin, KIND, type Origin } from "./internal/origin.ts";
import { validate, type DslIssue } from "./internal/issues.ts";
import { objectArgument } from "./internal/arguments.ts";
import { snapshot } from "./internal/snapshot.ts";
import { isKind, type ConnectionHandle, type ImageHandle, type SecretHandle } from "./values.ts";
import { executorSizingSchema, podSizingSchema, type LakeSettings, type SparkSettings } from "./lake.ts";

/** How a pipeline declared `after` another one is started. */
export type HandoffMode = "trigger" | "asset";

/** Where pods and Spark drivers run unless a task says otherwise. */
export interface Placement {
  /** Kubernetes node selector labels. @default {} */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Service account of pods. @default the namespace's default service account */
  readonly serviceAccount?: string;
  /** Image pull secrets (Kubernetes secret names). @default [] */
  readonly imagePullSecrets?: readonly string[];
}

/** Settings shared by every pipeline of the project. */
export interface ProjectSpec<
  I extends Record<string, ImageHandle>,
  S extends Record<string, SecretHandle>,
  C extends Record<string, ConnectionHandle>,
> {
  /** Prefix of every DAG id: `<id>__<pipeline id>`. Lowercase letters, digits and `_`. */
  readonly id: string;
  /** Owner shown in Airflow. @default "airflow" */
  readonly owner?: string;
  /** Task retries. @default 0 */
  readonly retries?: number;
  /** Seconds between retries. @default 300 */
  readonly retryDelaySeconds?: number;
  /** First logical date, `YYYY-MM-DD` (UTC), a day that exists (`2025-02-31` is DS001). */
  readonly startDate: string;
  /** Kubernetes namespace of pods and SparkApplications. */
  readonly namespace: string;
  /** Container images by name. @default {} */
  readonly images?: I;
  /** Kubernetes secret keys by name. @default {} */
  readonly secrets?: S;
  /** Airflow connection ids by name. @default {} */
  readonly connections?: C;
  /** Default node placement, service account and pull secrets. @default {} */
  readonly placement?: Placement;
  /** How `after:` hand-offs between pipelines are wired: a trigger task in the upstream DAG, or Airflow assets. @default "trigger" */
  readonly handoff?: HandoffMode;
  /** Object store and layer roots; needed by medallion steps. @default none */
  readonly lake?: LakeSettings;
  /** Spark image, versions and defaults; needed by medallion steps. @default none */
  readonly spark?: SparkSettings;
}

/** The project: defaults plus typed catalogues of images, secrets and connections. */
export interface Project<
  I extends Record<string, ImageHandle> = Record<string, ImageHandle>,
  S extends Record<string, SecretHandle> = Record<string, SecretHandle>,
  C extends Record<string, ConnectionHandle> = Record<string, ConnectionHandle>,
> {
  readonly [KIND]: "project";
  readonly id: string;
  readonly owner: string;
  readonly retries: number;
  readonly retryDelaySeconds: number;
  readonly startDate: string;
  readonly namespace: string;
  readonly images: I;
  readonly secrets: S;
  readonly connections: C;
  readonly placement: Required<Placement>;
  readonly handoff: HandoffMode;
  readonly lake: LakeSettings | undefined;
  readonly spark: SparkSettings | undefined;
  readonly origin: Origin | undefined;
  readonly issues: readonly DslIssue[];
}

const handles = (kind: string) =>
  z.record(z.string(), z.custom((v) => isKind(v, kind), { message: `expected a ${kind} handle` }));

const lakeUri = z.string().regex(/^(s3a?|file):\/\/\S+$/, "must be an s3a://, s3:// or file:// URI").transform((u) => u.replace(/\/+$/, ""));

/** A YYYY-MM-DD string naming a day that exists (no 2025-02-31). */
function isCalendarDate(text: string): boolean {
  const [y, m, d] = text.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 1970;
}

/** What project() accepts (also walked by tests to find every numeric field). */
export const projectSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, "must be lowercase letters, digits and '_', starting with a letter"),
  owner: z.string().min(1).optional(),
  retries: z.number().int().min(0).max(100).optional(),
  retryDelaySeconds: z.number().int().min(0).optional(),
  startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD").refine(isCalendarDate, "must be a real calendar date (this month has fewer days)"),
  namespace: z.string().min(1),
  images: handles("image").optional(),
  secrets: handles("secret").optional(),
  connections: handles("connection").optional(),
  placement: z
    .object({
      nodeSelector: z.record(z.string(), z.string()).optional(),
      serviceAccount: z.string().min(1).optional(),
      imagePullSecrets: z.array(z.string().min(1)).optional(),
    })
    .strict()
    .optional(),
  handoff: z.enum(["trigger", "asset"]).optional(),
  lake: z
    .object({
      endpoint: z.string().url(),
      sslEnabled: z.boolean().optional(),
      accessKey: z.custom((v) => isKind(v, "secret"), { message: "must be a secret handle" }),
      secretKey: z.custom((v) => isKind(v, "secret"), { message: "must be a secret handle" }),
      raw: lakeUri, bronze: lakeUri, silver: lakeUri, gold: lakeUri.optional(),
      state: lakeUri.optional(), registry: lakeUri.optional(), quarantine: lakeUri.optional(),
      format: z.enum(["delta"]).optional(),
    })
    .strict()
    .optional(),
  spark: z
    .object({
      image: z.custom((v) => isKind(v, "image"), { message: "must be an image handle" }),
      version: z.string().regex(/^4\.1\.\d+$/, "must be a Spark 4.1 version such as 4.1.0: the jobs are built for Spark 4.1 and Delta 4").optional(),
      mainFile: z.string().min(1).optional(),
      serviceAccount: z.string().min(1).optional(),
      jars: z.array(z.string().min(1)).optional(),
      sparkConf: z.record(z.string(), z.string()).optional(),
      kubernetesConnId: z.string().min(1).optional(),
      driver: podSizingSchema.optional(),
      executor: executorSizingSchema.optional(),
    })
    .strict()
    .optional(),
}).strict();

/**
 * Declares the project settings, once, in `pipelines/project.ts`.
 * @example
 * export const platform = project({
 *   id: "ampere",
 *   startDate: "2025-08-24",
 *   namespace: "ampere",
 *   images: { generator: image("ghcr.io/acme/generator", { tag: variable("release", "1.0.0") }) },
 *   secrets: { pgUser: k8sSecret("pguser", "pguser") },
 *   placement: { nodeSelector: { "kubernetes.io/hostname": "node4" }, imagePullSecrets: ["ghcr-pull"] },
 * });
 */
export function project<
  I extends Record<string, ImageHandle> = Record<never, ImageHandle>,
  S extends Record<string, SecretHandle> = Record<never, SecretHandle>,
  C extends Record<string, ConnectionHandle> = Record<never, ConnectionHandle>,
>(input: ProjectSpec<I, S, C>): Project<I, S, C> {
  const origin = captureOrigin();
  // Read once: what is validated below is what the compiler writes.
  const [settings, bad] = objectArgument(snapshot(input), "project settings", origin);
  const spec = settings as unknown as ProjectSpec<I, S, C>;
  return Object.freeze({
    [KIND]: "project" as const,
    id: spec.id,
    owner: spec.owner ?? "airflow",
    retries: spec.retries ?? 0,
    retryDelaySeconds: spec.retryDelaySeconds ?? 300,
    startDate: spec.startDate,
    namespace: spec.namespace,
    images: spec.images ?? ({} as I),
    secrets: spec.secrets ?? ({} as S),
    connections: spec.connections ?? ({} as C),
    placement: Object.freeze({
      nodeSelector: spec.placement?.nodeSelector ?? {},
      serviceAccount: spec.placement?.serviceAccount ?? "",
      imagePullSecrets: spec.placement?.imagePullSecrets ?? [],
    }),
    handoff: spec.handoff ?? "trigger",
    lake: spec.lake,
    spark: spec.spark,
    origin,
    issues: bad.length > 0 ? bad : validate(projectSchema, spec, "project", origin),
  });
}
