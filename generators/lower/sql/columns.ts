/**
 * The column names one SQL text uses, found in its tokens (tokens.ts), with their positions, and
 * the relations it reads and the aliases it defines. The rules that keep this reliable:
 * - a word followed by `(` is a function; keywords, type names and niladic functions are never columns;
 * - a word after `as`, or right after a complete operand (`count(*) n`, `{{ ref('m') }} c`), is an
 *   alias; a select-list alias may be used after its definition (a later select item, where,
 *   qualify, order by, ...), not before it (`fullname as fullname` does not vouch for `fullname`);
 * - a type after `::` (with its `(p, s)`) or after `as` in cast(...) is skipped;
 * - `alias.column` names a column of the relation the alias is bound to; `x.y` where `x` is no
 *   relation is a struct field of column `x`;
 * - a subquery `(select ...)` sees its own relations and those of the queries around it, a
 *   query not those of its subqueries.
 * What the scanner cannot decide (a CTE, a lambda, a derived table or a plain table name in FROM,
 * Jinja where an identifier stands, ...) makes the text unchecked, with the reason.
 */
import { CAST_FUNCTIONS, isKeyword, OPERAND_KEYWORDS } from "./keywords.ts";
import { tokenize, type SqlRelation, type Token, type TokenizeOptions } from "./tokens.ts";

/** A column use: `name`, or `qualifier.name`. */
export interface ColumnUse {
  readonly name: string;
  /** The relation alias (or struct column) before the dot. */
  readonly qualifier?: string;
  readonly line: number;
  readonly column: number;
  /** Token index: an alias vouches only for uses after its definition. */
  readonly index: number;
  /** The query (0: the statement, then each parenthesized subquery) it stands in. */
  readonly scope: number;
}

export interface RelationRead {
  readonly relation: SqlRelation;
  /** Its alias in this SQL, if any. */
  readonly alias?: string;
  readonly line: number;
  /** The query it is read by: visible there and in the subqueries inside it. */
  readonly scope: number;
}

export type ColumnScan =
  | { readonly kind: "scanned"; readonly uses: readonly ColumnUse[]; readonly relations: readonly RelationRead[]; readonly aliases: ReadonlyMap<string, number>; readonly scopeParents: readonly number[] }
  | { readonly kind: "unchecked"; readonly why: string; readonly line: number; readonly column: number };

/** Keywords that, followed by `(`, open a group rather than call a function. */
const GROUP_KEYWORDS = new Set(
  "in exists over filter values using as on and or not when then else case where having qualify from join by select is between like ilike all any some distinct window partition rows range groups union intersect except lateral tablesample pivot unpivot exclude within into with replace".split(" "),
);
/** Keywords after which a FROM list ends. */
const CLAUSE_END = new Set("where group order qualify having limit offset window union intersect except on using join inner left right full cross natural semi anti asof positional select fetch".split(" "));

/** `{{ var(...) }}` / `{{ env_var(...) }}`, filters allowed: a value, never a column name. */
const JINJA_VALUE = /^\{\{-?\s*(?:var|env_var)\s*\(/;

type Paren = { readonly kind: "call" | "cast" | "group"; readonly scope?: number };

export interface ScanOptions extends TokenizeOptions {
  /** A bare expression (a rule): it reads no relation; a subquery in it is not checked. */
  readonly expression: boolean;
}

export function scanColumns(text: string, options: ScanOptions): ColumnScan {
  const { tokens, problem } = tokenize(text, options);
  if (problem) return { kind: "unchecked", ...problem };
  const uses: ColumnUse[] = [];
  const relations: RelationRead[] = [];
  /** Alias (lower case) → token index of its first definition (-1: usable anywhere, e.g. window names). */
  const aliases = new Map<string, number>();
  const define = (name: string, at: number) => {
    if (!aliases.has(name.toLowerCase())) aliases.set(name.toLowerCase(), at);
  };
  const stack: Paren[] = [];
  /** Parent of each query scope (scope 0, the statement, has none: -1). */
  const scopeParents: number[] = [-1];
  const scope = () => [...stack].reverse().find((p) => p.scope !== undefined)?.scope ?? 0;
  const unchecked = (why: string, t: Token): ColumnScan => ({ kind: "unchecked", why, line: t.line, column: t.column });
  const lower = (t: Token | undefined) => (t?.kind === "word" ? t.text.toLowerCase() : undefined);
  const isOp = (t: Token | undefined, op: string) => t?.kind === "op" && t.text === op;
  const isName = (t: Token | undefined) => t?.kind === "quoted" || (t?.kind === "word" && !isKeyword(t.text));
  /** Whether `t` completes an operand, so that a name right after it is an alias. */
  const endsOperand = (t: Token | undefined) =>
    t !== undefined && (t.kind === "quoted" || t.kind === "string" || t.kind === "number" || t.kind === "relation" || t.kind === "jinja" ||
      (t.kind === "word" && (!isKeyword(t.text) || OPERAND_KEYWORDS.has(t.text.toLowerCase()))) || isOp(t, ")") || isOp(t, "]"));

  /** Index after the type starting at `i` (a name, `(p, s)`, `[]`, `<...>`, multi-word types). */
  const skipType = (i: number): number => {
    while (tokens[i] && (tokens[i]!.kind === "word" || tokens[i]!.kind === "quoted")) {
      i++;
      if (isOp(tokens[i], "(")) i = skipBalanced(i, "(", ")");
      if (isOp(tokens[i], "<")) i = skipBalanced(i, "<", ">");
      while (isOp(tokens[i], "[") && isOp(tokens[i + 1], "]")) i += 2;
      // `double precision`, `timestamp with time zone`, `character varying`
      if (!(tokens[i]?.kind === "word" && ["precision", "with", "without", "time", "zone", "varying"].includes(lower(tokens[i])!))) break;
    }
    return i;
  };
  const skipBalanced = (i: number, open: string, close: string): number => {
    let depth = 0;
    for (; i < tokens.length; i++) {
      if (isOp(tokens[i], open)) depth++;
      else if (isOp(tokens[i], close) || (close === ">" && isOp(tokens[i], ">>"))) {
        depth -= close === ">" && tokens[i]!.text === ">>" ? 2 : 1;
        if (depth <= 0) return i + 1;
      }
    }
    return i;
  };

  let fromItem = false; // the next token is an item of a FROM list
  let inFrom = false; // inside a FROM list (a comma starts another item)
  let typeEnd = -2; // the last token of a type after `::` (a name right after it is an alias)
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    const word = lower(t);

    if (isOp(t, "->") || isOp(t, "->>") || word === "lambda") return unchecked("it uses a lambda or arrow operator (->)", t);
    if (word === "with" && (i === 0 || isOp(prev, "("))) return unchecked("it uses a common table expression (with ...)", t);
    const inCall = stack.at(-1)?.kind === "call" || stack.at(-1)?.kind === "cast";
    if (options.expression && (word === "select" || (word === "from" && !inCall && lower(prev) !== "distinct"))) return unchecked("it holds a subquery", t);
    if (word === "pivot" || word === "unpivot") return unchecked(`it uses ${word}`, t);

    if (t.kind === "relation") {
      // In FROM / JOIN, or wherever else it stands (`array(select ... from {{ ref('m') }} x)`), with its alias.
      fromItem = false;
      const aliasAt = lower(next) === "as" ? i + 2 : i + 1;
      const alias = tokens[aliasAt];
      if (alias && (alias.kind === "quoted" || (alias.kind === "word" && !isKeyword(alias.text)))) {
        relations.push({ relation: t.relation!, alias: alias.text, line: t.line, scope: scope() });
        i = aliasAt;
      } else if (alias?.kind === "jinja" && aliasAt === i + 2) return unchecked("a Jinja expression names a relation alias", alias);
      else relations.push({ relation: t.relation!, line: t.line, scope: scope() });
      continue;
    }
    if (fromItem) {
      fromItem = false;
      if (word === "lateral" || word === "unnest") return unchecked(`it reads a ${word} relation`, t);
      if (isOp(t, "(")) return unchecked("it reads a derived table (a subquery in FROM)", t);
      if (t.kind === "jinja") return unchecked("it reads a relation through a Jinja expression other than source(), ref() or this", t);
      if (t.kind === "word" || t.kind === "quoted") return unchecked(`it reads '${t.text}', not through source() or ref()`, t);
    }

    if (t.kind === "jinja") {
      if (!JINJA_VALUE.test(t.text)) return unchecked(`it uses the Jinja expression ${t.text.length > 60 ? `${t.text.slice(0, 57)}...` : t.text}, which may stand for column names`, t);
      const glued = (u: Token | undefined, spaced: boolean) => !spaced && u !== undefined && (u.kind === "word" || u.kind === "quoted" || isOp(u, ".") || u.kind === "jinja");
      if (glued(prev, t.spaced) || glued(next, next?.spaced ?? true)) return unchecked("a Jinja expression stands inside an identifier", t);
      if (lower(prev) === "as") return unchecked("a Jinja expression names an alias", t);
      continue;
    }
    if (t.kind === "op") {
      if (t.text === "(") {
        const fn = prev && (prev.kind === "quoted" || (prev.kind === "word" && !GROUP_KEYWORDS.has(lower(prev)!)));
        const subquery = lower(next) === "select";
        if (subquery) scopeParents.push(scope());
        stack.push({ kind: fn ? (CAST_FUNCTIONS.has(lower(prev) ?? "") ? "cast" : "call") : "group", ...(subquery ? { scope: scopeParents.length - 1 } : {}) });
        inFrom = false;
      } else if (t.text === ")") {
        stack.pop();
        inFrom = false;
      } else if (t.text === "," && inFrom) fromItem = true;
      else if (t.text === "::") typeEnd = i = skipType(i + 1) - 1;
      continue;
    }
    if (t.kind === "word" && isKeyword(t.text)) {
      if (word === "as" && stack.at(-1)?.kind === "cast") {
        // cast(x as decimal(14, 4)): skip the type up to the cast's `)`.
        i = skipType(i + 1) - 1;
        continue;
      }
      if (word === "as") {
        const alias = next;
        if (alias && (alias.kind === "word" || alias.kind === "quoted")) {
          define(alias.text, i);
          i++;
        }
        continue;
      }
      if ((word === "from" || word === "join") && !inCall && lower(prev) !== "distinct") {
        fromItem = true;
        inFrom = true;
        continue;
      }
      if (CLAUSE_END.has(word!)) inFrom = false;
      if (word === "collate" && isName(next)) {
        i++; // a collation name: x collate nocase
        continue;
      }
      if ((word === "window" || word === "over") && isName(next)) {
        define(next!.text, -1);
        i++;
      }
      continue;
    }
    if (t.kind !== "word" && t.kind !== "quoted") continue;

    // A name (unquoted non-keyword word or quoted identifier).
    if (isOp(next, "(")) continue; // a function
    if (isOp(next, "=>") || isOp(next, ":=")) continue; // a named argument
    if (next?.kind === "string" && !next.spaced && t.kind === "word") continue; // a string prefix: E'..', X'..'
    if (lower(next) === "as" && isOp(tokens[i + 2], "(")) {
      define(t.text, -1); // `w as (partition by ...)` in a window clause
      continue;
    }
    if ((endsOperand(prev) || typeEnd === i - 1) && !isOp(prev, ".")) {
      define(t.text, i); // an alias without `as`
      continue;
    }
    if (isOp(next, ".")) {
      // qualifier.name[.field...] / qualifier.*
      let j = i + 2;
      const member = tokens[j];
      while (isOp(tokens[j + 1], ".") && (tokens[j + 2]?.kind === "word" || tokens[j + 2]?.kind === "quoted")) j += 2;
      if (isOp(tokens[j + 1], "(")) return unchecked("it calls a qualified function or method", t);
      if (member && (member.kind === "word" || member.kind === "quoted")) uses.push({ name: member.text, qualifier: t.text, line: t.line, column: t.column, index: i, scope: scope() });
      else uses.push({ name: t.text, line: t.line, column: t.column, index: i, scope: scope() });
      i = member && (member.kind === "word" || member.kind === "quoted") ? j : i + 1;
      continue;
    }
    if (isOp(prev, ".")) continue; // a field of an expression's result: named_struct(...).a, x[0].b
    uses.push({ name: t.text, line: t.line, column: t.column, index: i, scope: scope() });
  }
  return { kind: "scanned", uses, relations, aliases, scopeParents };
}
