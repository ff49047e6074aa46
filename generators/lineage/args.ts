/** Parsed command line of `npm run graph -- [options]`. */
export interface GraphOptions {
  readonly command: "graph" | "help";
  readonly format: "mermaid" | "html" | "both";
  readonly typecheck: boolean;
  readonly root?: string;
  readonly out?: string;
  readonly quiet: boolean;
}

export const GRAPH_USAGE = `Usage: npm run graph -- [options]

Compiles pipelines/*.ts and writes the dataset lineage: lineage.mmd (Mermaid, for pull requests)
and lineage.html (one self-contained page: open it in a browser, no network needed).

Options:
  --out DIR                       output directory (default: <root>/lineage, relative to the root)
  --format mermaid|html|both      what to write (default: both)
  --typecheck                     type-check pipelines/ first, as npm run compile does (slower)
  --root DIR                      project root holding pipelines/ (default: this repository)
  --quiet                         print only problems
  --help                          show this help

Exit codes: 0 ok, 1 invalid pipelines or command line (nothing written), 2 internal error.`;

/** Parses argv; returns an error message for unknown or incomplete options. */
export function parseGraphArgs(argv: readonly string[]): GraphOptions | { error: string } {
  let command: GraphOptions["command"] = "graph";
  let format: GraphOptions["format"] = "both";
  let typecheck = false;
  let quiet = false;
  let root: string | undefined;
  let out: string | undefined;
  const args = [...argv];
  if (args[0] === "graph") args.shift();
  while (args.length) {
    const arg = args.shift()!;
    const value = (): string => {
      const [flag, inline] = arg.split(/=(.*)/s);
      if (inline !== undefined) return inline;
      const next = args.shift();
      if (next === undefined || next.startsWith("--")) throw new Error(`${flag} needs a value`);
      return next;
    };
    try {
      if (arg === "--typecheck") typecheck = true;
      else if (arg === "--no-typecheck") typecheck = false;
      else if (arg === "--quiet") quiet = true;
      else if (arg === "--help" || arg === "-h") command = "help";
      else if (arg === "--format" || arg.startsWith("--format=")) {
        const f = value();
        if (f !== "mermaid" && f !== "html" && f !== "both") return { error: `--format must be mermaid, html or both, not '${f}'` };
        format = f;
      } else if (arg === "--root" || arg.startsWith("--root=")) root = value();
      else if (arg === "--out" || arg.startsWith("--out=")) out = value();
      else return { error: `unknown option '${arg}'` };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }
  return { command, format, typecheck, quiet, ...(root ? { root } : {}), ...(out ? { out } : {}) };
}
