// The local S3 server (local/services/s3_server.py: moto on a loopback address at the cluster
// port), holding the lake. Saved to the state folder after every day and when stopped.
import path from "node:path";
import { createInterface } from "node:readline";
import { spawn } from "node:child_process";
import { openSync } from "node:fs";
import { stopGroup } from "./processes.ts";

export interface LocalS3 {
  readonly endpoint: string;
  save(): Promise<number>;
  stop(save: boolean): Promise<void>;
}

export async function startS3(root: string, python: string, opts: { host: string; port: number; dataDir: string; buckets: readonly string[]; logFile: string }): Promise<LocalS3> {
  const args = [path.join(root, "local", "services", "s3_server.py"), "--host", opts.host, "--port", String(opts.port), "--data", opts.dataDir, ...opts.buckets.flatMap((b) => ["--bucket", b])];
  const log = openSync(opts.logFile, "a");
  const child = spawn(python, args, { stdio: ["pipe", "pipe", log], detached: true });
  const lines = createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  const early: string[] = [];
  lines.on("line", (line) => (waiting.length ? waiting.shift()!(line) : early.push(line)));
  const nextLine = (timeoutMs: number, what: string) =>
    new Promise<string>((resolve, reject) => {
      if (early.length) return resolve(early.shift()!);
      const timer = setTimeout(() => reject(new Error(`S3 server: no answer to ${what} within ${timeoutMs / 1000} s (see ${opts.logFile})`)), timeoutMs);
      const onExit = () => reject(new Error(`S3 server exited (see ${opts.logFile})`));
      child.once("exit", onExit);
      waiting.push((line) => {
        clearTimeout(timer);
        child.off("exit", onExit);
        resolve(line);
      });
    });
  const first = await nextLine(120_000, "start");
  const endpoint = (JSON.parse(first) as { endpoint: string }).endpoint;
  const save = async () => {
    child.stdin!.write("save\n");
    const answer = await nextLine(600_000, "save");
    return Number(answer.replace(/^saved /, ""));
  };
  return {
    endpoint,
    save,
    stop: async (saveFirst) => {
      if (saveFirst && child.exitCode === null) {
        child.stdin!.write("stop\n");
        await nextLine(600_000, "stop").catch(() => undefined);
      }
      child.stdin!.end();
      await stopGroup(child, 10_000);
    },
  };
}
