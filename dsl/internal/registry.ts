/**
 * Every pipeline and dbt project built, in order, so that the loader can tell the ones a file
 * declared but did not export (they would vanish silently: no DAG, no hand-off trigger). The
 * loader resets it before importing pipelines/. Kept on `globalThis`: the loader and the bundle
 * may each hold their own instance of this module (as they do of `KIND`).
 */
const BUILT: unknown[] = ((globalThis as Record<symbol, unknown>)[Symbol.for("lakehouse-compiler.built")] ??= []) as unknown[];

/** Records a pipeline or dbt project a builder returns. */
export function registerBuilt<T>(value: T): T {
  BUILT.push(value);
  return value;
}

/** Forgets everything built so far (the loader calls it before importing). */
export function resetBuilt(): void {
  BUILT.length = 0;
}

/** What was built since the last reset, in order. */
export function builtObjects(): readonly unknown[] {
  return [...BUILT];
}
