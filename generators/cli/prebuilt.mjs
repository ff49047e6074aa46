// The prebuilt compiler: generators/cli/main.ts bundled by esbuild into plain JavaScript under
// .cache/cli/ (ignored), so that `npm run compile` starts without a TypeScript loader. Plain
// JavaScript itself: it runs before anything could load TypeScript.
//
// Staleness: the bundle is rebuilt when missing or when the hash of its inputs changed (every
// file under generators/ and dsl/, package.json, package-lock.json, the checkout's path, the
// Node and esbuild versions). Inputs are hashed by content, so a checkout or a touch that
// changes no byte does not rebuild.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

/** Bump when the build below changes in a way the inputs do not show. */
const BUILD_VERSION = "1";

/** Files the bundle is built from (sorted, absolute). */
export function inputFiles(repo) {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      else if (entry.isFile()) out.push(abs);
    }
  };
  for (const dir of ["generators", "dsl"]) walk(path.join(repo, dir));
  for (const file of ["package.json", "package-lock.json"]) out.push(path.join(repo, file));
  return out.sort();
}

/** The hash of everything the bundle depends on. */
export function inputsHash(repo, esbuildVersion) {
  const hash = createHash("sha256");
  hash.update(`${BUILD_VERSION}\0${repo}\0${process.version}\0${esbuildVersion}\0`);
  for (const file of inputFiles(repo)) {
    let content;
    try {
      content = readFileSync(file);
    } catch {
      content = Buffer.from("\0missing\0");
    }
    hash.update(`${path.relative(repo, file)}\0${content.length}\0`).update(content);
  }
  return hash.digest("hex");
}

/** Where the bundle and the hash it was built from live. */
export function cliPaths(repo) {
  const dir = path.join(repo, ".cache", "cli");
  return { dir, bundle: path.join(dir, "main.mjs"), stamp: path.join(dir, "inputs.sha256") };
}

/** The staleness rule: a bundle is fresh when it exists and was built from inputs of this hash. */
export function isFresh(paths, hash) {
  try {
    readFileSync(paths.bundle, { flag: "r" }).length; // exists and readable
    return readFileSync(paths.stamp, "utf8").trim() === hash;
  } catch {
    return false;
  }
}

/** Source of the module that registers every DSL file with the loader (dsl-modules.ts). */
function dslRegistration(repo) {
  const dsl = path.join(repo, "dsl");
  const files = inputFiles(repo).filter((f) => f.startsWith(dsl + path.sep) && f.endsWith(".ts") && !f.endsWith(".d.ts"));
  const rel = (f) => path.relative(dsl, f).split(path.sep).join("/");
  return [
    `import { registerDslModules } from ${JSON.stringify(path.join(repo, "generators", "load", "dsl-modules.ts"))};`,
    ...files.map((f, i) => `import * as m${i} from ${JSON.stringify(f)};`),
    `registerDslModules({ ${files.map((f, i) => `${JSON.stringify(rel(f))}: m${i}`).join(", ")} });`,
    "",
  ].join("\n");
}

/** Builds the bundle (atomically: a concurrent run sees the old one or the new one, whole). */
export async function buildCli(repo, hash) {
  const { build } = await import("esbuild");
  const paths = cliPaths(repo);
  mkdirSync(paths.dir, { recursive: true });
  const entry = `import "lakehouse:dsl-modules";\nimport ${JSON.stringify(path.join(repo, "generators", "cli", "main.ts"))};\n`;
  const result = await build({
    stdin: { contents: entry, resolveDir: repo, loader: "js", sourcefile: "prebuilt-entry.js" },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    write: false,
    outfile: paths.bundle,
    logLevel: "silent",
    plugins: [
      {
        name: "prebuilt",
        setup(b) {
          b.onResolve({ filter: /^lakehouse:dsl-modules$/ }, () => ({ path: "dsl-modules", namespace: "lakehouse" }));
          b.onLoad({ filter: /.*/, namespace: "lakehouse" }, () => ({ contents: dslRegistration(repo), resolveDir: repo, loader: "js" }));
          // Each module keeps its own `import.meta.url` (templates, assets, tsconfig.json and
          // dsl/ are found next to the sources, not next to the bundle).
          b.onLoad({ filter: /\.ts$/ }, (args) => {
            if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
            const source = readFileSync(args.path, "utf8");
            return { contents: source.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href)), loader: "ts" };
          });
        },
      },
    ],
  });
  const tmp = `${paths.bundle}.${process.pid}.tmp`;
  writeFileSync(tmp, result.outputFiles[0].text);
  renameSync(tmp, paths.bundle);
  writeFileSync(`${paths.stamp}.${process.pid}.tmp`, `${hash}\n`);
  renameSync(`${paths.stamp}.${process.pid}.tmp`, paths.stamp);
  return paths.bundle;
}

/** The bundle, built first when missing or stale. */
export async function ensureCli(repo) {
  const esbuildVersion = JSON.parse(readFileSync(path.join(repo, "node_modules", "esbuild", "package.json"), "utf8")).version;
  const hash = inputsHash(repo, esbuildVersion);
  const paths = cliPaths(repo);
  if (isFresh(paths, hash)) return { bundle: paths.bundle, built: false };
  return { bundle: await buildCli(repo, hash), built: true };
}
