/**
 * The plan: what a compile would do to the output directory. Pure comparison of the desired
 * file set (plus manifest.json) with the disk; writes nothing. `check`, `dry-run` and `write`
 * all start from the same plan, so they can never disagree.
 */
import { readFileSync } from "node:fs";
import type { GeneratedFile } from "../core/file-set.ts";
import { compareBytes, sortedBytes } from "./byte-order.ts";
import { diffLines } from "./line-diff.ts";
import { MANIFEST_PATH, parseManifest, renderManifest } from "./manifest.ts";
import { isToolCache } from "./caches.ts";
import { scanTree, type DiskEntry } from "./scan.ts";

export type FileStatus = "added" | "changed" | "unchanged";

export interface PlannedFile {
  readonly path: string;
  readonly content: string;
  readonly status: FileStatus;
  /** Where the current copy lives (for hard-linking unchanged files); absent when added. */
  readonly diskPath?: string;
  /** Only for `changed`: a short line diff (disk → expected). */
  readonly diff?: string;
}

export interface WritePlan {
  /** Desired generated files, sorted by path in byte order (manifest.json not included). */
  readonly files: readonly PlannedFile[];
  readonly manifest: PlannedFile;
  /** Paths on disk that are not desired (they disappear on write), sorted. */
  readonly removed: readonly string[];
  /** For removed paths the old manifest listed: the pipeline file they came from. */
  readonly previousSources: Readonly<Record<string, string>>;
  /**
   * Removed paths the old manifest does not list: not ours, so never deleted. The writer
   * refuses to write while there are any (WR006). Sorted.
   */
  readonly handAdded: readonly string[];
  /** True when writing would change anything on disk. */
  readonly hasChanges: boolean;
}

function describeKind(entry: DiskEntry): string {
  return entry.kind === "symlink" ? "a symbolic link" : "a special file";
}

function classify(path: string, content: string, entry: DiskEntry | undefined): PlannedFile {
  if (entry === undefined) return { path, content, status: "added" };
  if (entry.kind !== "file") {
    return { path, content, status: "changed", diff: `on disk: ${describeKind(entry)}, expected a regular file` };
  }
  const onDisk = readFileSync(entry.absPath);
  const expected = Buffer.from(content, "utf8");
  if (onDisk.equals(expected)) return { path, content, status: "unchanged", diskPath: entry.absPath };
  return { path, content, status: "changed", diskPath: entry.absPath, diff: diffLines(onDisk.toString("utf8"), content) };
}

/** Compare `files` (paths already validated) with the tree at `outDir`. */
export function planWrite(outDir: string, files: readonly GeneratedFile[]): WritePlan {
  const disk = scanTree(outDir);
  const sorted = [...files].sort((a, b) => compareBytes(a.path, b.path));
  const planned = sorted.map((f) => classify(f.path, f.content, disk.get(f.path)));
  const manifest = classify(MANIFEST_PATH, renderManifest(sorted), disk.get(MANIFEST_PATH));

  const desired = new Set([...sorted.map((f) => f.path), MANIFEST_PATH]);
  const removed = sortedBytes([...disk.keys()].filter((p) => !desired.has(p) && !isToolCache(p)));

  // The old manifest tells extra files apart: "no longer generated" (ours) vs "hand-added".
  const oldManifestEntry = disk.get(MANIFEST_PATH);
  const oldManifest = parseManifest(oldManifestEntry?.kind === "file" ? readFileSync(oldManifestEntry.absPath, "utf8") : undefined);
  const removedSet = new Set(removed);
  const previousSources: Record<string, string> = {};
  for (const e of oldManifest.files) if (removedSet.has(e.path)) previousSources[e.path] = e.source;

  // A missing or malformed manifest lists nothing, so then every extra file counts as hand-added.
  const listed = new Set(oldManifest.files.map((e) => e.path));
  const handAdded = removed.filter((p) => !listed.has(p));

  const hasChanges = removed.length > 0 || manifest.status !== "unchanged" || planned.some((f) => f.status !== "unchanged");
  return { files: planned, manifest, removed, previousSources, handAdded, hasChanges };
}
