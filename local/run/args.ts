// Command line of `npm run local`: what to run, for which days, where its state lives.

export interface LocalArgs {
  /** A pipeline id (`bronze__landing_to_delta__daily`), a DAG id, or `all` (every time-scheduled DAG). */
  readonly target: string;
  /** The logical days to run, in order (YYYY-MM-DD). */
  readonly days: readonly string[];
  /** Keep the state (databases, lake, Airflow metadata) for the next run, in `.lakec/local/kept`. */
  readonly keep: boolean;
  /** Where the state lives (overrides the default folder). */
  readonly stateDir: string | undefined;
  /** The local config file (default `lakehouse.local.json` at the project root). */
  readonly config: string | undefined;
  /** Minutes a day may take before the run is stopped. */
  readonly timeoutMinutes: number;
  /** The project root (pipelines/, generated/, lakehouse.local.json); default: this checkout. */
  readonly root: string | undefined;
}

export const LOCAL_USAGE = `usage: npm run local -- <pipeline id | dag id | all> --date YYYY-MM-DD [--days N] [--keep] [--state DIR] [--config FILE] [--timeout-minutes M] [--root DIR]

Runs the generated DAGs on this machine with a real Airflow, Spark, dbt, PostgreSQL and S3 server
(on loopback). The Kubernetes boundary is replaced by local processes; generated/ is used as is.

  --date D             first logical day (UTC)
  --days N             number of consecutive days from --date (default 1)
  --keep               keep the databases, the lake and Airflow's metadata for the next run
                       (.lakec/local/kept), so that day 2 builds on day 1
  --state DIR          keep the state in DIR instead
  --config FILE        local config (default: lakehouse.local.json at the project root)
  --timeout-minutes M  stop when one day takes longer (default 60)
  --root DIR           the project (pipelines/, generated/, lakehouse.local.json; default: this checkout)`;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function parseLocalArgs(argv: readonly string[]): LocalArgs | { error: string } | { help: true } {
  let target: string | undefined;
  let date: string | undefined;
  let count = 1;
  let keep = false;
  let stateDir: string | undefined;
  let config: string | undefined;
  let timeoutMinutes = 60;
  let root: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string | undefined => argv[++i];
    if (arg === "--help" || arg === "-h") return { help: true };
    else if (arg === "--keep") keep = true;
    else if (arg === "--date") date = value();
    else if (arg === "--days") count = Number(value());
    else if (arg === "--state") stateDir = value();
    else if (arg === "--config") config = value();
    else if (arg === "--timeout-minutes") timeoutMinutes = Number(value());
    else if (arg === "--root") root = value();
    else if (arg.startsWith("-")) return { error: `unknown option '${arg}'` };
    else if (target === undefined) target = arg;
    else return { error: `unexpected argument '${arg}' (one pipeline id, DAG id or 'all')` };
  }
  if (!target) return { error: "missing the pipeline to run (a pipeline id, a DAG id or 'all')" };
  if (!date || !DAY.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) return { error: "--date YYYY-MM-DD is required" };
  if (!Number.isInteger(count) || count < 1 || count > 366) return { error: "--days must be a whole number from 1 to 366" };
  if (!Number.isFinite(timeoutMinutes) || timeoutMinutes <= 0) return { error: "--timeout-minutes must be a positive number" };
  if (stateDir !== undefined && !stateDir) return { error: "--state needs a folder" };
  if (root !== undefined && !root) return { error: "--root needs a folder" };
  return { target, days: consecutiveDays(date, count), keep, stateDir, config, timeoutMinutes, root };
}

/** `count` consecutive UTC days from `first`. */
export function consecutiveDays(first: string, count: number): string[] {
  const start = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}
