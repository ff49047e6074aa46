import { z } from "zod";
import { isKind, textSchema, type ConnectionHandle, type Text } from "../values.ts";
import type { Task, TaskOptions } from "./common.ts";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Settings of a task that calls an HTTP API once. */
export interface HttpSpec extends TaskOptions {
  /** Airflow connection holding the base URL and credentials, e.g. `platform.connections.curie`. */
  readonly connection: ConnectionHandle;
  /** HTTP method. @default "POST" */
  readonly method?: HttpMethod;
  /** Path below the connection's base URL (may use run-time values). */
  readonly endpoint: Text;
  /**
   * Request body: text, or an object sent as JSON (keys sorted). Object bodies hold JSON values
   * and run-time values at any depth (each rendered as a JSON string); secret handles are refused
   * (credentials belong in the connection or a header from it), so are functions, `undefined`,
   * `NaN`, dates and class instances. @default none
   * @example
   * body: { date: runDate, tables: ["orders"], options: { env: variable("catalog_env", "prod") } }
   */
  readonly body?: Text | Readonly<Record<string, unknown>>;
  /** Extra request headers. @default {} (JSON content type when `body` is an object) */
  readonly headers?: Readonly<Record<string, string>>;
  /** Status codes that count as success. @default [200, 201, 202, 204] */
  readonly expectStatus?: readonly number[];
  /** JSON field of the response to keep (pushed to XCom), e.g. to poll until it changes. @default none */
  readonly captureField?: string;
}

/** When a poll is done: a JSON field equals a value, or differs from what an earlier call captured. */
export type PollUntil =
  | { readonly field: string; readonly equals: string | number | boolean }
  | { readonly field: string; readonly changedFrom: Task<"http"> };

/** Settings of a task that polls an HTTP API until a condition holds. */
export interface HttpPollSpec extends TaskOptions {
  readonly connection: ConnectionHandle;
  /** Path below the connection's base URL (may use run-time values). */
  readonly endpoint: Text;
  /** Extra request headers. @default {} */
  readonly headers?: Readonly<Record<string, string>>;
  /** Seconds between polls. @default 60 */
  readonly everySeconds?: number;
  /** Give up (fail) after this many seconds. @default 3600 */
  readonly timeoutSeconds?: number;
  readonly until: PollUntil;
}

const connection = z.custom((v) => isKind(v, "connection"), { message: "expected a connection from the project catalogue (platform.connections.x)" });
const headers = z.record(z.string().regex(/^[A-Za-z0-9-]+$/, "must be a header name"), z.string());
const fieldName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.]*$/, "must be a JSON field path such as release_id or data.id");

export const httpSpecSchema = z
  .object({
    connection,
    method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).optional(),
    endpoint: textSchema,
    body: z.union([textSchema, z.record(z.string(), z.unknown())]).optional(),
    headers: headers.optional(),
    expectStatus: z.array(z.number().int().min(100).max(599)).min(1).optional(),
    captureField: fieldName.optional(),
  })
  .strict();

export const httpPollSpecSchema = z
  .object({
    connection,
    endpoint: textSchema,
    headers: headers.optional(),
    everySeconds: z.number().int().positive().optional(),
    timeoutSeconds: z.number().int().positive().optional(),
    until: z.union([
      z.object({ field: fieldName, equals: z.union([z.string(), z.number(), z.boolean()]) }).strict(),
      z.object({ field: fieldName, changedFrom: z.custom((v) => isKind(v, "task") && (v as Task).kind === "http", { message: "expected an http task" }) }).strict(),
    ]),
  })
  .strict();
