import type { WriteResult } from "../writer/index.ts";

/** What `--format json` prints beside the diagnostics when the compile got as far as the writer. */
export interface JsonSummary {
  readonly mode: WriteResult["mode"];
  readonly pipelines: number;
  /** The output directory as the user typed it (or relative to the working directory). */
  readonly outDir: string;
  /** The output already matched before this run. */
  readonly upToDate: boolean;
  /** Paths written by this run (write mode), or that a compile would add / change (other modes). */
  readonly written: readonly string[];
  readonly added: readonly string[];
  readonly changed: readonly string[];
  /** Count only: on a large project this list is every file. */
  readonly unchanged: number;
  /** Paths removed (write mode) or that a compile would remove. */
  readonly removed: readonly string[];
  /** Wall time of the whole run. */
  readonly milliseconds: number;
}

/** The JSON summary of one run of the writer. */
export function jsonSummary(write: WriteResult, pipelines: number, outDir: string, milliseconds: number): JsonSummary {
  return {
    mode: write.mode,
    pipelines,
    outDir,
    upToDate: write.upToDate,
    written: write.written,
    added: write.added,
    changed: write.changed,
    unchanged: write.unchanged.length,
    removed: write.removed,
    milliseconds,
  };
}
