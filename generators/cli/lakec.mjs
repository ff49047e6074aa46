#!/usr/bin/env node
// `npm run compile` / `npm run plan`: runs the prebuilt compiler (prebuilt.mjs), building it
// first when missing or stale. Same arguments as `tsx generators/cli/main.ts`.
import { fileURLToPath, pathToFileURL } from "node:url";
import { ensureCli } from "./prebuilt.mjs";

const repo = fileURLToPath(new URL("../..", import.meta.url)).replace(/[\\/]$/, "");
const { bundle } = await ensureCli(repo);
// The compiler's own file: origin capture skips its frames (the DSL is inside it), and the
// loader knows no TypeScript loader is installed.
globalThis[Symbol.for("lakehouse-compiler.prebuilt")] = bundle;
await import(pathToFileURL(bundle).href);
