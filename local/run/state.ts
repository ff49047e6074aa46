// The state folder of a local run: databases, lake, Airflow home and logs. A kept state
// (`--keep`) is reused by the next run; otherwise each run starts from an empty one.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const MARKER = ".lakec-local-state";

export interface StateFolder {
  readonly dir: string;
  /** No earlier run has completed its setup here. */
  readonly fresh: boolean;
  markInitialized(): void;
}

export function prepareState(root: string, keep: boolean, explicit: string | undefined): StateFolder {
  const dir = path.resolve(root, explicit ?? path.join(".lakec", "local", keep ? "kept" : "run"));
  if (existsSync(dir) && readdirSync(dir).length > 0 && !existsSync(path.join(dir, MARKER))) {
    throw new Error(`${dir} is not empty and was not made by the local runner; choose another --state folder`);
  }
  if (!keep && existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, MARKER), "made by `npm run local`; safe to delete when no run is going on\n");
  const initialized = path.join(dir, ".initialized");
  return { dir, fresh: !existsSync(initialized), markInitialized: () => writeFileSync(initialized, "") };
}
