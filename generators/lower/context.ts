import path from "node:path";
import type { Origin } from "../../dsl/internal/origin.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { SourceRef } from "../ir/types.ts";

/** Shared state of one lowering run: the project root (for relative paths) and the diagnostics sink. */
export class LowerContext {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly root: string) {}

  report(d: Diagnostic): void {
    this.diagnostics.push(d);
  }

  /** An absolute origin as a root-relative, POSIX source reference (stable across machines). */
  ref(origin: Origin | undefined): SourceRef | undefined {
    if (!origin) return undefined;
    return { file: this.relative(origin.file), line: origin.line, column: origin.column };
  }

  relative(file: string): string {
    return path.relative(this.root, file).split(path.sep).join("/");
  }
}
