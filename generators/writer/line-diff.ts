/**
 * A small line diff for `--check` / dry-run reports: unified-style hunks with line numbers,
 * capped so that a rewritten 10,000-line file prints a one-line summary, not a wall of text.
 *
 * Algorithm: trim the common prefix and suffix (most regenerations touch one region), then an
 * LCS table over what is left. The table is O(n·m), so above `maxCells` we give up and say
 * only that the content differs. No dependency, deterministic, good enough for a report.
 */

export interface LineDiffOptions {
  /** Stop after this many `-`/`+` lines. Default 20. */
  readonly maxChangedLines?: number;
  /** Unchanged lines shown around each change. Default 1. */
  readonly context?: number;
  /** Largest LCS table (cells) we are willing to build. Default 4,000,000 (16 MB). */
  readonly maxCells?: number;
}

interface Op {
  readonly sign: " " | "-" | "+";
  readonly text: string;
  /** 0-based position in the old / new line list before this op. */
  readonly a: number;
  readonly b: number;
}

function splitLines(text: string): { lines: string[]; finalNewline: boolean } {
  if (text === "") return { lines: [], finalNewline: false };
  const lines = text.split("\n");
  const finalNewline = lines[lines.length - 1] === "";
  if (finalNewline) lines.pop();
  return { lines, finalNewline };
}

/** Make invisible differences visible (`\r`, other controls); tabs are left alone. */
function visible(line: string): string {
  return line.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => (c === "\r" ? "\\r" : `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`));
}

/** Edit script from old lines `x` to new lines `y`, or undefined when too big to compute. */
function editScript(x: readonly string[], y: readonly string[], maxCells: number): Op[] | undefined {
  let pre = 0;
  while (pre < x.length && pre < y.length && x[pre] === y[pre]) pre++;
  let suf = 0;
  while (suf < x.length - pre && suf < y.length - pre && x[x.length - 1 - suf] === y[y.length - 1 - suf]) suf++;
  const n = x.length - pre - suf;
  const m = y.length - pre - suf;
  if ((n + 1) * (m + 1) > maxCells) return undefined;

  // lcs[i][j] = LCS length of x[pre+i..] and y[pre+j..] (suffix form, so we can walk forward).
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = x[pre + i] === y[pre + j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    }
  }

  const ops: Op[] = [];
  for (let k = 0; k < pre; k++) ops.push({ sign: " ", text: x[k]!, a: k, b: k });
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const a = pre + i;
    const b = pre + j;
    if (i < n && j < m && x[a] === y[b]) {
      ops.push({ sign: " ", text: x[a]!, a, b });
      i++;
      j++;
    } else if (i < n && (j >= m || lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!)) {
      // On a tie, delete first: a replaced line reads as `-old` then `+new`.
      ops.push({ sign: "-", text: x[a]!, a, b });
      i++;
    } else {
      ops.push({ sign: "+", text: y[b]!, a, b });
      j++;
    }
  }
  for (let k = 0; k < suf; k++) {
    const a = pre + n + k;
    const b = pre + m + k;
    ops.push({ sign: " ", text: x[a]!, a, b });
  }
  return ops;
}

/** Render the edit script as hunks, stopping after `maxChanged` changed lines. */
function renderHunks(ops: readonly Op[], context: number, maxChanged: number, width: number): string[] {
  const changed = ops.flatMap((op, k) => (op.sign === " " ? [] : [k]));
  const out: string[] = [];
  let printed = 0;
  let h = 0;
  while (h < changed.length && printed < maxChanged) {
    // Grow the hunk while the next change is within 2·context unchanged lines.
    let last = h;
    while (last + 1 < changed.length && changed[last + 1]! - changed[last]! <= 2 * context + 1) last++;
    const start = Math.max(0, changed[h]! - context);
    const end = Math.min(ops.length - 1, changed[last]! + context);
    const slice = ops.slice(start, end + 1);
    const oldCount = slice.filter((o) => o.sign !== "+").length;
    const newCount = slice.filter((o) => o.sign !== "-").length;
    const first = slice[0]!;
    out.push(`@@ -${first.a + (oldCount ? 1 : 0)},${oldCount} +${first.b + (newCount ? 1 : 0)},${newCount} @@`);
    for (const op of slice) {
      if (op.sign !== " ") {
        if (printed >= maxChanged) break;
        printed++;
      }
      const lineNo = op.sign === "+" ? op.b + 1 : op.a + 1;
      out.push(`${op.sign}${String(lineNo).padStart(width)} | ${visible(op.text)}`);
    }
    h = last + 1;
  }
  if (changed.length > printed) out.push(`… ${changed.length - printed} more differing line(s)`);
  return out;
}

/**
 * Describe how `before` (on disk) differs from `after` (expected). Returns "" when equal.
 * `-` lines are what is on disk, `+` lines what a compile writes, each with its line number.
 */
export function diffLines(before: string, after: string, options: LineDiffOptions = {}): string {
  if (before === after) return "";
  const { maxChangedLines = 20, context = 1, maxCells = 4_000_000 } = options;
  if (before.replace(/\r\n/g, "\n") === after) return "line endings differ: CRLF on disk, LF expected (check git's core.autocrlf)";

  const x = splitLines(before);
  const y = splitLines(after);
  const notes: string[] = [];
  if (x.lines.length > 0 && y.lines.length > 0 && x.finalNewline !== y.finalNewline) {
    notes.push(y.finalNewline ? "\\ no newline at end of file on disk" : "\\ unexpected newline at end of file on disk");
  }
  const ops = editScript(x.lines, y.lines, maxCells);
  if (ops === undefined) return `content differs (${x.lines.length} lines vs ${y.lines.length} lines)`;
  const width = String(Math.max(x.lines.length, y.lines.length, 1)).length;
  return [...renderHunks(ops, context, maxChangedLines, width), ...notes].join("\n");
}
