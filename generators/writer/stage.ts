/**
 * Building the new tree in a staging directory, and swapping it in.
 *
 * Why stage the whole tree instead of writing in place: a crash (or an error halfway through)
 * must never leave a mix of old and new files, and files that are no longer generated must
 * vanish. Renaming directories gives both. Unchanged files are hard-linked from the old tree,
 * so they keep their inode and mtime (tools watching `generated/`, and git's stat cache, see
 * no change) and cost no copy.
 *
 * Durability: atomic against process crashes, not power loss (we do not fsync; `generated/`
 * is reproducible from `pipelines/` by recompiling).
 */
import { closeSync, copyFileSync, fchmodSync, linkSync, mkdirSync, openSync, renameSync, rmSync, statSync, utimesSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import type { PlannedFile, WritePlan } from "./plan.ts";
import { siblingPath } from "./siblings.ts";

const FILE_MODE = 0o644;

/** Write content exactly as given (no newline conversion), mode 0644 whatever the umask. */
function writeNew(target: string, content: string): void {
  const fd = openSync(target, "wx", FILE_MODE);
  try {
    writeSync(fd, Buffer.from(content, "utf8"));
    fchmodSync(fd, FILE_MODE);
  } finally {
    closeSync(fd);
  }
}

/** Reuse the existing file: hard link, or a copy keeping its mtime where links are refused. */
function reuse(source: string, target: string): void {
  try {
    linkSync(source, target);
  } catch {
    copyFileSync(source, target);
    const st = statSync(source);
    utimesSync(target, st.atime, st.mtime);
  }
}

function placeFile(stagingDir: string, file: PlannedFile, madeDirs: Set<string>): void {
  const target = join(stagingDir, ...file.path.split("/"));
  const dir = dirname(target);
  if (!madeDirs.has(dir)) {
    mkdirSync(dir, { recursive: true });
    madeDirs.add(dir);
  }
  if (file.status === "unchanged" && file.diskPath !== undefined) reuse(file.diskPath, target);
  else writeNew(target, file.content);
}

/** Create `stagingDir` (must not exist) holding the complete new tree, manifest included. */
export function stageTree(plan: WritePlan, stagingDir: string): void {
  mkdirSync(dirname(stagingDir), { recursive: true });
  mkdirSync(stagingDir);
  const madeDirs = new Set<string>([stagingDir]);
  for (const file of plan.files) placeFile(stagingDir, file, madeDirs);
  placeFile(stagingDir, plan.manifest, madeDirs);
}

function existsDir(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Replace `outDir` by `stagingDir`: rename old away, rename staging in, delete old.
 * If the second rename fails, the old tree is put back before rethrowing. A failure to
 * delete the old tree does not undo the swap: it is returned (path and error) for the caller
 * to report, and the next run tries again.
 */
export function swapIn(outDir: string, stagingDir: string): { path: string; error: NodeJS.ErrnoException } | undefined {
  if (!existsDir(outDir)) {
    renameSync(stagingDir, outDir);
    return undefined;
  }
  const oldDir = siblingPath(outDir, "old");
  renameSync(outDir, oldDir);
  try {
    renameSync(stagingDir, outDir);
  } catch (e) {
    renameSync(oldDir, outDir);
    throw e;
  }
  try {
    rmSync(oldDir, { recursive: true, force: true });
    return undefined;
  } catch (e) {
    return { path: oldDir, error: e as NodeJS.ErrnoException };
  }
}
