// Reads a live PostgreSQL schema (pg_catalog, through `pg`): tables, columns in order with their
// types and nullability, primary keys and unique constraints. Every failure is an IntrospectError
// whose message is one line that never holds the password.
import pg from "pg";

/** A column as PostgreSQL declares it. */
export interface DbColumn {
  readonly name: string;
  /** `format_type()` of the column's type (a domain's base type), e.g. `numeric(12,4)`, `integer[]`. */
  readonly pgType: string;
  /** pg_type.typtype of that type (`b` base, `e` enum, ...). */
  readonly kind: string;
  readonly nullable: boolean;
}

export interface DbTable {
  readonly name: string;
  /** In column order (attnum). */
  readonly columns: readonly DbColumn[];
  /** Primary key columns, in key order; empty without one. */
  readonly primaryKey: readonly string[];
  /** Unique constraints' columns, by constraint name. */
  readonly uniques: readonly (readonly string[])[];
}

export interface DbSchema {
  readonly database: string;
  readonly schema: string;
  /** By name. */
  readonly tables: readonly DbTable[];
}

/** A failure to read the database: `message` is one line, safe to print (no password). */
export class IntrospectError extends Error {}

/** Connection settings from a `postgres://user:password@host:port/database` URL. */
export interface PgTarget {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user?: string;
  readonly password?: string;
  /** The URL without its password, for messages. */
  readonly display: string;
}

/** Parses --url; a bad one is an IntrospectError that does not repeat the URL (it may hold a password). */
export function parseUrl(url: string): PgTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new IntrospectError("--url is not a URL; expected postgres://user:password@host:port/database");
  }
  if (u.protocol !== "postgres:" && u.protocol !== "postgresql:") throw new IntrospectError("--url must start with postgres:// or postgresql://");
  if (!u.hostname) throw new IntrospectError("--url names no host; expected postgres://user:password@host:port/database");
  const database = decodeURIComponent(u.pathname.replace(/^\//, ""));
  if (!database || database.includes("/")) throw new IntrospectError("--url names no database; expected postgres://user:password@host:port/database");
  const port = u.port ? Number(u.port) : 5432;
  const user = u.username ? decodeURIComponent(u.username) : undefined;
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  const host = u.hostname.replace(/^\[(.*)\]$/, "$1");
  const display = `postgres://${user ? `${encodeURIComponent(user)}@` : ""}${u.host}/${encodeURIComponent(database)}`;
  return { host, port, database, ...(user ? { user } : {}), ...(password ? { password } : {}), display };
}

/** The connection error in one line, in words a user can act on. */
function connectFailure(err: unknown, target: PgTarget): string {
  const e = err as { code?: string; message?: string };
  const at = `cannot connect to ${target.display}`;
  switch (e.code) {
    case "ECONNREFUSED": return `${at}: connection refused (is PostgreSQL running and listening on ${target.host}:${target.port}?)`;
    case "ENOTFOUND": case "EAI_AGAIN": return `${at}: host ${target.host} not found`;
    case "ETIMEDOUT": return `${at}: timed out`;
    case "28P01": return `${at}: password authentication failed for user ${JSON.stringify(target.user ?? process.env.PGUSER ?? "")}`;
    case "28000": return `${at}: the server refuses this user or host (pg_hba.conf)`;
    case "3D000": return `${at}: database ${JSON.stringify(target.database)} does not exist`;
    case "42501": return `${at}: permission denied to connect to database ${JSON.stringify(target.database)}`;
    default: return `${at}: ${oneLine(e.message ?? String(err))}`;
  }
}

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

/** Removes every form of the password from a message (defence in depth: messages come from pg). */
export function redact(message: string, password: string | undefined): string {
  if (!password) return message;
  let out = message;
  for (const form of new Set([password, encodeURIComponent(password)])) out = out.split(form).join("***");
  return out;
}

const COLUMNS_SQL = `
SELECT c.relname AS table_name, a.attname AS column_name, NOT a.attnotnull AS nullable,
       format_type(CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END,
                   CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END) AS pg_type,
       CASE WHEN t.typtype = 'd' THEN bt.typtype ELSE t.typtype END AS kind,
       has_table_privilege(c.oid, 'SELECT') AS readable
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_type bt ON bt.oid = t.typbasetype
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
ORDER BY c.relname, a.attnum`;

const KEYS_SQL = `
SELECT c.relname AS table_name, con.contype AS kind, con.conname AS name,
       array_agg(a.attname::text ORDER BY k.ord) AS columns
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
WHERE n.nspname = $1 AND con.contype IN ('p', 'u')
GROUP BY c.relname, con.contype, con.conname
ORDER BY c.relname, con.contype, con.conname`;

/**
 * Reads schema `schema` (only `only` tables when given) of the database at `target`.
 * @throws IntrospectError on any failure (connection, missing schema or tables, permissions)
 */
export async function readSchema(target: PgTarget, schema: string, only?: readonly string[]): Promise<DbSchema> {
  const client = new pg.Client({
    host: target.host,
    port: target.port,
    database: target.database,
    ...(target.user ? { user: target.user } : {}),
    ...(target.password ? { password: target.password } : {}),
    connectionTimeoutMillis: 15_000,
    application_name: "lakec-introspect",
  });
  // A dropped connection after connect() must not crash the process with an unhandled event.
  client.on("error", () => undefined);
  try {
    try {
      await client.connect();
    } catch (err) {
      throw new IntrospectError(redact(connectFailure(err, target), target.password));
    }
    try {
      return await readWith(client, target, schema, only);
    } catch (err) {
      if (err instanceof IntrospectError) throw err;
      const e = err as { code?: string; message?: string };
      const why = e.code === "42501" ? `permission denied (${oneLine(e.message ?? "")})` : oneLine(e.message ?? String(err));
      throw new IntrospectError(redact(`cannot read schema ${JSON.stringify(schema)} of ${target.display}: ${why}`, target.password));
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function readWith(client: pg.Client, target: PgTarget, schema: string, only: readonly string[] | undefined): Promise<DbSchema> {
  const found = await client.query<{ usable: boolean }>("SELECT has_schema_privilege(oid, 'USAGE') AS usable FROM pg_namespace WHERE nspname = $1", [schema]);
  if (found.rows.length === 0) throw new IntrospectError(`schema ${JSON.stringify(schema)} does not exist in ${target.display}`);
  const user = (await client.query<{ u: string }>("SELECT current_user AS u")).rows[0]?.u ?? "";
  if (!found.rows[0]!.usable) throw new IntrospectError(`permission denied: user ${JSON.stringify(user)} has no USAGE on schema ${JSON.stringify(schema)} of ${target.display}`);

  const cols = (await client.query<{ table_name: string; column_name: string; nullable: boolean; pg_type: string; kind: string; readable: boolean }>(COLUMNS_SQL, [schema])).rows;
  const keys = (await client.query<{ table_name: string; kind: string; name: string; columns: string[] }>(KEYS_SQL, [schema])).rows;
  const byName = new Map<string, { columns: DbColumn[]; primaryKey: string[]; uniques: string[][]; readable: boolean }>();
  for (const c of cols) {
    let t = byName.get(c.table_name);
    if (!t) byName.set(c.table_name, (t = { columns: [], primaryKey: [], uniques: [], readable: c.readable }));
    t.columns.push({ name: c.column_name, pgType: c.pg_type, kind: c.kind, nullable: c.nullable });
  }
  for (const k of keys) {
    const t = byName.get(k.table_name);
    if (!t) continue;
    if (k.kind === "p") t.primaryKey = k.columns;
    else t.uniques.push(k.columns);
  }
  let names = [...byName.keys()].sort();
  if (only) {
    const missing = only.filter((n) => !byName.has(n));
    if (missing.length) throw new IntrospectError(`no table ${missing.map((n) => JSON.stringify(n)).join(", ")} in schema ${JSON.stringify(schema)} of ${target.display}`);
    names = names.filter((n) => only.includes(n));
  }
  const unreadable = names.filter((n) => !byName.get(n)!.readable);
  if (unreadable.length) throw new IntrospectError(`permission denied: user ${JSON.stringify(user)} cannot SELECT from ${unreadable.map((n) => `${schema}.${n}`).join(", ")} (the landing job reads them)`);
  return {
    database: target.database,
    schema,
    tables: names.map((name) => {
      const t = byName.get(name)!;
      return { name, columns: t.columns, primaryKey: t.primaryKey, uniques: t.uniques };
    }),
  };
}
