import type { Diagnostic } from "./diagnostic.ts";
import { escapeUnprintable } from "./escape.ts";

/**
 * `pipelines/x.ts:12:5 error GR002 message` followed by indented `hint:` lines. Messages and hints
 * quote user values; they are escaped here, once, so one diagnostic is always exactly its lines.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.location ? `${escapeUnprintable(d.location.file)}:${d.location.line}:${d.location.column} ` : "";
  const lines = [`${where}${d.severity} ${d.code} ${escapeUnprintable(d.message)}`];
  for (const hint of d.hints) lines.push(`  hint: ${escapeUnprintable(hint)}`);
  return lines.join("\n");
}

/** Human report: every diagnostic, then a count line. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  const counts = [
    errors ? `${errors} error${errors === 1 ? "" : "s"}` : "",
    warnings ? `${warnings} warning${warnings === 1 ? "" : "s"}` : "",
  ].filter(Boolean);
  const tail = errors ? `${counts.join(", ")}; nothing written.` : counts.join(", ");
  return [...diagnostics.map(formatDiagnostic), tail].filter(Boolean).join("\n");
}

/** Machine report for `--format json`; `summary` (what was written) follows the diagnostics when given. */
export function diagnosticsToJson(diagnostics: readonly Diagnostic[], summary?: object): string {
  return JSON.stringify(
    {
      diagnostics: diagnostics.map((d) => ({
        file: d.location?.file ?? null,
        line: d.location?.line ?? null,
        column: d.location?.column ?? null,
        severity: d.severity,
        code: d.code,
        message: d.message,
        hints: d.hints,
      })),
      ...(summary ? { summary } : {}),
    },
    null,
    2,
  );
}
