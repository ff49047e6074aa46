/**
 * Read-only walk of the output directory: every non-directory entry, by relative POSIX path.
 *
 * We walk the disk rather than trust the old manifest, so hand-added files, and files left
 * by an older compiler that forgot to list them, show up as extra.
 */
import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";

export interface DiskEntry {
  /** Symlinks and special files are never something the writer produced: always rewritten. */
  readonly kind: "file" | "symlink" | "other";
  readonly absPath: string;
}

/** Map of relative path → entry. Empty when `root` does not exist. */
export function scanTree(root: string): Map<string, DiskEntry> {
  const out = new Map<string, DiskEntry>();
  let rootStat;
  try {
    rootStat = lstatSync(root);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return out;
    throw e;
  }
  if (!rootStat.isDirectory()) throw new Error(`output path ${root} exists and is not a directory`);

  const walk = (dir: string, prefix: string): void => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const rel = prefix === "" ? d.name : `${prefix}/${d.name}`;
      const abs = join(dir, d.name);
      if (d.isDirectory()) walk(abs, rel);
      else out.set(rel, { kind: d.isFile() ? "file" : d.isSymbolicLink() ? "symlink" : "other", absPath: abs });
    }
  };
  walk(root, "");
  return out;
}
