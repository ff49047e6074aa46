import { readFileSync } from "node:fs";
import { error, type Diagnostic } from "../diagnostics/diagnostic.ts";
import type { ImportCycle } from "./import-cycles.ts";

/** 1-based line and column of the first quoted occurrence of `specifier` in `file` (1:1 when not found). */
function importPosition(file: string, specifier: string): { line: number; column: number } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return { line: 1, column: 1 };
  }
  const at = [`"${specifier}"`, `'${specifier}'`].map((q) => text.indexOf(q)).filter((i) => i >= 0).sort((a, b) => a - b)[0];
  if (at === undefined) return { line: 1, column: 1 };
  const before = text.slice(0, at).split("\n");
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

/** One LD007 per cycle, at the import of its first file that starts the cycle, naming every file on it. */
export function cycleDiagnostics(cycles: readonly ImportCycle[], rel: (file: string) => string): Diagnostic[] {
  return cycles.map(({ files, specifiers }) => {
    const names = files.map(rel);
    const where = { file: names[0]!, ...importPosition(files[0]!, specifiers[0]!) };
    const chain = [...names, names[0]!].join(" → ");
    const message =
      names.length === 1 ? `${names[0]} imports itself`
      : names.length === 2 ? `${names[0]} and ${names[1]} import each other: ${chain}`
      : `import cycle between ${names.slice(0, -1).join(", ")} and ${names.at(-1)}: ${chain}`;
    return error("LD007", message, where, "a pipeline named across the cycle is still `undefined` when the other file uses it (after(...), t.trigger(...))");
  });
}
