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
