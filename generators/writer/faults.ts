/**
 * I/O faults of a write (a read-only or full disk, an immutable file, another compile holding
 * the output) as diagnostics. They are the environment's doing, not the compiler's: the CLI
 * reports them with exit 1, never as a crash, and the previous tree is left intact.
 */
import { error, warning, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { quotePath } from "./refusal.ts";

/** A write that could not be carried out; `diagnostics` say what and how to fix it. */
export class WriteFailedError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(`write failed: ${diagnostics.map((d) => `${d.code} ${d.message}`).join("; ")}`);
    this.name = "WriteFailedError";
    this.diagnostics = diagnostics;
  }
}

/** True for an error raised by a file-system call (it carries an errno code). */
export const isIoError = (e: unknown): e is NodeJS.ErrnoException =>
  e instanceof Error && typeof (e as NodeJS.ErrnoException).code === "string" && typeof (e as NodeJS.ErrnoException).syscall === "string";

/** What to do about an errno, in the user's terms. */
export function fixFor(code: string | undefined, path: string): string {
  switch (code) {
    case "EACCES":
    case "EPERM":
      return `make ${quotePath(path)} writable (chmod -R u+w; chattr -R -i if it was made immutable)`;
    case "EROFS":
      return `${quotePath(path)} is on a read-only file system: point --out at a writable place`;
    case "ENOSPC":
    case "EDQUOT":
      return "free some disk space (or quota) and compile again";
    default:
      return `check ${quotePath(path)} and its parent directory`;
  }
}

const describe = (e: NodeJS.ErrnoException) => `${e.code}: ${e.syscall}${e.path ? ` ${quotePath(e.path)}` : ""}`;

/** WR009: a step of the write failed; the previous tree is still in place. */
export function writeFault(step: string, label: string, e: NodeJS.ErrnoException): Diagnostic {
  return error("WR009", `could not ${step} for ${quotePath(label)} (${describe(e)}); the previous output is unchanged`, undefined, fixFor(e.code, e.path ?? label));
}

/** WR010: a temporary directory of ours could not be removed; the compile itself went through. */
export function leftoverWarning(path: string, e: NodeJS.ErrnoException): Diagnostic {
  return warning("WR010", `could not remove ${quotePath(path)} (${describe(e)}); it is left in place and does not affect the output`, undefined, `remove it by hand: chattr -R -i ${quotePath(path)}; chmod -R u+w ${quotePath(path)} && rm -rf ${quotePath(path)}`);
}
