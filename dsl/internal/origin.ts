import { findSourceMap, type SourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Where in a pipeline file a DSL object was declared. `file` is absolute here; the compiler relativises it. */
export interface Origin {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

const DSL_DIR = fileURLToPath(new URL("..", import.meta.url));

/** A file name as V8 reports it (a path or a `file://` URL) as a path; undefined for internals. */
function toPath(name: string | null | undefined): string | undefined {
  if (!name) return undefined;
  // Converted once per file: every declaration in a file reports the same name.
  let known = PATHS.get(name);
  if (known === undefined) PATHS.set(name, (known = toPathUncached(name) ?? null));
  return known ?? undefined;
}

const PATHS = new Map<string, string | null>();

function toPathUncached(name: string): string | undefined {
  if (!name || name.startsWith("node:")) return undefined;
  if (name.startsWith("file://")) return fileURLToPath(name);
  return name.startsWith("/") || /^[A-Za-z]:[\\/]/.test(name) ? name : undefined;
}

/**
 * Source maps of generated modules, by absolute file. The loader registers the map of the
 * pipelines bundle here; kept on `globalThis` because the loader and the bundle may each hold
 * their own instance of this module (as they do of `KIND`).
 */
const SOURCE_MAPS: Map<string, SourceMap> = ((globalThis as Record<symbol, unknown>)[Symbol.for("lakehouse-compiler.source-maps")] ??= new Map()) as Map<string, SourceMap>;

/** Registers the source map of a generated module (absolute path); positions in it are mapped back. */
export function registerSourceMap(file: string, map: SourceMap): void {
  SOURCE_MAPS.set(file, map);
}

/** Forgets a registered source map (the module's file is gone). */
export function unregisterSourceMap(file: string): void {
  SOURCE_MAPS.delete(file);
}

type Formatter = (error: Error, sites: NodeJS.CallSite[]) => unknown;

/** Node's own stack formatter (installed by default): it maps nothing we have not registered. */
const isNodeFormatter = (f: Formatter | undefined) => f === undefined || f.name === "ErrorPrepareStackTrace";

/** Absolute file, line and column of one formatted frame (`at fn (file:l:c)` or `at file:l:c`). */
function parseFrame(formatted: string): Origin | undefined {
  // Formatters print an `Error:` line first; the frame is the last line.
  const text = formatted.slice(formatted.lastIndexOf("\n    at ") + 1);
  const tail = /:(\d+):(\d+)\)?\s*$/.exec(text);
  if (!tail) return undefined;
  const head = text.slice(0, tail.index).replace(/^\s*at\s+/, "");
  const paren = text.trimEnd().endsWith(")") ? head.search(/ \((?:file:\/\/|\/|[A-Za-z]:\\)/) : -1;
  const file = toPath(paren >= 0 ? head.slice(paren + 2) : head);
  return file ? { file, line: Number(tail[1]), column: Number(tail[2]) } : undefined;
}

/**
 * The author's position behind a generated one: through a registered source map (the pipelines
 * bundle) or Node's own source-map cache (modules loaded by a TypeScript loader); under a test
 * runner that installed its own stack formatter (it maps its own transforms), through that.
 */
function authorPosition(site: NodeJS.CallSite, file: string, line: number, column: number, formatter: Formatter | undefined): Origin | undefined {
  if (!isNodeFormatter(formatter)) return parseFrame(String(formatter!(new Error(), [site])));
  const map = SOURCE_MAPS.get(file) ?? findSourceMap(file);
  if (!map) return { file, line, column };
  const found = map.findOrigin(line, column) as { fileName?: string; lineNumber?: number; columnNumber?: number };
  // Sources of a map are URLs (percent-encoded) relative to the generated file, or absolute.
  const name = found.fileName;
  const original = name === undefined ? undefined : sourcePath(file, name);
  if (!original || found.lineNumber === undefined || found.columnNumber === undefined) return undefined;
  return { file: original, line: found.lineNumber, column: found.columnNumber };
}

/** A source map's source (absolute, or a URL relative to the generated file) as a path, once per pair. */
function sourcePath(file: string, name: string): string | undefined {
  const key = `${file}\0${name}`;
  let known = SOURCES.get(key);
  if (known === undefined) SOURCES.set(key, (known = (path.isAbsolute(name) ? name : toPath(new URL(name, pathToFileURL(file)).href)) ?? null));
  return known ?? undefined;
}

const SOURCES = new Map<string, string | null>();

/** The prebuilt compiler's file (generators/cli/lakec.mjs sets it): the DSL runs from inside it. */
const compilerBundle = (): unknown => (globalThis as Record<symbol, unknown>)[Symbol.for("lakehouse-compiler.prebuilt")];

const structured = (_: Error, sites: NodeJS.CallSite[]): NodeJS.CallSite[] => sites;

/**
 * The first call site outside `dsl/` and outside node internals: the author's call site.
 * Builders call this so that every diagnostic can point at the line that declared the object.
 * Reads V8's structured call sites rather than a formatted stack: no text to parse (file names
 * with `(`, `:` or a newline stay whole) and no stack-trace formatting cost.
 */
export function captureOrigin(): Origin | undefined {
  const { prepareStackTrace, stackTraceLimit } = Error;
  Error.prepareStackTrace = structured;
  Error.stackTraceLimit = 12;
  const holder: { stack?: unknown } = {};
  Error.captureStackTrace(holder, captureOrigin);
  const sites = holder.stack as NodeJS.CallSite[] | undefined;
  Error.prepareStackTrace = prepareStackTrace;
  Error.stackTraceLimit = stackTraceLimit;
  for (const site of sites ?? []) {
    const file = toPath(site.getFileName() ?? site.getScriptNameOrSourceURL());
    const line = site.getLineNumber();
    const column = site.getColumnNumber();
    if (!file || line === null || column === null) continue;
    if (file.startsWith(DSL_DIR) || file.includes("/node_modules/") || file === compilerBundle()) continue;
    const origin = authorPosition(site, file, line, column, prepareStackTrace as Formatter | undefined);
    if (origin && !origin.file.startsWith(DSL_DIR) && !origin.file.includes("/node_modules/")) return origin;
  }
  return undefined;
}

/** Marks DSL objects so the loader can recognise them among a module's exports. */
export const KIND = Symbol.for("lakehouse-compiler.kind");
