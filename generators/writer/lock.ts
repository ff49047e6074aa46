/**
 * One writer at a time per output directory: `.<basename>.lock` beside it holds the pid of the
 * compile writing it. A second compile is refused (WR011, naming that pid) instead of racing
 * the swap; a lock whose process is gone (a killed compile) is taken over.
 */
import { linkSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { error } from "../diagnostics/diagnostic.ts";
import { WriteFailedError } from "./faults.ts";
import { quotePath } from "./refusal.ts";
import { isAlive } from "./siblings.ts";

export const lockPath = (outDir: string): string => join(dirname(outDir), `.${basename(outDir)}.lock`);

function holder(lock: string): number | undefined {
  try {
    const pid = Number(readFileSync(lock, "utf8").trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined; // vanished meanwhile: its holder released it
  }
}

/**
 * Takes the lock of `outDir` (its parent must exist) and returns the function releasing it.
 * The lock appears complete or not at all (written aside, then hard-linked into place).
 * Throws WriteFailedError (WR011) while another live compile holds it; rethrows I/O errors.
 */
export function acquireLock(outDir: string, label: string): () => void {
  const lock = lockPath(outDir);
  const mine = `${lock}-${process.pid}`;
  writeFileSync(mine, `${process.pid}\n`);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(mine, lock);
        return () => {
          try {
            rmSync(lock, { force: true });
          } catch {
            // a lock that cannot be removed is stale once we exit: the next compile takes it over
          }
        };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      }
      const pid = holder(lock);
      if (pid !== undefined && pid !== process.pid && isAlive(pid) && attempt < 3) {
        throw new WriteFailedError([error("WR011", `another compile (pid ${pid}) is writing ${quotePath(label)} right now`, undefined, `wait for it to finish; if no compile is running, delete ${quotePath(lock)}`)]);
      }
      if (attempt >= 3) throw new WriteFailedError([error("WR011", `the lock ${quotePath(lock)} of ${quotePath(label)} keeps being taken by other compiles`, undefined)]);
      rmSync(lock, { force: true }); // stale: its compile is gone
    }
  } finally {
    rmSync(mine, { force: true });
  }
}
