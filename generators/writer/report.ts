/**
 * Human-readable text for a `WriteResult`: what `--check` found, what `--dry-run` would do,
 * or what `compile` did. Plain text unless colors are asked for (CI logs, golden tests).
 */
import { MANIFEST_PATH } from "./manifest.ts";
import type { WriteResult } from "./write.ts";

export interface ReportOptions {
  /** How to name the output directory. Default: `outDir` as given, with a trailing `/`. */
  readonly label?: string;
  /** The command that fixes a stale tree. Default `npm run compile`. */
  readonly compileCommand?: string;
  /** ANSI colors. Default false. */
  readonly color?: boolean;
  /** Include line diffs under stale files. Default true. */
  readonly diffs?: boolean;
}

const ANSI = { red: "\u001b[31m", green: "\u001b[32m", yellow: "\u001b[33m", cyan: "\u001b[36m", reset: "\u001b[0m" };
type Paint = (code: keyof typeof ANSI, text: string) => string;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function indentDiff(diff: string, paint: Paint): string[] {
  return diff.split("\n").map((line) => {
    const painted = line.startsWith("-") ? paint("red", line) : line.startsWith("+") ? paint("green", line) : line.startsWith("@@") ? paint("cyan", line) : line;
    return `    ${painted}`;
  });
}

interface Words {
  readonly changed: string;
  readonly added: string;
  readonly removed: string;
  /** Extra files not in the old manifest. */
  readonly handAdded: string;
}
const CHECK_WORDS: Words = { changed: "stale", added: "missing", removed: "extra", handAdded: "extra" };
// A compile never deletes hand-added files (it refuses, WR006), so a plan must not say "remove".
const PLAN_WORDS: Words = { changed: "update", added: "add", removed: "remove", handAdded: "hand-added" };
const DONE_WORDS: Words = { changed: "updated", added: "added", removed: "removed", handAdded: "kept" };

function listing(r: WriteResult, words: Words, paint: Paint, withDiffs: boolean): string[] {
  const lines: string[] = [];
  const withManifest = (paths: readonly string[], status: string) => (r.manifest === status ? [...paths, MANIFEST_PATH] : paths);
  // The manifest's diff is only hash lines echoing the changes listed above; it is worth
  // showing only when the manifest is the sole difference (hand-edited or corrupt).
  const manifestOnly = r.changed.length + r.added.length + r.removed.length === 0;
  for (const p of withManifest(r.changed, "changed")) {
    const echo = p === MANIFEST_PATH && !manifestOnly;
    lines.push(`${paint("yellow", `${words.changed}:`)} ${p}${echo ? " (follows from the files above)" : ""}`);
    const diff = r.diffs[p];
    if (withDiffs && diff && !echo) lines.push(...indentDiff(diff, paint));
  }
  for (const p of withManifest(r.added, "added")) lines.push(`${paint("green", `${words.added}:`)} ${p}`);
  for (const p of r.removed) {
    const from = r.previousSources[p];
    const why = from !== undefined ? `was generated from ${from}` : `not in ${MANIFEST_PATH}, hand-added?`;
    const word = from !== undefined ? words.removed : words.handAdded;
    lines.push(`${paint("red", `${word}:`)} ${p} (${why})`);
  }
  return lines;
}

/** Counts as listed, manifest.json included when it differs. */
function counts(r: WriteResult): { changed: number; added: number; removed: number } {
  return {
    changed: r.changed.length + (r.manifest === "changed" ? 1 : 0),
    added: r.added.length + (r.manifest === "added" ? 1 : 0),
    removed: r.removed.length,
  };
}

export function formatReport(result: WriteResult, options: ReportOptions = {}): string {
  const label = options.label ?? `${result.outDir.replace(/\/+$/, "")}/`;
  const command = options.compileCommand ?? "npm run compile";
  const paint: Paint = options.color ? (code, text) => `${ANSI[code]}${text}${ANSI.reset}` : (_code, text) => text;
  const withDiffs = options.diffs ?? true;
  const notes = result.leftovers.map((l) => `note: ${l}`);
  const c = counts(result);
  const total = result.added.length + result.changed.length + result.unchanged.length;

  let body: string[];
  let summary: string;
  if (result.mode === "check") {
    body = listing(result, CHECK_WORDS, paint, withDiffs);
    summary = result.upToDate
      ? `${label} is up to date (${plural(total, "file")})`
      : `${label} is stale: ${c.changed} stale, ${c.added} missing, ${c.removed} extra — run ${command}`;
  } else if (result.mode === "dry-run") {
    body = listing(result, PLAN_WORDS, paint, withDiffs);
    const refused = result.handAdded.length;
    summary = result.upToDate
      ? `${label} is up to date: compile would write nothing`
      : refused > 0
        ? `compile would refuse: ${plural(refused, "hand-added file")} in ${label} (otherwise it would add ${c.added}, update ${c.changed} and remove ${c.removed - refused})`
        : `compile would add ${c.added}, update ${c.changed} and remove ${c.removed} file(s) in ${label} (${result.unchanged.length} unchanged)`;
  } else {
    body = listing(result, DONE_WORDS, paint, false);
    summary = result.upToDate
      ? `${label} is up to date: 0 files written`
      : `${label}: wrote ${plural(result.written.length, "file")} (${result.added.length} new, ${result.changed.length} updated), removed ${result.removed.length}, ${result.unchanged.length} unchanged`;
  }
  return [...notes, ...body, summary].join("\n") + "\n";
}
