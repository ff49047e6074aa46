// Compiler benchmark: N synthetic pipelines (a pod, a branch, a join, a trigger each) compiled
// cold through the CLI, then again with no change, then with one pipeline changed.
// Usage: npx tsx bench/compile.ts [N=1000] [--typecheck]
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const n = Number(process.argv[2] ?? 1000);
const typecheck = process.argv.includes("--typecheck");

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

const cli = path.join(REPO, "generators", "cli", "main.ts");
const tsx = path.join(REPO, "node_modules", ".bin", "tsx");

/** One CLI run: wall time and peak RSS (GNU time's %M, in KiB). */
function run(label: string): void {
  const args = [cli, "compile", "--root", root, ...(typecheck ? [] : ["--no-typecheck"])];
  const started = process.hrtime.bigint();
  const result = spawnSync("/usr/bin/time", ["-f", "peak_rss_kb=%M", tsx, ...args], { encoding: "utf8" });
  const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
  if (result.status !== 0) throw new Error(`compile failed:\n${result.stderr}`);
  const rss = Number(/peak_rss_kb=(\d+)/.exec(result.stderr)?.[1] ?? 0);
  const summary = /compiled .*$/m.exec(result.stderr)?.[0] ?? "";
  console.log(`${label.padEnd(22)} ${String(ms).padStart(6)} ms  ${String(Math.round(rss / 1024)).padStart(5)} MiB  ${summary.replace(/ into .*?: /, ": ")}`);
}

console.log(`${n} pipelines, type-check ${typecheck ? "on" : "off"}, ${os.cpus().length} cores, node ${process.version}`);
run("cold compile");
run("no change");
writeFileSync(path.join(root, "pipelines", "p7.ts"), pipelineFile(7, " (changed)"));
run("one pipeline changed");
rmSync(root, { recursive: true, force: true });
