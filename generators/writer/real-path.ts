/**
 * Path comparisons for the output-directory guard: where a path really lands (symlinks
 * followed, also for paths that do not exist yet) and whether one path lies inside another.
 */
import { realpathSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";

/**
 * The real path of `path` (absolute or relative to the cwd). A missing path, or a dangling
 * symlink, resolves through its deepest existing ancestor: that is where it would be created.
 */
export function realPathOf(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {
    const parent = dirname(abs);
    return parent === abs ? abs : join(realPathOf(parent), basename(abs));
  }
}

/** True when `child` is `parent` or lies below it (both absolute and normalized). */
export function isWithin(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === "" || (rel !== ".." && !rel.startsWith("../") && !isAbsolute(rel));
}

/** A path as given and its real path (one entry when they are equal). */
export function spellings(path: string): string[] {
  const given = resolve(path);
  const real = realPathOf(given);
  return real === given ? [given] : [given, real];
}
