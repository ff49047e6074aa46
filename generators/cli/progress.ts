/**
 * Progress lines on stderr for a compile that takes longer than a second: what the compiler
 * finished (files loaded, pipelines lowered, files written) with the time since the start. A
 * compile that ends within the second prints none; the first line after it also prints the
 * steps finished before (so the sequence is whole). See progressWanted for when it is on.
 */
export interface ProgressOptions {
  readonly enabled: boolean;
  readonly write: (text: string) => void;
  /** Milliseconds since the compile started. */
  readonly elapsed: () => number;
  /** @default 1000 */
  readonly afterMs?: number;
}

/** A `step(what)` function: records one finished step and prints it (and the held ones) once the threshold passed. */
export function progressReporter(options: ProgressOptions): (what: string) => void {
  const afterMs = options.afterMs ?? 1000;
  const held: string[] = [];
  return (what) => {
    if (!options.enabled) return;
    const millis = options.elapsed();
    held.push(`progress: ${what} (${(millis / 1000).toFixed(2)} s)\n`);
    if (millis < afterMs) return;
    options.write(held.join(""));
    held.length = 0;
  };
}

/**
 * Whether to print progress at all: on a terminal (a log that a test or a script reads stays as
 * it was), or when LAKEC_PROGRESS=1 asks for it; never with --quiet or --format json.
 */
export function progressWanted(options: { readonly quiet: boolean; readonly format: "text" | "json" }, isTTY: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (options.quiet || options.format !== "text") return false;
  return env.LAKEC_PROGRESS === "1" || (isTTY === true && env.LAKEC_PROGRESS !== "0");
}

/** The threshold: 1 s, or LAKEC_PROGRESS_AFTER_MS (tests set 0 to see every line). */
export function progressThreshold(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.LAKEC_PROGRESS_AFTER_MS);
  return env.LAKEC_PROGRESS_AFTER_MS !== undefined && Number.isFinite(value) && value >= 0 ? value : 1000;
}
