/**
 * A small SQL tokenizer for checking the column names free SQL uses (silver rules, dbt model SQL).
 * It skips comments and string literals, reads "quoted" and `backticked` identifiers, numbers and
 * operators, and, for dbt, replaces Jinja: `{{ source('s', 't') }}`, `{{ ref('m') }}` and
 * `{{ this }}` become relation tokens, `{{ config(...) }}` is dropped, any other `{{ ... }}` is a
 * jinja token (columns.ts accepts var() / env_var() values only), `{% ... %}` tags and
 * `{# ... #}` comments are dropped (the SQL between tags is kept). Lines and columns are 1-based
 * positions in the text as written.
 */

/** A relation dbt SQL reads through Jinja. */
export type SqlRelation =
  | { readonly kind: "source"; readonly source: string; readonly name: string }
  | { readonly kind: "model"; readonly name: string }
  | { readonly kind: "this" };

export type TokenKind = "word" | "quoted" | "string" | "number" | "op" | "relation" | "jinja";

export interface Token {
  readonly kind: TokenKind;
  /** The token as written; for a quoted identifier, its name (quotes removed, escapes undone). */
  readonly text: string;
  readonly line: number;
  readonly column: number;
  /** Whether whitespace, a comment or a dropped Jinja tag separates it from the token before. */
  readonly spaced: boolean;
  readonly relation?: SqlRelation;
}

export interface TokenizeOptions {
  /** Replace dbt Jinja (model SQL); rules hold none. */
  readonly jinja: boolean;
  /** How "..." reads: an identifier (DuckDB, ANSI) or a string (Spark SQL's default). */
  readonly doubleQuoted: "identifier" | "string";
  /** Whether `\` escapes a character inside '...' (Spark SQL) or is literal (DuckDB). */
  readonly backslashEscapes: boolean;
}

/** Text the tokenizer cannot read reliably (an unclosed comment, string or Jinja block). */
export interface TokenizeProblem {
  readonly why: string;
  readonly line: number;
  readonly column: number;
}

const RELATION_SOURCE = /^source\(\s*(['"])([^'"]*)\1\s*,\s*(['"])([^'"]*)\3\s*\)$/;
const RELATION_REF = /^ref\(\s*(['"])([^'"]*)\1\s*\)$/;
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?[A-Za-z]*/y;
const WORD = /[\p{L}_][\p{L}\p{N}_$]*/uy;
const OPERATORS = ["->>", "<=>", "::", ":=", "->", "<>", "!=", "<=", ">=", "||", "=>", "==", "**", "//", "<<", ">>"];

/** The relation a `{{ ... }}` expression names, if it is exactly source(), ref() or this. */
export function jinjaRelation(expression: string): SqlRelation | undefined {
  const e = expression.trim();
  if (e === "this") return { kind: "this" };
  const s = RELATION_SOURCE.exec(e);
  if (s) return { kind: "source", source: s[2]!, name: s[4]! };
  const r = RELATION_REF.exec(e);
  if (r) return { kind: "model", name: r[2]! };
  return undefined;
}

export function tokenize(text: string, options: TokenizeOptions): { tokens: Token[]; problem?: TokenizeProblem } {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let spaced = true;
  /** Moves past `to` (exclusive), counting lines. */
  const advance = (to: number) => {
    for (; i < to; i++) if (text[i] === "\n") { line++; lineStart = i + 1; }
  };
  const push = (kind: TokenKind, start: number, startLine: number, startColumn: number, value?: string, relation?: SqlRelation) => {
    tokens.push({ kind, text: value ?? text.slice(start, i), line: startLine, column: startColumn, spaced, ...(relation ? { relation } : {}) });
    spaced = false;
  };
  const problem = (why: string, at: { line: number; column: number }) => ({ tokens, problem: { why, ...at } });

  while (i < text.length) {
    const c = text[i]!;
    const at = { line, column: i - lineStart + 1 };
    const start = i;
    if (/\s/.test(c)) { advance(i + 1); spaced = true; continue; }
    if (text.startsWith("--", i)) {
      const end = text.indexOf("\n", i);
      advance(end < 0 ? text.length : end);
      spaced = true;
      continue;
    }
    if (text.startsWith("/*", i)) {
      // Spark SQL and DuckDB both nest block comments.
      let depth = 0;
      let j = i;
      for (; j < text.length; j++) {
        if (text.startsWith("/*", j)) { depth++; j++; }
        else if (text.startsWith("*/", j)) { depth--; j++; if (depth === 0) break; }
      }
      if (depth > 0) return problem("a comment is not closed", at);
      advance(j + 1);
      spaced = true;
      continue;
    }
    if (options.jinja && (text.startsWith("{#", i) || text.startsWith("{%", i))) {
      const close = text[i + 1] === "#" ? "#}" : "%}";
      const end = text.indexOf(close, i + 2);
      if (end < 0) return problem(`a Jinja ${close === "#}" ? "comment" : "tag"} is not closed`, at);
      advance(end + 2);
      spaced = true;
      continue;
    }
    if (options.jinja && text.startsWith("{{", i)) {
      const end = text.indexOf("}}", i + 2);
      if (end < 0) return problem("a Jinja expression is not closed", at);
      const inner = text.slice(i + 2, end).replace(/^-/, "").replace(/-$/, "");
      advance(end + 2);
      const relation = jinjaRelation(inner);
      // {{ config(...) }} renders to nothing.
      if (!relation && /^\s*config\s*\(/.test(inner)) { spaced = true; continue; }
      push(relation ? "relation" : "jinja", start, at.line, at.column, undefined, relation);
      continue;
    }
    if (c === "'" || (c === '"' && options.doubleQuoted === "string")) {
      let j = i + 1;
      for (;;) {
        if (j >= text.length) return problem("a string literal is not closed", at);
        if (options.backslashEscapes && text[j] === "\\") { j += 2; continue; }
        if (text[j] === c) {
          if (text[j + 1] === c) { j += 2; continue; }
          break;
        }
        j++;
      }
      advance(j + 1);
      push("string", start, at.line, at.column);
      continue;
    }
    if (c === '"' || c === "`") {
      let j = i + 1;
      let name = "";
      for (;;) {
        if (j >= text.length) return problem("a quoted identifier is not closed", at);
        if (text[j] === c) {
          if (text[j + 1] === c) { name += c; j += 2; continue; }
          break;
        }
        name += text[j];
        j++;
      }
      advance(j + 1);
      push("quoted", start, at.line, at.column, name);
      continue;
    }
    NUMBER.lastIndex = i;
    const n = NUMBER.exec(text);
    if (n) { advance(i + n[0].length); push("number", start, at.line, at.column); continue; }
    WORD.lastIndex = i;
    const w = WORD.exec(text);
    if (w) { advance(i + w[0].length); push("word", start, at.line, at.column); continue; }
    const op = OPERATORS.find((o) => text.startsWith(o, i)) ?? c;
    advance(i + op.length);
    push("op", start, at.line, at.column);
  }
  return { tokens };
}
