// Compiler benchmark: N synthetic pipelines (a pod, a branch, a join, a trigger each) compiled
// cold through the CLI, then again with no change, then with one pipeline changed.
// Usage: npx tsx bench/compile.ts [N=1000] [--typecheck] [--tsx]
// Runs the prebuilt compiler (what `npm run compile` runs; built first if stale, timed apart),
// or with --tsx the TypeScript sources through tsx. Prints wall time, CPU time (user + sys: on a
// shared machine the steadier number), peak RSS and the compiler's summary line.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const n = Number(process.argv[2] ?? 1000);
const typecheck = process.argv.includes("--typecheck");
const viaTsx = process.argv.includes("--tsx");

function pipelineFile(i: number, variant = ""): string {
  return `import { cron, pipeline, runDate, weekday, variableFlag, anyOf } from "../dsl/index.ts";
import { platform } from "./project.ts";
export const p${i} = pipeline({
  id: "bench__pipeline_${i}__daily",
  description: "Synthetic pipeline ${i}${variant}",
  schedule: cron("${i % 60} ${i % 24} * * *"),
  tags: ["layer:bench", "n:${i % 10}"],
  tasks: (t) => {
    const start = t.marker("start");
    const run = t.pod("run__work", { image: platform.images.worker, args: ["--date", runDate, "--n", "${i}"], env: { PGUSER: platform.secrets.user }, after: [start] });
    const check = t.branch("check", { when: anyOf(weekday("sunday"), variableFlag("flag_${i}")), after: [run] });
    const yes = t.marker("yes", { after: [check.ifTrue] });
    const no = t.marker("no", { after: [check.ifFalse] });
    t.join("done", { after: [yes, no] });
  },
});
`;
}

const root = mkdtempSync(path.join(os.tmpdir(), "lakec-bench-"));
symlinkSync(path.join(REPO, "dsl"), path.join(root, "dsl"));
symlinkSync(path.join(REPO, "node_modules"), path.join(root, "node_modules"));
mkdirSync(path.join(root, "pipelines"));
writeFileSync(
  path.join(root, "pipelines", "project.ts"),
  `import { image, k8sSecret, project } from "../dsl/index.ts";
export const platform = project({ id: "bench", startDate: "2025-01-01", namespace: "bench", images: { worker: image("registry.local/worker") }, secrets: { user: k8sSecret("pg", "user") } });
`,
);
for (let i = 0; i < n; i++) writeFileSync(path.join(root, "pipelines", `p${i}.ts`), pipelineFile(i));

const tsx = path.join(REPO, "node_modules", ".bin", "tsx");
const command = viaTsx ? [tsx, path.join(REPO, "generators", "cli", "main.ts")] : [process.execPath, path.join(REPO, "generators", "cli", "lakec.mjs")];

/** One CLI run: wall time, CPU time and peak RSS (GNU time's %U, %S, %M). */
function run(label: string): void {
  const args = ["compile", "--root", root, ...(typecheck ? [] : ["--no-typecheck"])];
  const started = process.hrtime.bigint();
  const result = spawnSync("/usr/bin/time", ["-f", "cpu_s=%U+%S peak_rss_kb=%M", ...command, ...args], { encoding: "utf8", env: { ...process.env, LAKEC_PROGRESS: "0" } });
  const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
  if (result.status !== 0) throw new Error(`compile failed:\n${result.stderr}`);
  const rss = Number(/peak_rss_kb=(\d+)/.exec(result.stderr)?.[1] ?? 0);
  const cpu = /cpu_s=([\d.]+)\+([\d.]+)/.exec(result.stderr);
  const cpuMs = cpu ? Math.round((Number(cpu[1]) + Number(cpu[2])) * 1000) : 0;
  const summary = /compiled .*$/m.exec(result.stderr)?.[0] ?? "";
  console.log(`${label.padEnd(22)} ${String(ms).padStart(6)} ms wall ${String(cpuMs).padStart(6)} ms cpu ${String(Math.round(rss / 1024)).padStart(5)} MiB  ${summary.replace(/ into .*?: /, ": ")}`);
}

if (!viaTsx) {
  // Build the prebuilt compiler first when stale: timed apart, not part of "cold".
  const started = process.hrtime.bigint();
  const { ensureCli } = await import("../generators/cli/prebuilt.mjs");
  const { built } = await ensureCli(REPO.replace(/[\\/]$/, ""));
  if (built) console.log(`prebuilt compiler built in ${Number((process.hrtime.bigint() - started) / 1_000_000n)} ms`);
}
console.log(`${n} pipelines, type-check ${typecheck ? "on" : "off"}, ${viaTsx ? "tsx" : "prebuilt"}, ${os.cpus().length} cores, node ${process.version}`);
run("cold compile");
run("no change");
writeFileSync(path.join(root, "pipelines", "p7.ts"), pipelineFile(7, " (changed)"));
run("one pipeline changed");
rmSync(root, { recursive: true, force: true });
