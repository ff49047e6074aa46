import type { SourceRef } from "../ir/types.ts";
import { CATALOG, type DiagnosticCode } from "./catalog.ts";

export type Severity = "error" | "warning";

/** One problem found in the user's pipelines. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly hints: readonly string[];
  readonly location: SourceRef | undefined;
}

/** Builds an error diagnostic; the catalog's hint is added after any specific hints. */
export function error(code: DiagnosticCode, message: string, location: SourceRef | undefined, ...hints: string[]): Diagnostic {
  return { code, severity: "error", message, location, hints: [...hints, CATALOG[code].hint] };
}

/** Builds a warning diagnostic. */
export function warning(code: DiagnosticCode, message: string, location: SourceRef | undefined, ...hints: string[]): Diagnostic {
  return { code, severity: "warning", message, location, hints: [...hints, CATALOG[code].hint] };
}

export const hasErrors = (diagnostics: readonly Diagnostic[]): boolean => diagnostics.some((d) => d.severity === "error");

/** Stable order: by file, line, column, code, message. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => [d.location?.file ?? "", d.location?.line ?? 0, d.location?.column ?? 0, d.code, d.message] as const;
  return [...diagnostics].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      if (ka[i]! < kb[i]!) return -1;
      if (ka[i]! > kb[i]!) return 1;
    }
    return 0;
  });
}
