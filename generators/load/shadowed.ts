import { ts } from "ts-morph";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";

/**
 * The callee of a call holding a type error (`t.pod` of `t.pod("p", { image: platform.images.tol })`),
 * as 1-based positions. A builder records where it was called from (V8 points into the callee), so
 * a DSL diagnostic located here is the same mistake seen again at run time (the typo'd handle is
 * `undefined`): the type error is the one to report.
 */
export interface ShadowingCall {
  readonly file: string;
  readonly line: number;
  readonly fromColumn: number;
  readonly toLine: number;
  readonly toColumn: number;
}

/**
 * The innermost call expression of `source` whose arguments contain `position`, or whose result
 * the error is about: the call starts there (`notNull("contry")` in a silver table's `quality`)
 * or is the value of the property named there (`write: scd2({ track: ["nmae"] })`). The builder's
 * own diagnostic about that call is then the same mistake.
 */
function innermostCall(source: ts.SourceFile, position: number): ts.CallExpression | undefined {
  let found: ts.CallExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (position < node.getStart(source) || position >= node.getEnd()) return;
    if (ts.isCallExpression(node) && (position >= node.arguments.pos || position === node.getStart(source))) found = node;
    if (ts.isPropertyAssignment(node) && position === node.name.getStart(source) && ts.isCallExpression(node.initializer)) found = node.initializer;
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The callee span of the innermost call around a type error at `position`, if any. */
export function shadowingCall(source: ts.SourceFile, position: number, file: string): ShadowingCall | undefined {
  const call = innermostCall(source, position);
  if (!call) return undefined;
  const from = source.getLineAndCharacterOfPosition(call.getStart(source));
  const to = source.getLineAndCharacterOfPosition(call.arguments.pos);
  return { file, line: from.line + 1, fromColumn: from.character + 1, toLine: to.line + 1, toColumn: to.character + 1 };
}

const within = (d: Diagnostic, c: ShadowingCall): boolean => {
  const at = d.location;
  if (!at || at.file !== c.file) return false;
  const after = at.line > c.line || (at.line === c.line && at.column >= c.fromColumn);
  const before = at.line < c.toLine || (at.line === c.toLine && at.column <= c.toColumn);
  return after && before;
};

/** Drops DSL-value diagnostics (DS…) reported at a call that also holds a type error. */
export function dropShadowed(diagnostics: readonly Diagnostic[], calls: readonly ShadowingCall[]): Diagnostic[] {
  if (calls.length === 0) return [...diagnostics];
  return diagnostics.filter((d) => !(d.code.startsWith("DS") && calls.some((c) => within(d, c))));
}
