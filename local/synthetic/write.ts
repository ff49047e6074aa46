// Talking to PostgreSQL: the connection from the libpq environment, one transaction per run,
// batched inserts in the declared column order, and the "has init run?" check.
import pg from "pg";
import type { SourceTable } from "../../dsl/sources/table.ts";
import { ident, pgColumns, qualified, source } from "./ddl.ts";
import { UserError } from "./errors.ts";
import { hash32 } from "./prng.ts";
import type { Row, Value } from "./rows.ts";

type Env = Readonly<Record<string, string | undefined>>;

/** Where we connect, for messages (never the password). */
export interface Target {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string | undefined;
}

/**
 * The connection target from PGHOST, PGPORT, PGUSER, PGDATABASE. Defaults: localhost, 5432,
 * database `ampere_db` (the declared source's), the driver's user.
 */
export function targetFrom(env: Env): Target {
  const port = env.PGPORT?.trim() || "5432";
  if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65_535) throw new UserError(`PGPORT=${JSON.stringify(env.PGPORT)} is not a port number`);
  return { host: env.PGHOST?.trim() || "localhost", port: Number(port), database: env.PGDATABASE?.trim() || source.connection.database, user: env.PGUSER?.trim() || undefined };
}

export const describeTarget = (t: Target): string => `${t.host}:${t.port}/${t.database}`;

/** A connected client; the password from PGPASSWORD, session settings from PGOPTIONS (the daily pod sets work_mem). */
export async function connect(target: Target, env: Env): Promise<pg.Client> {
  const client = new pg.Client({
    host: target.host,
    port: target.port,
    database: target.database,
    ...(target.user ? { user: target.user } : {}),
    ...(env.PGPASSWORD !== undefined ? { password: env.PGPASSWORD } : {}),
    ...(env.PGOPTIONS ? { options: env.PGOPTIONS } : {}),
    connectionTimeoutMillis: 15_000,
  });
  // A dropped connection surfaces through the failing query; without a listener it would crash the process.
  client.on("error", () => undefined);
  await client.connect();
  return client;
}

/** Serialises runs of the generator on one database (init and daily alike). */
const LOCK_KEY = hash32("lakec synthetic source generator");

/** Runs `work` in one transaction: everything or nothing is written. */
export async function inTransaction<T>(client: pg.Client, work: () => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1)", [LOCK_KEY]);
    const result = await work();
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  }
}

/** Rows per INSERT statement: PostgreSQL takes at most 65535 parameters. */
const MAX_PARAMETERS = 30_000;

/**
 * Inserts rows into a declared table, columns in declaration order. A row must carry exactly the
 * declared columns (a column added to the DSL without a generator value fails here, loudly).
 * @param onConflict `nothing` keeps rows that already exist (same key). @default "error"
 */
export async function insertRows(client: pg.Client, t: SourceTable, rows: readonly Row[], onConflict: "error" | "nothing" = "error"): Promise<number> {
  const columns = pgColumns(t).map((c) => c.name);
  for (const row of rows) {
    const extra = Object.keys(row).filter((k) => !columns.includes(k));
    const missing = columns.filter((c) => !(c in row));
    if (extra.length || missing.length) throw new Error(`row for ${t.name} does not match its declaration (missing: ${missing.join(", ") || "-"}; extra: ${extra.join(", ") || "-"})`);
  }
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  let written = 0;
  for (let start = 0; start < rows.length; start += perStatement) {
    const batch = rows.slice(start, start + perStatement);
    const params: Value[] = [];
    const tuples = batch.map((row) => `(${columns.map((c) => { params.push(row[c]!); return `$${params.length}`; }).join(", ")})`);
    const conflict = onConflict === "nothing" ? ` ON CONFLICT (${t.keys.map(ident).join(", ")}) DO NOTHING` : "";
    const res = await client.query(`INSERT INTO ${qualified(t)} (${columns.map(ident).join(", ")}) VALUES ${tuples.join(", ")}${conflict}`, params);
    written += res.rowCount ?? 0;
  }
  return written;
}

/** Fails with one clear line when the source schema or one of its tables is not there yet. */
export async function requireInitialised(client: pg.Client, target: Target): Promise<void> {
  const schema = await client.query("SELECT 1 FROM information_schema.schemata WHERE schema_name = $1", [source.schema]);
  if (schema.rowCount === 0) throw new UserError(`schema "${source.schema}" does not exist in database "${target.database}": run init first`);
  const found = await client.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = $1", [source.schema]);
  const have = new Set(found.rows.map((r) => r.table_name));
  const missing = source.all.filter((t) => !have.has(t.name)).map((t) => `${source.schema}.${t.name}`);
  if (missing.length) throw new UserError(`missing table${missing.length > 1 ? "s" : ""} ${missing.join(", ")} in database "${target.database}": run init first`);
}
