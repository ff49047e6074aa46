// Mistakes of the person running the generator (bad date, missing env, no schema yet): the CLI
// prints the message as one line and exits 1, never with a stack trace.

/** An error whose message is meant for the user, as is. */
export class UserError extends Error {
  override name = "UserError";
}

interface PgLikeError { code?: string; errors?: unknown[]; message?: string; address?: string; port?: number }

/**
 * One line for a failure talking to PostgreSQL: connection refused or unreachable, or the server's
 * own message (bad password, unknown database, ...). Never includes the password: neither the
 * driver's errors nor we put it in a message.
 */
export function connectionProblem(err: unknown, where: string): string | undefined {
  const e = (err ?? {}) as PgLikeError;
  // Node reports a refused dual-stack connect as an AggregateError of per-address errors.
  const code = e.code ?? (e.errors?.[0] as PgLikeError | undefined)?.code;
  switch (code) {
    case "ECONNREFUSED": return `cannot connect to PostgreSQL at ${where}: connection refused`;
    case "ENOTFOUND": case "EAI_AGAIN": return `cannot connect to PostgreSQL at ${where}: unknown host`;
    case "ETIMEDOUT": return `cannot connect to PostgreSQL at ${where}: timed out`;
    case "ECONNRESET": return `PostgreSQL at ${where} closed the connection`;
  }
  // SQLSTATE classes 08 (connection), 28 (authorisation), 3D (unknown database).
  if (code && /^(08|28|3D)/.test(code)) return `PostgreSQL at ${where}: ${e.message}`;
  if (e.message === "timeout expired" || e.message === "Connection terminated due to connection timeout") return `cannot connect to PostgreSQL at ${where}: timed out`;
  return undefined;
}
