/**
 * Why the writer refuses an output directory: diagnostics (WR002–WR007) thrown as one error
 * before anything on disk is touched. These are user mistakes (a wrong `--out`, files put into
 * `generated/` by hand), so the CLI reports them with exit 1, never as a crash.
 */
import { error, type Diagnostic } from "../diagnostics/diagnostic.ts";

export class UnsafeOutputError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(`refusing to write: ${diagnostics.map((d) => `${d.code} ${d.message}`).join("; ")}`);
    this.name = "UnsafeOutputError";
    this.diagnostics = diagnostics;
  }
}

/** A path printed bare when it is plain, JSON-quoted when it has spaces, quotes or controls. */
export function quotePath(path: string): string {
  return /^[\w./@+,=~-]+$/.test(path) ? path : JSON.stringify(path);
}

/** How many hand-added paths a message names before "and N more". */
const MAX_LISTED = 20;

/** WR006: files inside a previous output of ours that its manifest does not list. */
export function handAddedDiagnostic(label: string, paths: readonly string[]): Diagnostic {
  const listed = paths.slice(0, MAX_LISTED).map(quotePath).join(", ");
  const more = paths.length > MAX_LISTED ? ` and ${paths.length - MAX_LISTED} more` : "";
  const what = paths.length === 1 ? "1 file that the compiler did not write" : `${paths.length} files that the compiler did not write`;
  return error("WR006", `${quotePath(label)} holds ${what} (not in its manifest.json): ${listed}${more}`, undefined);
}
