/**
 * The writer's temporary directories, and recovery from runs that crashed.
 *
 * They live next to the output directory (same parent, so same file system: `rename` is
 * atomic) and are named `.<basename>.staging-<pid>-<random>` / `.<basename>.old-<pid>-<random>`.
 * The pid lets a run leave alone directories of another compile that is still running.
 */
import { randomBytes } from "node:crypto";
import { lstatSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export type SiblingKind = "staging" | "old";

export interface Leftover {
  readonly kind: SiblingKind;
  readonly path: string;
  readonly pid: number;
}

/** A fresh, unused name for a staging or old directory next to `outDir` (absolute). */
export function siblingPath(outDir: string, kind: SiblingKind): string {
  return join(dirname(outDir), `.${basename(outDir)}.${kind}-${process.pid}-${randomBytes(6).toString("hex")}`);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** True for a name the writer gives its temporary directories (of any output directory). */
export function isLeftoverName(name: string): boolean {
  return /^\..+\.(staging|old)-\d+-[0-9a-f]+$/.test(name);
}

export function isAlive(pid: number): boolean {
  if (pid === process.pid) return false; // our own leftovers are never in use: we are not mid-write
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by someone else
  }
}

/** Leftover staging/old directories of `outDir` whose owning process is gone, sorted by name. */
export function findLeftovers(outDir: string): Leftover[] {
  const pattern = new RegExp(`^\\.${escapeRegExp(basename(outDir))}\\.(staging|old)-(\\d+)-[0-9a-f]+$`);
  let names: string[];
  try {
    names = readdirSync(dirname(outDir));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
  const out: Leftover[] = [];
  for (const name of names.sort()) {
    const m = pattern.exec(name);
    if (!m) continue;
    const pid = Number(m[2]);
    if (isAlive(pid)) continue;
    out.push({ kind: m[1] as SiblingKind, path: join(dirname(outDir), name), pid });
  }
  return out;
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

export interface Recovery {
  /** One line per action, for the caller to report. */
  readonly actions: string[];
  /** Leftovers that could not be deleted (read-only, immutable): reported, never fatal. */
  readonly stuck: { readonly path: string; readonly error: NodeJS.ErrnoException }[];
}

/**
 * Repair what crashed runs left. If `outDir` is missing while an `.old-*` exists, the crash
 * hit between "rename outDir away" and "rename staging in": the old tree is the last complete
 * one, so it goes back in place. Everything else left over is deleted where it can be; one that
 * cannot (made read-only or immutable) is left and reported, so it never blocks later compiles.
 */
export function recoverLeftovers(outDir: string): Recovery {
  const leftovers = findLeftovers(outDir);
  const actions: string[] = [];
  const stuck: Recovery["stuck"] = [];
  if (!exists(outDir)) {
    // Normally at most one; if several, the most recently renamed one (ctime) is the newest tree.
    const olds = leftovers.filter((l) => l.kind === "old");
    const newest = olds.sort((a, b) => lstatSync(b.path).ctimeMs - lstatSync(a.path).ctimeMs)[0];
    if (newest) {
      renameSync(newest.path, outDir);
      actions.push(`restored ${basename(newest.path)} as ${basename(outDir)} (interrupted swap)`);
    }
  }
  for (const l of leftovers) {
    if (!exists(l.path)) continue; // the one just restored
    try {
      rmSync(l.path, { recursive: true, force: true });
      actions.push(`removed ${basename(l.path)} (left by an interrupted compile)`);
    } catch (e) {
      stuck.push({ path: l.path, error: e as NodeJS.ErrnoException });
    }
  }
  return { actions, stuck };
}
