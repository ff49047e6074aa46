/**
 * Where a model's hand-written SQL may come from: a file under `dbt/models/`, named by a relative
 * POSIX path, that still lies there once symlinks are resolved. Anything else would copy an
 * arbitrary file of the machine into `generated/`.
 */

/** The folder of hand-written model SQL, relative to the project root. */
export const MODELS_DIR = "dbt/models";

/** What reading a project file found. */
export type ProjectFileRead = { readonly kind: "text"; readonly text: string } | { readonly kind: "missing" } | { readonly kind: "outside" };

/**
 * Reads `relativePath` (relative to the project root) if it resolves, symlinks followed, to a
 * file inside the folder `within` (also root-relative).
 */
export type ReadProjectFile = (relativePath: string, within: string) => ProjectFileRead;

/** Why `sql` cannot name a file under dbt/models/, judged on the text alone; undefined when it can. */
export function sqlPathProblem(sql: unknown): string | undefined {
  if (typeof sql !== "string" || sql === "") return "must be a path under dbt/models/ such as gold/fct_orders.sql";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(sql)) return "must use / as separator and hold no control characters or backslashes";
  if (sql.startsWith("/")) return "is absolute; give it relative to dbt/models/";
  const segments = sql.split("/");
  if (segments.includes("..")) return "leaves dbt/models/ (a '..' segment)";
  if (segments.some((s) => s === "" || s === ".")) return "has an empty or '.' segment";
  return undefined;
}
