import path from "node:path";
import type { Origin } from "../../dsl/internal/origin.ts";
import type { DslIssue } from "../../dsl/internal/issues.ts";
import { error, type Diagnostic } from "../diagnostics/diagnostic.ts";
import type { DiagnosticCode } from "../diagnostics/catalog.ts";
import type { SourceRef } from "../ir/types.ts";

/** Shared state of one lowering run: the project root (for relative paths) and the diagnostics sink. */
export class LowerContext {
  readonly diagnostics: Diagnostic[] = [];
  /** Issues already reported: a table used by several steps, or a source's issues carried by each of its tables, are reported once. */
  private readonly reported = new Set<DslIssue>();
  constructor(readonly root: string) {}

  report(d: Diagnostic): void {
    this.diagnostics.push(d);
  }

  /** Reports what a DSL builder recorded (DS codes with their origin and hint), each issue once. */
  reportIssues(issues: readonly DslIssue[] | undefined): void {
    for (const issue of issues ?? []) {
      if (this.reported.has(issue)) continue;
      this.reported.add(issue);
      this.report(error(issue.code as DiagnosticCode, issue.message, this.ref(issue.origin), ...(issue.hint ? [issue.hint] : [])));
    }
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
