// The local PostgreSQL: one server on the loopback address(es) of the platform's PostgreSQL hosts,
// at their cluster port, holding the source databases, the serving database and Airflow's own.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";

export interface LocalPostgres {
  readonly addresses: readonly string[];
  readonly port: number;
  readonly admin: { readonly user: string; readonly password: string };
  readonly datadir: string;
  /** A connection string for `database` as the admin role. */
  url(database: string, host?: string): string;
  stop(keep: boolean): void;
}

/**
 * Where the cluster of a state folder lives: `<state>/postgres`, unless we run as root and the
 * `postgres` OS user (who runs the server) cannot reach the state folder (a 0700 parent such as
 * /root or a mkdtemp folder); then in /var/tmp/lakec-local-pg/<hash of the state folder>.
 */
export function postgresDataDir(stateDir: string): string {
  const inState = path.join(stateDir, "postgres");
  if (process.getuid?.() !== 0) return inState;
  const reachable = spawnSync("runuser", ["-u", "postgres", "--", "test", "-x", stateDir], { stdio: "ignore" }).status === 0;
  if (reachable) return inState;
  const outside = path.join("/var/tmp/lakec-local-pg", createHash("sha256").update(path.resolve(stateDir)).digest("hex").slice(0, 16));
  mkdirSync(outside, { recursive: true, mode: 0o755 });
  return path.join(outside, "postgres");
}

export function startPostgres(root: string, datadir: string, addresses: readonly string[], port: number): LocalPostgres {
  const script = path.join(root, "scripts", "postgres-server.py");
  const started = spawnSync("python3", [script, "start", "--datadir", datadir, "--listen", addresses.join(","), "--port", String(port), "--superuser", "--user", "lakec_admin", "--database", "lakec_admin"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (started.status !== 0) throw new Error(`PostgreSQL did not start:\n${started.stderr.trim()}`);
  const info = JSON.parse(started.stdout.trim().split("\n").at(-1)!) as { user: string; password: string; datadir: string };
  const admin = { user: info.user, password: info.password };
  return {
    addresses,
    port,
    admin,
    datadir: info.datadir,
    url: (database, host = addresses[0]!) => `postgresql://${admin.user}:${admin.password}@${host}:${port}/${database}`,
    stop: (keep) => {
      spawnSync("python3", [script, keep ? "halt" : "stop", info.datadir], { stdio: ["ignore", "ignore", "inherit"] });
    },
  };
}

/** Removes the cluster of a run that is not kept (a killed run may have left one behind). */
export function removePostgres(root: string, datadir: string): void {
  spawnSync("python3", [path.join(root, "scripts", "postgres-server.py"), "stop", datadir], { stdio: ["ignore", "ignore", "inherit"] });
}

/** Roles and databases the platform expects (idempotent: a kept state already has them). */
export async function provision(server: LocalPostgres, roles: Readonly<Record<string, string>>, databases: readonly { name: string; owner: string | undefined }[]): Promise<void> {
  const client = new pg.Client({ connectionString: server.url("postgres") });
  await client.connect();
  try {
    for (const [role, password] of Object.entries(roles)) {
      const exists = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]);
      const verb = exists.rowCount ? "ALTER" : "CREATE";
      await client.query(`${verb} ROLE ${ident(role)} LOGIN PASSWORD ${literal(password)}`);
    }
    for (const db of databases) {
      const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [db.name]);
      if (!exists.rowCount) await client.query(`CREATE DATABASE ${ident(db.name)} OWNER ${ident(db.owner ?? server.admin.user)}`);
    }
  } finally {
    await client.end();
  }
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
