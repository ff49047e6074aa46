/**
 * The output-directory guard, run before anything touches the disk, in every mode.
 *
 * The writer replaces its output directory wholesale (stage, swap, delete the old tree), so it
 * must only ever be pointed at something it owns: a missing or empty directory, or a previous
 * output of ours (a strictly valid manifest.json). Never the project root, nor anything that
 * contains it, nor pipelines/ (the sources), nor a directory of someone else's files. Both the
 * path as given and its real path are checked, so a symlinked `generated/` cannot smuggle in a
 * directory we do not own. Hand-added files inside a previous output are found by the plan
 * (files not listed in the old manifest), see `write.ts`.
 */
import { lstatSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { error, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { sortedBytes } from "./byte-order.ts";
import { MANIFEST_PATH, parseManifestStrict } from "./manifest.ts";
import { isWithin, realPathOf, spellings } from "./real-path.ts";
import { quotePath } from "./refusal.ts";
import { isLeftoverName } from "./siblings.ts";

export interface GuardOptions {
  /** Output directory, absolute or relative to the cwd. */
  readonly outDir: string;
  /** Project root holding pipelines/; when given, the output may not overlap either. */
  readonly projectRoot?: string;
  /** How to name the output directory in messages. Default: `outDir` as given. */
  readonly label?: string;
}

/** How many of a foreign directory's entries a message names. */
const MAX_NAMED = 3;

const errnoCode = (e: unknown) => (e as NodeJS.ErrnoException).code;

/** WR002 / WR003: the output overlaps the project root or pipelines/. */
function locationProblems(outDir: string, projectRoot: string, label: string): Diagnostic[] {
  const outs = spellings(outDir);
  const roots = spellings(projectRoot);
  const sources = spellings(join(projectRoot, "pipelines"));
  if (outs.some((o) => roots.some((r) => isWithin(r, o)))) {
    return [error("WR002", `output directory ${label} is the project root or contains it; compiling would replace the project`, undefined)];
  }
  if (outs.some((o) => sources.some((s) => isWithin(o, s) || isWithin(s, o)))) {
    return [error("WR003", `output directory ${label} overlaps pipelines/ (is it, lies inside it or contains it); compiling would replace the sources`, undefined)];
  }
  return [];
}

/** True when `dir` holds a manifest.json the writer wrote (a regular file, strictly valid). */
function hasOurManifest(dir: string): boolean {
  const path = join(dir, MANIFEST_PATH);
  try {
    return lstatSync(path).isFile() && parseManifestStrict(readFileSync(path, "utf8")) !== undefined;
  } catch {
    return false;
  }
}

/** WR004 / WR005 / WR007: what is at the output path, and whether it is ours to replace. */
function contentProblems(outDir: string, label: string): Diagnostic[] {
  let isLink = false;
  try {
    isLink = lstatSync(outDir).isSymbolicLink();
    const st = statSync(outDir);
    if (!st.isDirectory()) {
      const what = st.isFile() ? "a regular file" : "a special file";
      return [error("WR004", `output directory ${label} is ${what}, not a directory`, undefined)];
    }
  } catch (e) {
    if (errnoCode(e) === "ENOENT" && !isLink) return []; // missing: it will be created
    if (errnoCode(e) === "ENOENT") return [error("WR007", `output directory ${label} is a symbolic link to a missing path`, undefined, "create the link's target directory, or remove the link")];
    if (errnoCode(e) === "ENOTDIR") return [error("WR004", `output directory ${label} lies inside a file, not a directory`, undefined)];
    return [error("WR007", `output directory ${label} cannot be inspected (${errnoCode(e) ?? String(e)})`, undefined)];
  }

  const real = realPathOf(outDir);
  let entries: string[];
  try {
    // Our own temporary directories of an interrupted compile do not make a directory foreign.
    entries = sortedBytes(readdirSync(real).filter((n) => !isLeftoverName(n)));
  } catch (e) {
    return [error("WR007", `output directory ${label} cannot be read (${errnoCode(e) ?? String(e)})`, undefined)];
  }
  if (entries.length === 0 || hasOurManifest(real)) return [];

  const named = entries.slice(0, MAX_NAMED).map(quotePath).join(", ") + (entries.length > MAX_NAMED ? ", …" : "");
  const where = isLink ? `${label} is a symbolic link to ${quotePath(real)}, which` : label;
  return [error("WR005", `output directory ${where} is not empty (${named}) and has no valid ${MANIFEST_PATH} of the compiler; refusing to replace it`, undefined)];
}

/** Every reason not to write into `outDir`; empty when it is safe. Reads only, never throws. */
export function guardOutDir(opts: GuardOptions): Diagnostic[] {
  const label = quotePath(opts.label ?? opts.outDir);
  if (opts.projectRoot !== undefined) {
    const overlap = locationProblems(opts.outDir, opts.projectRoot, label);
    if (overlap.length > 0) return overlap;
  }
  return contentProblems(opts.outDir, label);
}
