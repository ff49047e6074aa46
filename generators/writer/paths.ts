/**
 * Path validation, run before anything touches the disk.
 *
 * Emitters build paths from user-provided names; a bad one must never escape the output
 * directory, clobber another file, or produce a tree that breaks on some checkout
 * (case-insensitive macOS/Windows file systems). We report every problem, never just the
 * first, so a broken emitter is fixed in one round.
 */
import { compareBytes } from "./byte-order.ts";
import { MANIFEST_PATH } from "./manifest.ts";

/** Thrown by the writer when the file set has invalid paths; `problems` lists them all. */
export class InvalidPathsError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`refusing to write: ${problems.length} invalid generated path(s):\n  ${problems.join("\n  ")}`);
    this.name = "InvalidPathsError";
    this.problems = problems;
  }
}

// C0 controls, DEL and C1 controls: invisible in listings and unsafe in shells / YAML keys.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Problems with one path on its own (shape only). */
function shapeProblems(path: string): string[] {
  const problems: string[] = [];
  if (path.length === 0) return ["empty path"];
  if (CONTROL.test(path)) problems.push("contains a control character");
  if (path.includes("\\")) problems.push("contains a backslash (paths are POSIX, use '/')");
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) problems.push("is absolute (must be relative to the output directory)");
  const segments = path.split("/");
  if (segments.some((s) => s === "")) problems.push("has an empty segment ('//', leading or trailing '/')");
  if (segments.some((s) => s === "..")) problems.push("contains '..' (would escape the output directory)");
  if (segments.some((s) => s === ".")) problems.push("contains '.' segment (paths must be normalized)");
  // Case-insensitively too: on macOS `MANIFEST.JSON` is the same file as `manifest.json`.
  if (fold(path) === fold(MANIFEST_PATH)) problems.push(`'${MANIFEST_PATH}' at the root is reserved for the writer`);
  return problems;
}

/**
 * The key under which two paths land on the same file on a case-insensitive,
 * normalization-insensitive file system (APFS/HFS+ store NFD, Windows folds case).
 */
function fold(path: string): string {
  return path.normalize("NFC").toLowerCase();
}

/** Every directory prefix of a path: `a/b/c.py` → `a`, `a/b`. */
function ancestors(path: string): string[] {
  const segments = path.split("/");
  const out: string[] = [];
  for (let i = 1; i < segments.length; i++) out.push(segments.slice(0, i).join("/"));
  return out;
}

/**
 * Validate the paths of a file set. Returns human-readable problems, each naming the
 * offending path (JSON-quoted, so control characters are visible), sorted; empty when all
 * paths are fine. Never throws.
 */
export function validatePaths(paths: readonly string[]): string[] {
  const problems: string[] = [];
  const q = (p: string) => JSON.stringify(p);

  const exactCount = new Map<string, number>();
  for (const p of paths) exactCount.set(p, (exactCount.get(p) ?? 0) + 1);

  const valid: string[] = [];
  for (const [p, count] of exactCount) {
    for (const why of shapeProblems(p)) problems.push(`${q(p)}: ${why}`);
    if (count > 1) problems.push(`${q(p)}: duplicate path (${count} files)`);
    if (shapeProblems(p).length === 0) valid.push(p);
  }

  // Different spellings of one file on case-insensitive checkouts.
  const byFold = new Map<string, string[]>();
  for (const p of valid) {
    const key = fold(p);
    byFold.set(key, [...(byFold.get(key) ?? []), p]);
  }
  for (const group of byFold.values()) {
    if (group.length < 2) continue;
    const sorted = [...group].sort(compareBytes);
    problems.push(`${sorted.map(q).join(", ")}: paths differ only in case or Unicode normalization (collide on macOS/Windows)`);
  }

  // A path cannot be both a file and a directory (`dags` and `dags/x.py`).
  const foldedFiles = new Map(valid.map((p) => [fold(p), p] as const));
  for (const p of valid) {
    for (const dir of ancestors(p)) {
      const clash = foldedFiles.get(fold(dir));
      if (clash !== undefined) problems.push(`${q(p)}: its directory ${q(dir)} is also generated as a file ${q(clash)}`);
    }
  }

  return problems.sort(compareBytes);
}
