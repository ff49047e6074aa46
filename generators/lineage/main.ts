/**
 * `npm run graph`: compiles the project (without the type-check unless `--typecheck`) and writes
 * its dataset lineage, `lineage.mmd` and `lineage.html`, into `<root>/lineage/` (or `--out`).
 * Invalid pipelines are reported exactly as `npm run compile` reports them, and nothing is written.
 * A separate command, not part of the compile: `generated/` stays what Airflow reads.
 */
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compileProject } from "../compile.ts";
import { error, hasErrors, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { formatDiagnostics } from "../diagnostics/format.ts";
import { GRAPH_USAGE, parseGraphArgs } from "./args.ts";
import { renderHtml } from "./html.ts";
import { renderMermaid } from "./mermaid.ts";
import { buildLineageModel } from "./model.ts";

/** The repository root: pipelines/ lives beside generators/. */
const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

const HINT = "npm run graph writes lineage.mmd and lineage.html into a directory of their own, such as lineage/ (the default)";

/** `child` is `parent` or inside it. */
const within = (child: string, parent: string) => {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
};

/** Refuses an output directory the two files must not land in (the same places the compile refuses). */
function guardOut(outDir: string, root: string, label: string): Diagnostic[] {
  if (within(root, outDir)) return [error("WR002", `--out '${label}' is the project root or contains it`, undefined, HINT)];
  if (within(outDir, path.join(root, "pipelines"))) return [error("WR003", `--out '${label}' is inside pipelines/`, undefined, HINT)];
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) return [error("WR004", `--out '${label}' is not a directory`, undefined, HINT)];
  return [];
}

/** Writes through a temporary file and a rename: a reader never sees half a page. */
function writeAtomically(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseGraphArgs(argv);
  if ("error" in options) {
    process.stderr.write(`${formatDiagnostics([error("CL001", options.error, undefined)])}\n${GRAPH_USAGE}\n`);
    return 1;
  }
  if (options.command === "help") {
    process.stdout.write(`${GRAPH_USAGE}\n`);
    return 0;
  }
  const root = path.resolve(options.root ?? REPO_ROOT);
  const outDir = path.resolve(root, options.out ?? "lineage");
  const label = options.out ?? (path.relative(process.cwd(), outDir) || ".");

  const placement = guardOut(outDir, root, label);
  const result = await compileProject(root, { typecheck: options.typecheck });
  const diagnostics = [...result.diagnostics, ...placement];
  if (hasErrors(diagnostics) || !result.graph) {
    process.stderr.write(`${formatDiagnostics(diagnostics)}\n`);
    return 1;
  }
  if (diagnostics.length) process.stderr.write(`${formatDiagnostics(diagnostics)}\n`);

  const model = buildLineageModel(result.graph);
  const files: [string, string][] = [];
  if (options.format !== "html") files.push(["lineage.mmd", renderMermaid(model)]);
  if (options.format !== "mermaid") files.push(["lineage.html", renderHtml(model)]);
  mkdirSync(outDir, { recursive: true });
  for (const [name, text] of files) writeAtomically(path.join(outDir, name), text);
  if (!options.quiet) {
    const shown = path.relative(process.cwd(), outDir) || ".";
    process.stderr.write(
      `lineage of ${model.datasets.length} datasets and ${model.tasks.length} tasks: ${files.map(([name]) => path.join(shown, name)).join(", ")}\n`,
    );
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`internal error (this is a bug in the compiler, please report it):\n${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(2);
  },
);
