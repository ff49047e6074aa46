// The synthetic source-data generator's command line (what the local runner maps the reference
// generator images to):
//
//   node --import tsx local/synthetic/cli.ts init             # env PROJECT_START_DATE, N_OF_INIT_CLIENTS, N_DELIVERY_RESOURCE
//   node --import tsx local/synthetic/cli.ts daily --run-date 2025-08-02 [--seed 42]
//
// Connection from PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE (default ampere_db). Progress:
// one line per table on stderr. Mistakes: one line on stderr, exit 1.
import { pathToFileURL } from "node:url";
import { dailyRates, initSizes, seedFrom } from "./config.ts";
import { parseDate } from "./dates.ts";
import { connectionProblem, UserError } from "./errors.ts";
import { runDaily } from "./run-daily.ts";
import { runInit, type Written } from "./run-init.ts";
import { connect, describeTarget, requireInitialised, targetFrom } from "./write.ts";

type Env = Readonly<Record<string, string | undefined>>;

const USAGE = "usage: cli.ts init | cli.ts daily --run-date YYYY-MM-DD  [--seed N]";

/** The parsed command line. */
export interface Command {
  readonly command: "init" | "daily";
  readonly runDate: string | undefined;
  readonly seed: string | undefined;
}

/**
 * Parses `<init|daily> [--run-date D] [--seed N]` (also `--flag=value`).
 * @throws UserError on anything else
 */
export function parseCommand(argv: readonly string[]): Command {
  const [command, ...rest] = argv;
  if (command !== "init" && command !== "daily") throw new UserError(command === undefined ? USAGE : `unknown command ${JSON.stringify(command)}; ${USAGE}`);
  const flags: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const m = /^--(run-date|seed)(?:=(.*))?$/.exec(rest[i]!);
    if (!m) throw new UserError(`unknown argument ${JSON.stringify(rest[i])}; ${USAGE}`);
    const value = m[2] ?? rest[++i];
    if (value === undefined) throw new UserError(`--${m[1]} needs a value`);
    flags[m[1]!] = value;
  }
  if (command === "init" && flags["run-date"] !== undefined) throw new UserError("init takes its first day from PROJECT_START_DATE, not --run-date");
  return { command, runDate: flags["run-date"], seed: flags.seed };
}

async function run(argv: readonly string[], env: Env, log: (line: string) => void): Promise<void> {
  const cmd = parseCommand(argv);
  const seed = seedFrom(cmd.seed, env);
  // Everything the user gives is checked before connecting.
  const date = cmd.command === "init" ? parseDate(env.PROJECT_START_DATE?.trim(), "PROJECT_START_DATE") : parseDate(cmd.runDate, "--run-date");
  const sizes = cmd.command === "init" ? initSizes(env) : undefined;
  const rates = cmd.command === "daily" ? dailyRates(env) : undefined;
  const target = targetFrom(env);
  const where = describeTarget(target);
  const prefix = `synthetic ${cmd.command} ${date}`;
  let client;
  try {
    client = await connect(target, env);
  } catch (err) {
    throw new UserError(connectionProblem(err, where) ?? `cannot connect to PostgreSQL at ${where}: ${(err as Error).message}`);
  }
  try {
    let written: Written;
    if (sizes) {
      written = await runInit(client, seed, date, sizes);
    } else {
      await requireInitialised(client, target);
      written = await runDaily(client, seed, date, rates!);
    }
    for (const [table, what] of written) log(`${prefix}: ${table}: ${what}`);
    log(`${prefix}: done (seed ${seed}, ${where})`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: readonly string[], env: Env, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<number> {
  try {
    await run(argv, env, log);
    return 0;
  } catch (err) {
    const where = (() => { try { return describeTarget(targetFrom(env)); } catch { return "PostgreSQL"; } })();
    const message = err instanceof UserError ? err.message : connectionProblem(err, where) ?? `failed: ${(err as Error)?.message ?? String(err)}`;
    log(`synthetic: ${message.replace(/\s*\n\s*/g, " ")}`);
    return 1;
  }
}

// Run when executed (not when a test imports main()).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2), process.env);
}
