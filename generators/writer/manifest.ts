/**
 * `manifest.json`: the list of every generated file with its sha256 and the pipeline file it
 * came from. Deterministic (sorted by path in byte order, fixed key order, 2-space JSON,
 * trailing LF, no timestamps) so that an unchanged compile leaves it byte-identical.
 */
import { createHash } from "node:crypto";
import type { GeneratedFile } from "../core/file-set.ts";
import { compareBytes } from "./byte-order.ts";

/** Where the manifest lives, relative to the output directory. Reserved for the writer. */
export const MANIFEST_PATH = "manifest.json";
export const MANIFEST_VERSION = 1;

export interface ManifestEntry {
  readonly path: string;
  /** Lower-case hex sha256 of the file's UTF-8 bytes. */
  readonly sha256: string;
  /** Pipeline file the generated file came from, relative to the project root. */
  readonly source: string;
}

export interface Manifest {
  readonly version: typeof MANIFEST_VERSION;
  readonly files: readonly ManifestEntry[];
}

export const EMPTY_MANIFEST: Manifest = Object.freeze({ version: MANIFEST_VERSION, files: Object.freeze([]) });

export function sha256Hex(content: string | Uint8Array): string {
  return createHash("sha256").update(typeof content === "string" ? Buffer.from(content, "utf8") : content).digest("hex");
}

export function buildManifest(files: readonly GeneratedFile[]): Manifest {
  const entries = files
    .map((f): ManifestEntry => ({ path: f.path, sha256: sha256Hex(f.content), source: f.source }))
    .sort((a, b) => compareBytes(a.path, b.path));
  return { version: MANIFEST_VERSION, files: entries };
}

/** The manifest's file content. Keys are written in a fixed order, not object order. */
export function renderManifest(files: readonly GeneratedFile[]): string {
  const m = buildManifest(files);
  const ordered = {
    version: m.version,
    files: m.files.map((e) => ({ path: e.path, sha256: e.sha256, source: e.source })),
  };
  return JSON.stringify(ordered, null, 2) + "\n";
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Read a manifest strictly: the JSON the writer writes (version, a `files` list of entries with
 * string path, sha256 and source), or undefined. This decides whether a directory is a previous
 * output of ours that the writer may replace, so anything else is not ours.
 */
export function parseManifestStrict(text: string): Manifest | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(raw) || raw.version !== MANIFEST_VERSION || !Array.isArray(raw.files)) return undefined;
  const files: ManifestEntry[] = [];
  for (const e of raw.files) {
    if (!isRecord(e) || typeof e.path !== "string" || typeof e.sha256 !== "string" || typeof e.source !== "string") return undefined;
    files.push({ path: e.path, sha256: e.sha256, source: e.source });
  }
  return { version: MANIFEST_VERSION, files };
}

/**
 * Read a manifest tolerantly. The manifest is only informative for the writer (the disk is
 * the truth), so a missing, corrupt, hand-edited or future-version manifest is treated as
 * empty, and malformed entries are skipped (their files then count as hand-added, which the
 * writer refuses to delete; see `guard.ts` for the strict check of the whole directory).
 */
export function parseManifest(text: string | undefined | null): Manifest {
  if (text === undefined || text === null) return EMPTY_MANIFEST;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return EMPTY_MANIFEST;
  }
  if (!isRecord(raw) || raw.version !== MANIFEST_VERSION || !Array.isArray(raw.files)) return EMPTY_MANIFEST;
  const files: ManifestEntry[] = [];
  for (const e of raw.files) {
    if (!isRecord(e)) continue;
    const { path, sha256, source } = e;
    if (typeof path !== "string" || typeof sha256 !== "string" || typeof source !== "string") continue;
    files.push({ path, sha256, source });
  }
  return { version: MANIFEST_VERSION, files };
}
