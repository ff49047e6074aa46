// Long-running child processes of the local run (servers): output to a log file, stopped with
// SIGTERM and then SIGKILL, always before the runner exits.
import { spawn, type ChildProcess } from "node:child_process";
import { openSync } from "node:fs";

export interface Server {
  readonly name: string;
  readonly child: ChildProcess;
  readonly logFile: string;
  stop(): Promise<void>;
}

const running = new Set<Server>();

export function startServer(name: string, command: string, args: readonly string[], opts: { env: NodeJS.ProcessEnv; logFile: string; cwd?: string }): Server {
  const out = openSync(opts.logFile, "a");
  // Own process group, so that stopping it also stops what it started (workers, task processes).
  const child = spawn(command, args, { env: opts.env, cwd: opts.cwd, stdio: ["ignore", out, out], detached: true });
  const server: Server = {
    name,
    child,
    logFile: opts.logFile,
    stop: () => stopGroup(child).finally(() => running.delete(server)),
  };
  running.add(server);
  return server;
}

/** Stops every server still running (on exit, on Ctrl-C). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].reverse().map((s) => s.stop()));
}

export function stopGroup(child: ChildProcess, graceMs = 20_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      // Orphans of the group (task processes) go too.
      kill("SIGKILL");
      resolve();
    });
    kill("SIGTERM");
  });
}
