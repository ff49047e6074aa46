import { z } from "zod";
import { captureOrigin, KIND, type Origin } from "../internal/origin.ts";
import type { DslIssue } from "../internal/issues.ts";
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
  return { [KIND]: "source-table", ...spec, name: "", sourceName: "", origin: captureOrigin(), issues: [] };
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

const connectionSchema = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).optional(),
    database: z.string().min(1),
    user: z.custom((v) => isKind(v, "secret"), { message: "must be a secret handle (platform.secrets.x), not text" }),
    password: z.custom((v) => isKind(v, "secret"), { message: "must be a secret handle (platform.secrets.x), not text" }),
    fetchSize: z.number().int().positive().optional(),
  })
  .strict();

/** Checks a table's keys and behaviour columns against its columns (for authors who bypass the types). */
function tableIssues(name: string, t: SourceTable, origin: Origin | undefined): DslIssue[] {
  const issues: DslIssue[] = [];
  const columns = Object.keys(t.columns ?? {});
  const hint = `columns are ${columns.join(", ")}`;
  const need = (column: string | undefined, role: string) => {
    if (column !== undefined && !columns.includes(column)) issues.push({ code: "DS010", message: `${role} '${column}' is not a column of table '${name}'`, hint, origin });
  };
  if (!t.keys?.length) issues.push({ code: "DS010", message: `table '${name}' declares no keys`, hint, origin });
  for (const key of t.keys ?? []) need(key, "key column");
  const b = t.behaviour;
  if (b?.kind === "mutableDimension") { need(b.watermark, "watermark column"); need(b.created, "created column"); }
  if (b?.kind === "fact") need(b.eventDate, "event date column");
  if (b?.kind === "event") need(b.eventTime, "event time column");
  if (!b || !isKind(b, "behaviour")) issues.push({ code: "DS001", message: `table '${name}': behaviour must be snapshot(), mutableDimension(), fact() or event()`, origin });
  if ((b?.kind === "fact" || b?.kind === "event") && (!Number.isInteger(b.lookbackDays) || b.lookbackDays < 0)) {
    issues.push({ code: "DS001", message: `table '${name}': lookbackDays must be a whole number ≥ 0`, origin });
  }
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
export function postgresSource<T extends Record<string, SourceTable<any>>>(spec: {
  readonly name: string;
  readonly schema: string;
  readonly connection: PostgresConnection;
  readonly tables: T;
}): PostgresSource<T> {
  const origin = captureOrigin();
  const issues: DslIssue[] = [];
  const parsed = connectionSchema.safeParse(spec.connection);
  if (!parsed.success) for (const i of parsed.error.issues) issues.push({ code: "DS001", message: `source '${spec.name}': connection.${i.path.join(".")} ${i.message}`, origin });
  const tables = {} as Record<string, SourceTable>;
  for (const [name, t] of Object.entries(spec.tables ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) issues.push({ code: "DS001", message: `table name '${name}' must be letters, digits and '_'`, origin: t.origin ?? origin });
    tables[name] = { ...t, name, sourceName: spec.name, issues: tableIssues(name, t, t.origin ?? origin) };
  }
  const all = Object.values(tables);
  const by = (kind: string) => all.filter((t) => t.behaviour?.kind === kind);
  return {
    [KIND]: "source",
    name: spec.name,
    schema: spec.schema,
    connection: spec.connection,
    tables: tables as T,
    all,
    snapshots: by("snapshot"),
    mutableDimensions: by("mutableDimension"),
    facts: by("fact"),
    events: by("event"),
    origin,
    issues,
  };
}
