import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compileProject } from "../compile.ts";
import { error, hasErrors, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { diagnosticsToJson, formatDiagnostics } from "../diagnostics/format.ts";
import { formatReport, guardOutDir, handAddedDiagnostic, InvalidPathsError, UnsafeOutputError, WriteFailedError, writeGenerated, type WriteResult } from "../writer/index.ts";
import { NeedsTypeScriptLoader } from "../load/import.ts";
import { parseArgs, USAGE } from "./args.ts";
import { progressReporter, progressThreshold, progressWanted } from "./progress.ts";
import { jsonSummary, type JsonSummary } from "./summary.ts";

/** Runs this command again through the TypeScript loader (the prebuilt compiler's fallback); its exit code. */
function rerunWithTsx(): number {
  const tsx = path.join(REPO_ROOT, "node_modules", ".bin", "tsx");
  const result = spawnSync(tsx, [path.join(REPO_ROOT, "generators", "cli", "main.ts"), ...process.argv.slice(2)], { stdio: "inherit" });
  return result.status ?? 2;
}

/** The repository root: pipelines/ and generated/ live beside generators/. */
const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

const ms = (start: bigint) => Number((process.hrtime.bigint() - start) / 1_000_000n);
const seconds = (millis: number) => `${(millis / 1000).toFixed(2)} s`;

async function main(argv: readonly string[]): Promise<number> {
  const started = process.hrtime.bigint();
  const options = parseArgs(argv);
  if ("error" in options) {
    const diagnostic = error("CL001", options.error, undefined);
    process.stderr.write(`${formatDiagnostics([diagnostic])}\n${USAGE}\n`);
    return 1;
  }
  if (options.command === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const root = path.resolve(options.root ?? REPO_ROOT);
  const outDir = path.resolve(root, options.out ?? "generated");
  const outLabel = path.relative(process.cwd(), outDir) || ".";
  // Diagnostics name the output directory as the user typed it.
  const label = options.out ?? outLabel;
  const emit = (diagnostics: readonly Diagnostic[], summary?: JsonSummary) => {
    if (options.format === "json") process.stdout.write(`${diagnosticsToJson(diagnostics, summary)}\n`);
    else if (diagnostics.length) process.stderr.write(`${formatDiagnostics(diagnostics)}\n`);
  };

  // A wrong --out is reported together with the pipelines' diagnostics, before any write.
  const placement = guardOutDir({ outDir, projectRoot: root, label });
  // Progress on stderr for a compile longer than a second; not with --quiet nor --format json.
  const progress = progressReporter({ enabled: progressWanted(options, process.stderr.isTTY), write: (text) => process.stderr.write(text), elapsed: () => ms(started), afterMs: progressThreshold() });
  const result = await compileProject(root, { typecheck: options.typecheck, progress });
  const diagnostics = [...result.diagnostics, ...placement];
  if (hasErrors(diagnostics)) {
    emit(diagnostics);
    return 1;
  }

  let write: WriteResult;
  try {
    write = writeGenerated({ outDir, files: result.files, mode: options.mode, projectRoot: root, label });
  } catch (err) {
    // A wrong --out, hand-added files, or a disk that refuses the write: the user's to fix.
    if (err instanceof UnsafeOutputError || err instanceof WriteFailedError) {
      emit([...diagnostics, ...err.diagnostics]);
      return 1;
    }
    if (!(err instanceof InvalidPathsError)) throw err;
    // Paths come from generated names, so a bad one is the compiler's fault: exit 2, nothing written.
    emit([...diagnostics, ...err.problems.map((problem) => error("WR001", problem, undefined))]);
    return 2;
  }
  if (options.mode === "write") progress(`wrote ${write.written.length} file${write.written.length === 1 ? "" : "s"}, ${write.unchanged.length} unchanged, ${write.removed.length} removed`);
  const log = (text: string) => options.format === "text" && process.stderr.write(text.endsWith("\n") ? text : `${text}\n`);
  if (options.mode !== "write") {
    if (!options.quiet || !write.upToDate) log(formatReport(write, { label: `${outLabel}/`, compileCommand: "npm run compile" }));
    // A compile would refuse hand-added files, so the read-only modes report the same error.
    const refusal = write.handAdded.length > 0 ? [handAddedDiagnostic(label, write.handAdded)] : [];
    emit([...diagnostics, ...write.warnings, ...refusal], jsonSummary(write, result.pipelineCount, label, ms(started)));
    return refusal.length > 0 || (options.mode === "check" && !write.upToDate) ? 1 : 0;
  }
  emit([...diagnostics, ...write.warnings], jsonSummary(write, result.pipelineCount, label, ms(started)));
  if (!options.quiet) {
    log(
      `compiled ${result.pipelineCount} pipeline${result.pipelineCount === 1 ? "" : "s"} into ${outLabel}/: ` +
        `${write.written.length} written, ${write.unchanged.length} unchanged, ${write.removed.length} removed (${seconds(ms(started))})`,
    );
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    // The prebuilt compiler met a pipeline file that throws while loading: the same run through tsx reports it.
    if (err instanceof NeedsTypeScriptLoader) process.exit(rerunWithTsx());
    // Only compiler bugs get here: user mistakes are diagnostics.
    process.stderr.write(`internal error (this is a bug in the compiler, please report it):\n${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(2);
  },
);
