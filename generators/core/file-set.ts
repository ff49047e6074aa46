/**
 * The unit every emitter produces and the writer consumes: one generated file.
 * Paths are POSIX, relative to the output directory (`generated/`).
 */
export interface GeneratedFile {
  /** Relative POSIX path inside the output directory, e.g. `dags/my_dags/ampere__x.py`. */
  readonly path: string;
  /** Full file content, LF line endings, UTF-8. */
  readonly content: string;
  /** The pipeline file it came from, relative to the project root (e.g. `pipelines/generators.ts`). */
  readonly source: string;
}
