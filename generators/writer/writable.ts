/**
 * Before a write touches anything: can the compiler replace the output? It stages the new tree
 * beside the output (the parent must be writable) and, after the swap, deletes the previous tree
 * (its directories must be writable, and its files removable). A tree that cannot be deleted
 * would be swapped out anyway and then left behind, so it is refused up front (WR008).
 *
 * root passes every permission check except immutable or append-only flags and read-only
 * mounts; `access(W_OK)` of a file reports exactly those for root, so files are checked only
 * then (for other users a read-only file in a writable directory is still removable).
 */
import { accessSync, constants, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { error, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { fixFor } from "./faults.ts";
import { quotePath } from "./refusal.ts";

const MAX_NAMED = 3;

function writable(path: string): NodeJS.ErrnoException | undefined {
  try {
    accessSync(path, constants.W_OK | (statSync(path).isDirectory() ? constants.X_OK : 0));
    return undefined;
  } catch (e) {
    return e as NodeJS.ErrnoException;
  }
}

/** The nearest existing directory at or above `path`. */
function existingAncestor(path: string): string {
  let dir = path;
  for (;;) {
    try {
      if (statSync(dir).isDirectory()) return dir;
    } catch {
      // missing: go up
    }
    const up = dirname(dir);
    if (up === dir) return dir;
    dir = up;
  }
}

/** Entries of the previous tree the compiler could not delete (relative paths, walk order). */
function stuckEntries(outDir: string): { path: string; code: string | undefined }[] {
  const checkFiles = process.getuid?.() === 0;
  const stuck: { path: string; code: string | undefined }[] = [];
  const walk = (dir: string) => {
    const e = writable(dir);
    if (e) stuck.push({ path: dir, code: e.code });
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const abs = join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      else if (checkFiles) {
        const fe = writable(abs);
        if (fe) stuck.push({ path: abs, code: fe.code });
      }
    }
  };
  walk(outDir);
  return stuck;
}

/** WR008 when nothing can be written beside the output (staging, lock); empty when it can. */
export function parentProblems(outDir: string, label: string): Diagnostic[] {
  const parent = existingAncestor(dirname(outDir));
  const fault = writable(parent);
  if (!fault) return [];
  return [error("WR008", `cannot write beside ${quotePath(label)}: ${quotePath(parent)} is read-only (${fault.code}); the new tree is staged next to the output and swapped in`, undefined, fixFor(fault.code, parent))];
}

/** WR008 when the previous output could not be deleted after a swap; empty when it can. */
export function treeProblems(outDir: string, label: string): Diagnostic[] {
  try {
    statSync(outDir);
  } catch {
    return []; // nothing to replace
  }
  const stuck = stuckEntries(outDir);
  if (stuck.length === 0) return [];
  const named = stuck.slice(0, MAX_NAMED).map((s) => (s.path === outDir ? "the directory itself" : quotePath(relative(outDir, s.path)))).join(", ") + (stuck.length > MAX_NAMED ? `, … (${stuck.length} in all)` : "");
  return [error("WR008", `output directory ${quotePath(label)} cannot be replaced: ${named} cannot be changed or removed (${stuck[0]!.code}); nothing was written`, undefined, fixFor(stuck[0]!.code, outDir))];
}
