import { z } from "zod";
import { captureOrigin, KIND, type Origin } from "../internal/origin.ts";
import type { DslIssue } from "../internal/issues.ts";
import { snapshot, snapshotFields } from "../internal/snapshot.ts";
import { objectArgument } from "../internal/arguments.ts";
import { isKind, type SecretHandle } from "../values.ts";
import type { Behaviour } from "./behaviour.ts";
import type { ColumnType } from "./columns.ts";

/** A source table declaration (before it is attached to a source). */
export interface TableSpec<C extends Record<string, ColumnType>> {
  /** Columns in source order; names are used verbatim in the lake. */
  readonly columns: C;
  /** Logical key (the source may declare no primary key). */
  readonly keys: readonly (keyof C & string)[];
  /** How the table changes: snapshot(), mutableDimension(), fact() or event(). */
  readonly behaviour: Behaviour<keyof C & string>;
}

/** A table of a source; use it in medallion groups and silver declarations. */
export interface SourceTable<C extends Record<string, ColumnType> = Record<string, ColumnType>> extends TableSpec<C> {
  readonly [KIND]: "source-table";
  /** Table name in the source (the key in `tables`). */
  readonly name: string;
  /** Name of the source it belongs to. */
  readonly sourceName: string;
  readonly origin: Origin | undefined;
  readonly issues: readonly DslIssue[];
}

/**
 * Declares a table: columns, logical keys and behaviour. Column names are typed: a key or
 * watermark that is not a column is a type error.
 * @example
 * clients: table({
 *   columns: { id: int64(), name: text(), updated_at: date(), registration_date: date() },
 *   keys: ["id"],
 *   behaviour: mutableDimension({ watermark: "updated_at", created: "registration_date" }),
 * })
 */
export function table<C extends Record<string, ColumnType>>(spec: TableSpec<C>): SourceTable<C> {
  // Read once; postgresSource() names the table and checks it.
  return Object.freeze({ ...snapshot(spec), [KIND]: "source-table" as const, name: "", sourceName: "", origin: captureOrigin(), issues: [] });
}

/** Connection of a PostgreSQL source; credentials only as secret handles. */
export interface PostgresConnection {
  readonly host: string;
  /** @default 5432 */
  readonly port?: number;
  readonly database: string;
  readonly user: SecretHandle;
  readonly password: SecretHandle;
  /** JDBC fetch size. @default 10000 */
  readonly fetchSize?: number;
}

/** A PostgreSQL source with its tables, grouped by behaviour for convenience. */
export interface PostgresSource<T extends Record<string, SourceTable<any>> = Record<string, SourceTable>> {
  readonly [KIND]: "source";
  readonly name: string;
  readonly schema: string;
  readonly connection: PostgresConnection;
  readonly tables: T;
  /** All tables in declaration order. */
  readonly all: readonly SourceTable[];
  readonly snapshots: readonly SourceTable[];
  readonly mutableDimensions: readonly SourceTable[];
  readonly facts: readonly SourceTable[];
  readonly events: readonly SourceTable[];
  readonly origin: Origin | undefined;
  readonly issues: readonly DslIssue[];
}

/** What a PostgreSQL connection accepts (also walked by tests to find every numeric field). */
export const connectionSchema = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).optional(),
    database: z.string().min(1),
    user: z.custom((v) => isKind(v, "secret"), { message: "must be a secret handle (platform.secrets.x), not text" }),
    password: z.custom((v) => isKind(v, "secret"), { message: "must be a secret handle (platform.secrets.x), not text" }),
    fetchSize: z.number().int().positive().optional(),
  })
  .strict();

/**
 * Names that become lake path segments, job spec names and SQL identifiers: letters, digits and
 * '_', not starting with a digit, at most 63 characters (PostgreSQL's identifier limit).
 */
const SAFE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
/** Column types the jobs understand (spark-jobs/jobspec.schema.json). */
const COLUMN_TYPE = /^(bigint|int|smallint|string|boolean|double|float|date|timestamp|decimal\((\d+),(\d+)\))$/;

function nameIssue(what: string, name: unknown, origin: Origin | undefined): DslIssue[] {
  if (typeof name === "string" && SAFE_NAME.test(name)) return [];
  return [{ code: "DS001", message: `${what} ${JSON.stringify(name) ?? String(name)} is not a safe name`, hint: "use letters, digits and '_', not starting with a digit, at most 63 characters", origin }];
}

function columnTypeIssue(table: string, column: string, c: ColumnType | undefined, origin: Origin | undefined): DslIssue[] {
  const match = typeof c?.type === "string" ? COLUMN_TYPE.exec(c.type) : null;
  const precision = Number(match?.[2] ?? 1);
  const scale = Number(match?.[3] ?? 0);
  if (match && precision >= 1 && precision <= 38 && scale <= precision) return [];
  return [{ code: "DS001", message: `table '${table}': column '${column}' has no valid type (${JSON.stringify(c?.type) ?? "none"})`, hint: "use the column builders: int64(), text(), decimal(12, 2) (precision 1-38, scale 0 to precision), ...", origin }];
}

/** Checks a table's name, columns, keys and behaviour (for authors who bypass the types). */
function tableIssues(name: string, t: SourceTable, origin: Origin | undefined): DslIssue[] {
  const issues: DslIssue[] = [...nameIssue("table name", name, origin)];
  const columns = Object.keys(t.columns ?? {});
  if (!columns.length) issues.push({ code: "DS001", message: `table '${name}' declares no columns`, origin });
  for (const column of columns) {
    issues.push(...nameIssue(`column name of table '${name}':`, column, origin));
    issues.push(...columnTypeIssue(name, column, t.columns[column], origin));
  }
  const hint = `columns are ${columns.join(", ")}`;
  const need = (column: string | undefined, role: string) => {
    if (column !== undefined && !columns.includes(column)) issues.push({ code: "DS010", message: `${role} '${column}' is not a column of table '${name}'`, hint, origin });
  };
  const keys: readonly unknown[] = Array.isArray(t.keys) ? t.keys : [];
  if (!keys.length) issues.push({ code: "DS001", message: `table '${name}' declares no keys`, hint: `name its logical key, e.g. keys: ["${columns[0] ?? "id"}"]; ${hint}`, origin });
  for (const key of keys) need(key as string, "key column");
  const b = t.behaviour;
  if (b?.kind === "mutableDimension") { need(b.watermark, "watermark column"); need(b.created, "created column"); }
  if (b?.kind === "fact") need(b.eventDate, "event date column");
  if (b?.kind === "event") need(b.eventTime, "event time column");
  if (!b || !isKind(b, "behaviour") || !["snapshot", "mutableDimension", "fact", "event"].includes(b.kind)) {
    issues.push({ code: "DS001", message: `table '${name}': behaviour must be snapshot(), mutableDimension(), fact() or event()`, hint: "add behaviour: snapshot() (full copy each run), or mutableDimension / fact / event", origin });
  }
  if ((b?.kind === "fact" || b?.kind === "event") && (!Number.isSafeInteger(b.lookbackDays) || b.lookbackDays < 0)) {
    issues.push({ code: "DS001", message: `table '${name}': lookbackDays must be a whole number ≥ 0`, origin });
  }
  if (b?.kind === "mutableDimension" && b.granularity !== "day" && b.granularity !== "timestamp") issues.push({ code: "DS001", message: `table '${name}': granularity must be "day" or "timestamp"`, origin });
  if (b?.kind === "event" && typeof b.dedup !== "boolean") issues.push({ code: "DS001", message: `table '${name}': dedup must be true or false`, origin });
  return issues;
}

/**
 * Declares a PostgreSQL source and its tables.
 * @example
 * export const db = postgresSource({
 *   name: "ampere_db",
 *   schema: "source",
 *   connection: { host: "postgres-service", database: "ampere_db", user: platform.secrets.pgUser, password: platform.secrets.pgPassword },
 *   tables: { stores: table({ columns: { id: int64(), name: text() }, keys: ["id"], behaviour: snapshot() }) },
 * });
 */
export function postgresSource<T extends Record<string, SourceTable<any>>>(input: {
  readonly name: string;
  readonly schema: string;
  readonly connection: PostgresConnection;
  readonly tables: T;
}): PostgresSource<T> {
  const origin = captureOrigin();
  // Read once: what is validated below is what the compiler writes.
  const [settings, bad] = objectArgument(snapshot(input), "postgresSource settings", origin);
  const spec = settings as unknown as typeof input;
  const issues: DslIssue[] = bad.length > 0 ? bad : [...nameIssue("source name", spec.name, origin), ...nameIssue(`schema of source '${spec.name}':`, spec.schema, origin)];
  const parsed = connectionSchema.safeParse(spec.connection);
  if (!parsed.success && bad.length === 0) for (const i of parsed.error.issues) issues.push({ code: "DS001", message: `source '${spec.name}': connection${i.path.length ? `.${i.path.join(".")}` : ""} ${i.message}`, origin });
  const tables = {} as Record<string, SourceTable>;
  for (const [name, handle] of Object.entries(spec.tables ?? {})) {
    // A table() result is frozen already; a hand-made object is read once here.
    const t = isKind(handle, "source-table") ? (handle as SourceTable) : snapshotFields((handle ?? {}) as SourceTable);
    const at = t.origin ?? origin;
    // The source's own issues travel with each table: lowering reports them (once) wherever a table is used.
    tables[name] = Object.freeze({ ...t, [KIND]: "source-table" as const, name, sourceName: spec.name, issues: Object.freeze([...tableIssues(name, t, at), ...issues]) });
  }
  const all = Object.freeze(Object.values(tables));
  const by = (kind: string) => Object.freeze(all.filter((t) => t.behaviour?.kind === kind));
  return Object.freeze({
    [KIND]: "source" as const,
    name: spec.name,
    schema: spec.schema,
    connection: spec.connection,
    tables: Object.freeze(tables) as T,
    all,
    snapshots: by("snapshot"),
    mutableDimensions: by("mutableDimension"),
    facts: by("fact"),
    events: by("event"),
    origin,
    issues: Object.freeze(issues),
  });
}
