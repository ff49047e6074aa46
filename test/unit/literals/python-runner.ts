/** Runs one Python script in a temp dir and parses the JSON it prints (the last stdout line). */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export function runPythonJson<T>(python: string, source: string, env: NodeJS.ProcessEnv = process.env): T {
  const dir = mkdtempSync(path.join(tmpdir(), "literals-py-"));
  try {
    const file = path.join(dir, "script.py");
    writeFileSync(file, source, "utf8");
    const result = spawnSync(python, [file], {
      cwd: dir,
      encoding: "utf8",
      env: { ...env, PYTHONIOENCODING: "utf-8", PYTHONDONTWRITEBYTECODE: "1" },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
    });
    if (result.error || result.status !== 0) {
      throw new Error(`${python} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stderr}\n--- script ---\n${source.slice(0, 4000)}`);
    }
    const lines = result.stdout.trimEnd().split("\n");
    return JSON.parse(lines[lines.length - 1]!) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Code units as hex, for readable failure messages when strings differ. */
export const units = (s: string): string =>
  Array.from({ length: s.length }, (_, i) => s.charCodeAt(i).toString(16).padStart(4, "0")).join(" ");
