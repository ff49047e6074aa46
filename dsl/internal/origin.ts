import { fileURLToPath } from "node:url";

/** Where in a pipeline file a DSL object was declared. `file` is absolute here; the compiler relativises it. */
export interface Origin {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

const DSL_DIR = fileURLToPath(new URL("..", import.meta.url));
const FRAME = /\(?((?:file:\/\/)?\/[^():]+|[A-Za-z]:\\[^():]+):(\d+):(\d+)\)?\s*$/;

/**
 * The first stack frame outside `dsl/` and outside node internals: the author's call site.
 * Builders call this so that every diagnostic can point at the line that declared the object.
 */
export function captureOrigin(): Origin | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 12;
  const stack = new Error().stack ?? "";
  Error.stackTraceLimit = limit;
  for (const frame of stack.split("\n").slice(1)) {
    const match = FRAME.exec(frame);
    if (!match) continue;
    const raw = match[1]!;
    const file = raw.startsWith("file://") ? fileURLToPath(raw) : raw;
    if (file.startsWith(DSL_DIR) || file.includes("/node_modules/") || file.startsWith("node:")) continue;
    return { file, line: Number(match[2]), column: Number(match[3]) };
  }
  return undefined;
}

/** Marks DSL objects so the loader can recognise them among a module's exports. */
export const KIND = Symbol.for("lakehouse-compiler.kind");
