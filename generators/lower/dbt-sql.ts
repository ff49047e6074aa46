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

/** Why `sql` cannot name a file under dbt/models/, judged on the text alone: DS030 when it would leave the folder, DS001 when it is not a plain path. */
export function sqlPathProblem(sql: unknown): { readonly code: "DS030" | "DS001"; readonly why: string } | undefined {
  if (typeof sql !== "string" || sql === "") return { code: "DS001", why: "must be a path under dbt/models/ such as gold/fct_orders.sql" };
  if (sql.includes("\\")) return { code: "DS030", why: "uses \\ (paths under dbt/models/ use /)" };
  if (sql.startsWith("/")) return { code: "DS030", why: "is absolute; give it relative to dbt/models/" };
  const segments = sql.split("/");
  if (segments.includes("..")) return { code: "DS030", why: "leaves dbt/models/ (a '..' segment)" };
  if (segments.some((s) => s === "" || s === ".")) return { code: "DS001", why: "has an empty or '.' segment" };
  // The path is written into the copied SQL's header comment, which dbt renders as Jinja.
  if (!/^[A-Za-z0-9_.\/-]+$/.test(sql)) return { code: "DS001", why: "may hold only letters, digits, _, -, . and /" };
  return undefined;
}
