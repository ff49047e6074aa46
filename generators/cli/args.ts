/** Parsed command line of `npm run compile -- [options]`. */
export interface CliOptions {
  readonly command: "compile" | "help";
  readonly mode: "write" | "check" | "dry-run";
  readonly format: "text" | "json";
  readonly typecheck: boolean;
  readonly root?: string;
  readonly out?: string;
  readonly quiet: boolean;
}

export const USAGE = `Usage: npm run compile -- [options]

Compiles pipelines/*.ts into generated/ (Airflow DAGs and everything they read).

Options:
  --check          write nothing; exit 1 when generated/ is stale, with the stale, missing and extra files
  --dry-run        write nothing; show what a compile would write and remove (also: npm run plan)
  --format json    print diagnostics as JSON (for editors and CI annotations), with a summary of what was written
  --no-typecheck   skip the TypeScript type-check of pipelines/ (faster; the editor still checks)
  --root DIR       project root holding pipelines/ (default: this repository)
  --out DIR        output directory (default: <root>/generated): missing, empty, or a previous output
  --quiet          print only problems
  --help           show this help

Exit codes: 0 ok, 1 invalid pipelines or stale generated/, 2 internal error.`;

/** Parses argv; returns an error message for unknown or incomplete options. */
export function parseArgs(argv: readonly string[]): CliOptions | { error: string } {
  let command: CliOptions["command"] = "compile";
  let mode: CliOptions["mode"] = "write";
  let format: CliOptions["format"] = "text";
  let typecheck = true;
  let quiet = false;
  let root: string | undefined;
  let out: string | undefined;
  const args = [...argv];
  if (args[0] === "compile") args.shift();
  else if (args[0] === "plan") { args.shift(); mode = "dry-run"; }
  while (args.length) {
    const arg = args.shift()!;
    const value = (): string | undefined => {
      const [flag, inline] = arg.split(/=(.*)/s);
      if (inline !== undefined) return inline;
      const next = args.shift();
      if (next === undefined || next.startsWith("--")) throw new Error(`${flag} needs a value`);
      return next;
    };
    try {
      if (arg === "--check") mode = "check";
      else if (arg === "--dry-run") mode = "dry-run";
      else if (arg === "--no-typecheck") typecheck = false;
      else if (arg === "--quiet") quiet = true;
      else if (arg === "--help" || arg === "-h") command = "help";
      else if (arg.startsWith("--format")) {
        const f = value();
        if (f !== "text" && f !== "json") return { error: `--format must be text or json, not '${f}'` };
        format = f;
      } else if (arg.startsWith("--root")) root = value();
      else if (arg.startsWith("--out")) out = value();
      else return { error: `unknown option '${arg}'` };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }
  return { command, mode, format, typecheck, quiet, ...(root ? { root } : {}), ...(out ? { out } : {}) };
}
