import { z } from "zod";
import { captureOrigin, KIND, type Origin } from "./internal/origin.ts";

/**
 * A value read at run time from an Airflow Variable (rendered as Jinja in the generated file,
 * never read when Airflow parses the DAG).
 *
 * @example
 * variable("ampere_release_version", "1.4.0")
 */
export interface VariableRef {
  readonly [KIND]: "variable";
  readonly name: string;
  readonly default: string;
}

/**
 * Reads Airflow Variable `name` at run time, falling back to `fallback` when it is unset.
 * @param name Airflow Variable key.
 * @param fallback Value used when the Variable does not exist.
 * @example
 * image("registry.local/ampere-spark", { tag: variable("ampere_release_version", "1.4.0") })
 */
export function variable(name: string, fallback: string): VariableRef {
  return Object.freeze({ [KIND]: "variable" as const, name, default: fallback });
}

/** Names of the run-time values every task can use. */
export type RuntimeName = "runDate" | "runDateNodash" | "logicalDate" | "runId" | "tryNumber";

/** A value known only when the DAG run executes (the run's logical date, its id, ...). */
export interface RuntimeValue {
  readonly [KIND]: "runtime";
  readonly name: RuntimeName;
}

const runtime = (name: RuntimeName): RuntimeValue => Object.freeze({ [KIND]: "runtime" as const, name });

/** The run's logical date as `YYYY-MM-DD` (falls back to the run's `run_after` for manual runs). Backfills get their own date. */
export const runDate: RuntimeValue = runtime("runDate");
/** The run's logical date as `YYYYMMDD`. */
export const runDateNodash: RuntimeValue = runtime("runDateNodash");
/** The run's logical date as an ISO-8601 timestamp (falls back to `run_after`). */
export const logicalDate: RuntimeValue = runtime("logicalDate");
/** The Airflow run id of the current DAG run. */
export const runId: RuntimeValue = runtime("runId");
/** The attempt number of the current task try (1 for the first try). */
export const tryNumber: RuntimeValue = runtime("tryNumber");

/** Text mixing literal parts with run-time values; build it with {@link template}. */
export interface Template {
  readonly [KIND]: "template";
  readonly parts: ReadonlyArray<string | VariableRef | RuntimeValue>;
}

/**
 * Text with run-time values spliced in. Literal parts are always kept verbatim (they can never
 * be interpreted as Jinja by Airflow).
 * @example
 * template`-c work_mem=${variable("pg_work_mem", "64MB")}`
 */
export function template(strings: TemplateStringsArray, ...values: Array<VariableRef | RuntimeValue>): Template {
  const parts: Array<string | VariableRef | RuntimeValue> = [];
  strings.forEach((text, i) => {
    if (text) parts.push(text);
    if (i < values.length) parts.push(values[i]!);
  });
  return Object.freeze({ [KIND]: "template" as const, parts: Object.freeze(parts) });
}

/** Any text that may carry run-time values: a plain string, a Variable, a run-time value or a template. */
export type Text = string | VariableRef | RuntimeValue | Template;

/**
 * A key of a Kubernetes secret. Its value never reaches `generated/`: pods receive it as an
 * environment variable through a `secretKeyRef`.
 */
export interface SecretHandle {
  readonly [KIND]: "secret";
  readonly secret: string;
  readonly key: string;
  readonly origin: Origin | undefined;
}

/**
 * Declares a key of a Kubernetes secret. Register it in `project({ secrets })` and use it
 * through the project (`platform.secrets.pgUser`), so a typo is a type error.
 * @param secret Kubernetes Secret name (DNS-1123).
 * @param key Key inside the secret.
 * @example
 * secrets: { pgUser: k8sSecret("pguser", "pguser") }
 */
export function k8sSecret(secret: string, key: string): SecretHandle {
  return Object.freeze({ [KIND]: "secret" as const, secret, key, origin: captureOrigin() });
}

/** An Airflow connection id (credentials stay in Airflow's connection store). */
export interface ConnectionHandle {
  readonly [KIND]: "connection";
  readonly connId: string;
  readonly origin: Origin | undefined;
}

/**
 * Declares an Airflow connection by id. Register it in `project({ connections })`.
 * @example
 * connections: { curie: airflowConnection("curie_api") }
 */
export function airflowConnection(connId: string): ConnectionHandle {
  return Object.freeze({ [KIND]: "connection" as const, connId, origin: captureOrigin() });
}

/** When Kubernetes pulls a container image. */
export type PullPolicy = "IfNotPresent" | "Always" | "Never";

/** A container image: repository plus a tag, which may come from an Airflow Variable at run time. */
export interface ImageHandle {
  readonly [KIND]: "image";
  readonly repository: string;
  readonly tag: string | VariableRef;
  readonly pullPolicy: PullPolicy;
  readonly origin: Origin | undefined;
}

/**
 * Declares a container image. Register it in `project({ images })`.
 * @param repository Image repository without tag, e.g. `ghcr.io/acme/spark`.
 * @param options.tag Tag, or a Variable read at run time. @default "latest"
 * @param options.pullPolicy @default "IfNotPresent"
 * @example
 * image("ghcr.io/antonminiazev/order-data-generator", { tag: variable("ampere_release_version", "latest") })
 */
export function image(repository: string, options: { tag?: string | VariableRef; pullPolicy?: PullPolicy } = {}): ImageHandle {
  const { tag, pullPolicy } = options;
  return Object.freeze({
    [KIND]: "image" as const,
    repository,
    tag: tag ?? "latest",
    pullPolicy: pullPolicy ?? "IfNotPresent",
    origin: captureOrigin(),
  });
}

/** True when `value` is a DSL object of the given kind. */
export function isKind<K extends string>(value: unknown, kind: K): value is { [KIND]: K } {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[KIND] === kind;
}

/** zod schema for {@link Text} values. */
export const textSchema = z.custom<Text>(
  (v) => typeof v === "string" || isKind(v, "variable") || isKind(v, "runtime") || isKind(v, "template"),
  { message: "expected a string, variable(), a run-time value or template`...`" },
);
