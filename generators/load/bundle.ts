import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { SourceMap } from "node:module";
import { build, type Message } from "esbuild";
import { importCycles, type ImportCycle } from "./import-cycles.ts";
import { registerSourceMap, unregisterSourceMap } from "../../dsl/internal/origin.ts";
import { dslModule, dslShim } from "./dsl-modules.ts";

const DSL_DIR = realpathSync(fileURLToPath(new URL("../../dsl", import.meta.url)));

export type BundleResult =
  | { readonly ok: true; readonly modules: Record<string, unknown>[] }
  | { readonly ok: false; readonly buildErrors: readonly Message[] }
  | { readonly ok: false; readonly cycles: readonly ImportCycle[] }
  | { readonly ok: false; readonly runtimeError: unknown };

/** The real path of a DSL file an import names, or undefined when it is not one (cached: every file imports the DSL). */
function dslFile(resolved: string, cache: Map<string, string | null>): string | undefined {
  let known = cache.get(resolved);
  if (known === undefined) {
    try {
      const real = realpathSync(resolved);
      known = real.startsWith(DSL_DIR + path.sep) ? real : null;
    } catch {
      known = null;
    }
    cache.set(resolved, known);
  }
  return known ?? undefined;
}

/**
 * Imports all pipeline files at once: esbuild bundles them into one ES module (with an inline
 * source map, so stack traces and declaration origins still point at the original files). One
 * transform instead of one per file makes loading a thousand pipelines ~5x faster.
 */
export async function importBundled(files: readonly string[]): Promise<BundleResult> {
  // The bundle's path must be known when building: the source map's paths are relative to it.
  const dir = mkdtempSync(path.join(os.tmpdir(), "lakec-bundle-"));
  const file = path.join(dir, "pipelines.mjs");
  // Each file is `require`d rather than re-exported: esbuild then wraps every module's top-level
  // code in its own function (`__esm`) instead of hoisting all of them into the bundle's one
  // top-level function. V8 finds a call's line by scanning its function's source positions from
  // the start, so in one function of 10,000 declarations every captured origin cost time
  // proportional to the declarations before it (quadratic loading). Order and sharing are as
  // with imports: a module runs once, its imports first, in the order of `files`.
  const entry = `export const modules = [\n${files.map((f) => `  require(${JSON.stringify(f)}),`).join("\n")}\n];`;
  const result = await build({
    stdin: { contents: entry, resolveDir: path.dirname(files[0]!), loader: "ts", sourcefile: "pipelines-entry.ts" },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    write: false,
    outfile: file,
    sourcemap: "inline",
    metafile: true,
    absWorkingDir: process.cwd(),
    packages: "external",
    logLevel: "silent",
    plugins: [
      {
        name: "dsl-shared",
        setup(b) {
          // The DSL is not bundled: its origin capture recognises its own files by path, and the
          // pipelines must build the compiler's own DSL objects. Each DSL file becomes a shim that
          // reads the compiler's module (dsl-modules.ts): one binding per DSL export in the whole
          // bundle, where external imports would give each pipeline file its own import bindings
          // (V8 re-reads all of a module's import bindings each time it compiles one of its
          // functions, which made loading 10,000 files quadratic).
          const real = new Map<string, string | null>();
          b.onResolve({ filter: /dsl/ }, (args) => {
            const file = dslFile(path.resolve(args.resolveDir, args.path), real);
            return file ? { path: file, namespace: "lakehouse-dsl" } : undefined;
          });
          b.onLoad({ filter: /.*/, namespace: "lakehouse-dsl" }, async (args) => {
            const { key, module } = await dslModule(DSL_DIR, args.path);
            return { contents: dslShim(key, module), loader: "js" };
          });
        },
      },
    ],
  }).catch((err: { errors?: Message[] }) => ({ errors: err.errors ?? [], outputFiles: undefined, metafile: undefined }));
  if (!result.outputFiles) {
    rmSync(dir, { recursive: true, force: true });
    return { ok: false, buildErrors: result.errors };
  }
  // Files that import each other in a circle are not run: one of them would see `undefined`.
  const cycles = result.metafile ? importCycles(result.metafile, process.cwd()) : [];
  if (cycles.length > 0) {
    rmSync(dir, { recursive: true, force: true });
    return { ok: false, cycles };
  }
  process.setSourceMapsEnabled(true);
  const code = result.outputFiles[0]!.text;
  try {
    writeFileSync(file, code);
    // Declaration origins are mapped through this map (structured call sites; no stack formatting).
    registerSourceMap(file, new SourceMap(inlineSourceMap(code)));
    const mod = (await import(pathToFileURL(file).href)) as { modules: Record<string, unknown>[] };
    return { ok: true, modules: files.map((_, i) => mod.modules[i] ?? {}) };
  } catch (runtimeError) {
    return { ok: false, runtimeError };
  } finally {
    unregisterSourceMap(file);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The source map esbuild appended to the bundle as a base64 data URL. */
function inlineSourceMap(code: string): import("node:module").SourceMapPayload {
  const marker = "//# sourceMappingURL=data:application/json;base64,";
  const at = code.lastIndexOf(marker);
  if (at < 0) throw new Error("the pipelines bundle has no inline source map");
  return JSON.parse(Buffer.from(code.slice(at + marker.length).trim(), "base64").toString("utf8"));
}
