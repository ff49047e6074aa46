/**
 * Characters that must not reach a terminal or CI log raw: line breaks (a value could forge a
 * diagnostic or a `::error` annotation line), NUL, ANSI escape sequences (ESC, CSI), other C0/C1
 * controls, DEL, Unicode line/paragraph separators and invisible or bidirectional controls
 * (which make text read differently from what it is).
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\u200b-\u200f\u202a-\u202e\u2060-\u2069]/gu;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** `text` with every unprintable character written as an escape (`\n`, `\x1b`, `\u202e`); the rest unchanged. */
export function escapeUnprintable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    const named = NAMED[c];
    if (named) return named;
    const code = c.codePointAt(0)!;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}
