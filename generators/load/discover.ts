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
