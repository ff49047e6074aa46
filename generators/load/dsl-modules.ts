import path from "node:path";
import { pathToFileURL } from "node:url";

/**
 * The DSL's modules as the compiler itself loaded them, by path relative to `dsl/` (`index.ts`).
 * The pipelines bundle takes the DSL from here (one shim module per DSL file, see bundle.ts)
 * instead of importing it: the DSL objects a pipeline builds are the compiler's own (same KIND
 * symbols, same registry), and the bundle holds no import binding per pipeline file. A prebuilt
 * compiler (the CLI bundle) registers the DSL it carries; otherwise a DSL file is imported on first use.
 * Kept on `globalThis`: the shims read it from inside the bundle.
 */
export const DSL_MODULES_KEY = "lakehouse-compiler.dsl-modules";
const DSL_MODULES: Map<string, Record<string, unknown>> = ((globalThis as Record<symbol, unknown>)[Symbol.for(DSL_MODULES_KEY)] ??= new Map()) as Map<
  string,
  Record<string, unknown>
>;

/** Registers DSL modules (namespace objects) by path relative to `dsl/`, POSIX separators. */
export function registerDslModules(modules: Readonly<Record<string, Record<string, unknown>>>): void {
  for (const [rel, ns] of Object.entries(modules)) DSL_MODULES.set(rel, ns);
}

/** The DSL module at `file` (absolute, real path) under `dslDir`: the registered one, else imported. */
export async function dslModule(dslDir: string, file: string): Promise<{ key: string; module: Record<string, unknown> }> {
  const key = path.relative(dslDir, file).split(path.sep).join("/");
  let module = DSL_MODULES.get(key);
  if (!module) {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    DSL_MODULES.set(key, module);
  }
  return { key, module };
}

/** Source of the shim module that stands for a DSL module inside the pipelines bundle. */
export function dslShim(key: string, module: Record<string, unknown>): string {
  const names = Object.keys(module).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== "default");
  const read = `globalThis[Symbol.for(${JSON.stringify(DSL_MODULES_KEY)})].get(${JSON.stringify(key)})`;
  return [
    `const m = ${read};`,
    ...(names.length > 0 ? [`export const { ${names.join(", ")} } = m;`] : []),
    ...("default" in module ? ["export default m.default;"] : []),
    "",
  ].join("\n");
}
