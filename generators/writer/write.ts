/**
 * `writeGenerated`: the writer's entry point for `compile`, `compile --check` and
 * `compile --dry-run`.
 *
 * Synchronous on purpose: the CLI is a one-shot process, the sequence stage → swap → clean
 * must run in a strict order, and sync calls keep the crash points easy to reason about.
 *
 * One writer at a time per `outDir` (lock.ts): a second concurrent compile is refused. Leftovers
 * of a concurrent run that is still alive are left alone.
 */
import { lstatSync, mkdirSync, realpathSync, rmSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { GeneratedFile } from "../core/file-set.ts";
import { isIoError, leftoverWarning, writeFault, WriteFailedError } from "./faults.ts";
import { guardOutDir } from "./guard.ts";
import { acquireLock } from "./lock.ts";
import { InvalidPathsError, validatePaths } from "./paths.ts";
import { planWrite, type FileStatus, type WritePlan } from "./plan.ts";
import { handAddedDiagnostic, UnsafeOutputError } from "./refusal.ts";
import { findLeftovers, recoverLeftovers, siblingPath } from "./siblings.ts";
import { stageTree, swapIn } from "./stage.ts";
import { parentProblems, treeProblems } from "./writable.ts";

export type WriteMode = "write" | "check" | "dry-run";

export interface WriteHooks {
  /** Tests only: called after the staging tree is complete, before the swap. */
  readonly afterStage?: (stagedPath: string) => void;
}

export interface WriteOptions {
  /** Output directory, e.g. `generated` (relative to the process cwd, or absolute). */
  readonly outDir: string;
  readonly files: readonly GeneratedFile[];
  readonly mode: WriteMode;
  /**
   * The project root holding pipelines/. When given, `outDir` may not be it, contain it, or
   * overlap its pipelines/ (checked on the path as given and on its real path).
   */
  readonly projectRoot?: string;
  /** How to name the output directory in diagnostics, e.g. `--out` as typed. Default: `outDir`. */
  readonly label?: string;
  readonly hooks?: WriteHooks;
}

/**
 * What the writer found and (in `write` mode) did. All path lists are relative to `outDir`,
 * sorted in byte order, and exclude `manifest.json` (reported by `manifest`).
 * In `check` / `dry-run` mode nothing is written: read `added` as "missing", `changed` as
 * "stale", `removed` as "extra".
 */
export interface WriteResult {
  readonly mode: WriteMode;
  /** `outDir` as given. */
  readonly outDir: string;
  /** The disk already matched the desired file set and manifest before this call. */
  readonly upToDate: boolean;
  /** Desired files absent from disk. */
  readonly added: readonly string[];
  /** Desired files whose content on disk differs. */
  readonly changed: readonly string[];
  /** Desired files already byte-identical on disk. */
  readonly unchanged: readonly string[];
  /** Files on disk that are not desired (deleted in `write` mode). */
  readonly removed: readonly string[];
  /** Files actually written by this call: `added` + `changed` in `write` mode, else empty. */
  readonly written: readonly string[];
  /** Status of `manifest.json` itself. */
  readonly manifest: FileStatus;
  /** Line diff (disk → expected) per changed path, `manifest.json` included when it changed. */
  readonly diffs: Readonly<Record<string, string>>;
  /** For removed paths listed in the old manifest: the pipeline file they came from. */
  readonly previousSources: Readonly<Record<string, string>>;
  /**
   * Removed paths the old manifest does not list (hand-added). Only ever non-empty in the
   * read-only modes: a write with hand-added files is refused (`UnsafeOutputError`, WR006).
   */
  readonly handAdded: readonly string[];
  /**
   * Interrupted-run debris: in `write` mode, what was restored/removed; in the read-only
   * modes, leftover directories that were found (and left alone).
   */
  readonly leftovers: readonly string[];
  /** Warnings of the write (WR010: a temporary directory that could not be removed). */
  readonly warnings: readonly Diagnostic[];
}

/** Absolute output path; a symlinked `generated/` is followed so the swap replaces its target. */
function resolveOutDir(outDir: string): string {
  const abs = resolve(outDir);
  try {
    if (lstatSync(abs).isSymbolicLink()) return realpathSync(abs);
  } catch {
    // missing: fine, it will be created
  }
  return abs;
}

function toResult(opts: WriteOptions, plan: WritePlan, written: boolean, leftovers: readonly string[], warnings: readonly Diagnostic[] = []): WriteResult {
  const pick = (s: FileStatus) => plan.files.filter((f) => f.status === s).map((f) => f.path);
  const diffs: Record<string, string> = {};
  for (const f of [...plan.files, plan.manifest]) if (f.status === "changed" && f.diff !== undefined) diffs[f.path] = f.diff;
  const added = pick("added");
  const changed = pick("changed");
  return {
    mode: opts.mode,
    outDir: opts.outDir,
    upToDate: !plan.hasChanges,
    added,
    changed,
    unchanged: pick("unchanged"),
    removed: [...plan.removed],
    written: written ? plan.files.filter((f) => f.status !== "unchanged").map((f) => f.path) : [],
    manifest: plan.manifest.status,
    diffs,
    previousSources: plan.previousSources,
    handAdded: [...plan.handAdded],
    leftovers,
    warnings,
  };
}

/**
 * Compare `files` with `outDir` and, in `write` mode, make `outDir` match exactly (atomic
 * swap, 0 writes when nothing changed). Throws before touching anything: `InvalidPathsError`
 * when a generated path is invalid, `UnsafeOutputError` when `outDir` is not ours to replace
 * (every mode) or, in `write` mode, holds hand-added files. Rethrows I/O errors after removing
 * its staging directory (the previous tree stays intact).
 */
export function writeGenerated(opts: WriteOptions): WriteResult {
  const problems = validatePaths(opts.files.map((f) => f.path));
  if (problems.length > 0) throw new InvalidPathsError(problems);
  const refusal = guardOutDir({ outDir: opts.outDir, projectRoot: opts.projectRoot, label: opts.label });
  if (refusal.length > 0) throw new UnsafeOutputError(refusal);

  const outDir = resolveOutDir(opts.outDir);
  if (opts.mode !== "write") {
    try {
      const found = findLeftovers(outDir).map((l) => `found ${l.path} (left by an interrupted compile)`);
      return toResult(opts, planWrite(outDir, opts.files), false, found);
    } catch (e) {
      if (isIoError(e)) throw new WriteFailedError([writeFault("read the output", opts.label ?? opts.outDir, e)]);
      throw e;
    }
  }

  const label = opts.label ?? opts.outDir;
  let release: (() => void) | undefined;
  try {
    const parent = parentProblems(outDir, label);
    if (parent.length > 0) throw new WriteFailedError(parent);
    mkdirSync(dirname(outDir), { recursive: true });
    release = acquireLock(outDir, label);
    return writeLocked(opts, outDir, label);
  } catch (e) {
    if (isIoError(e)) throw new WriteFailedError([writeFault("write the output", label, e)]);
    throw e;
  } finally {
    release?.();
  }
}

/** Best effort: a staging directory that cannot be removed is reported, not fatal. */
function removeStaging(staging: string): Diagnostic[] {
  try {
    rmSync(staging, { recursive: true, force: true });
    return [];
  } catch (e) {
    if (isIoError(e)) return [leftoverWarning(staging, e)];
    throw e;
  }
}

/** The write proper, holding the lock: recover, plan, preflight, stage, swap. */
function writeLocked(opts: WriteOptions, outDir: string, label: string): WriteResult {
  const recovery = recoverLeftovers(outDir);
  const warnings = recovery.stuck.map((s) => leftoverWarning(s.path, s.error));
  const plan = planWrite(outDir, opts.files);
  if (plan.handAdded.length > 0) throw new UnsafeOutputError([handAddedDiagnostic(label, plan.handAdded)]);
  if (!plan.hasChanges) return toResult(opts, plan, false, recovery.actions, warnings);
  const unwritable = treeProblems(outDir, label);
  if (unwritable.length > 0) throw new WriteFailedError(unwritable);

  const staging = siblingPath(outDir, "staging");
  let stuckOld: ReturnType<typeof swapIn>;
  let step = "stage the new tree";
  try {
    stageTree(plan, staging);
    opts.hooks?.afterStage?.(staging);
    step = "swap the new tree in";
    stuckOld = swapIn(outDir, staging);
  } catch (e) {
    const left = removeStaging(staging);
    if (isIoError(e)) throw new WriteFailedError([writeFault(step, label, e), ...left]);
    throw e;
  }
  if (stuckOld) warnings.push(leftoverWarning(stuckOld.path, stuckOld.error));
  return toResult(opts, plan, true, recovery.actions, warnings);
}
