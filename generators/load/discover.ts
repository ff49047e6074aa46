import { readdirSync } from "node:fs";
import path from "node:path";

/** Every `.ts` file under `<root>/pipelines`, sorted, as absolute paths (tests and declarations excluded). */
export function discoverPipelineFiles(root: string): string[] {
  const dir = path.join(root, "pipelines");
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true, encoding: "utf8" });
  } catch {
    return [];
  }
  return entries
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.endsWith(".test.ts"))
    .map((f) => path.join(dir, f))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Characters a pipeline file name must not hold: its path is written into every generated file's
 * header comment, and Python and YAML end a comment at a lone CR (DuckDB at any line break), so
 * such a name could put code after the comment. Also invisible and bidirectional controls, which
 * make a name read differently from what it is.
 */
const UNSAFE_NAME = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** Root-relative POSIX paths of the files whose names hold a character of UNSAFE_NAME. */
export function unsafeFileNames(root: string, files: readonly string[]): string[] {
  return files.map((f) => path.relative(root, f).split(path.sep).join("/")).filter((rel) => UNSAFE_NAME.test(rel));
}
