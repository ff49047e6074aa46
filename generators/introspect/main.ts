// npm run introspect -- --url postgres://user:password@host:port/db --schema source
//   [--tables a,b] [--file pipelines/sources/<db>.ts] [--name <source name>] [--check] [--root DIR]
// Exit codes: 0 written (or, with --check, no drift); 1 drift found by --check; 2 nothing done
// (bad arguments or URL, connection refused, authentication, missing schema or tables, missing
// permission, a declaration file it cannot read): one line on stderr, no file touched.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { findSource, parseFile } from "./declarations.ts";
import { driftOf } from "./drift.ts";
import { IntrospectError, parseUrl, readSchema, redact } from "./read.ts";
import { writeSource } from "./write.ts";

export const USAGE = `usage: npm run introspect -- --url postgres://user:password@host:port/database --schema NAME
         [--tables a,b] [--file pipelines/sources/<database>.ts] [--name SOURCE] [--check] [--root DIR]`;

interface Options {
  url: string;
  schema: string;
  tables?: string[];
  file?: string;
  name?: string;
  check: boolean;
  root: string;
}

function parseArgs(argv: readonly string[]): Options | { error: string } | "help" {
  const o: Partial<Options> & { check: boolean } = { check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith("--"))) throw new IntrospectError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--help": case "-h": return "help";
      case "--check": o.check = true; break;
      case "--url": o.url = value(); break;
      case "--schema": o.schema = value(); break;
      case "--tables": o.tables = value().split(",").map((t) => t.trim()).filter(Boolean); break;
      case "--file": o.file = value(); break;
      case "--name": o.name = value(); break;
      case "--root": o.root = value(); break;
      // Never echo an unknown argument whole: it could be a URL with its password.
      default: return { error: flag.startsWith("-") && !flag.includes(":") ? `unknown option ${JSON.stringify(flag)}` : `unexpected argument #${i + 1} (not an option; values follow their option)` };
    }
  }
  if (!o.url) return { error: "--url is required" };
  if (!o.schema) return { error: "--schema is required" };
  if (o.tables && !o.tables.length) return { error: "--tables names no table" };
  return { ...o, url: o.url, schema: o.schema, root: path.resolve(o.root ?? process.cwd()) } as Options;
}

/** `ampere_db` -> a safe source name (letters, digits, `_`). */
const safeName = (s: string) => s.replace(/[^A-Za-z0-9_]+/g, "_").replace(/^(?=\d)/, "_").slice(0, 63) || "source";

/** Writes `text` to `file` through a temporary sibling and a rename (never half a file). */
function writeAtomic(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.introspect-${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
}

export async function main(argv: readonly string[], out = process.stdout, err = process.stderr): Promise<number> {
  let password: string | undefined = process.env.PGPASSWORD || undefined;
  const fail = (message: string) => {
    err.write(`introspect: error: ${redact(redact(message, password), process.env.PGPASSWORD).replace(/[\r\n]+/g, " ")}\n`);
    return 2;
  };
  try {
    const options = parseArgs(argv);
    if (options === "help") {
      out.write(`${USAGE}\n`);
      return 0;
    }
    if ("error" in options) return fail(`${options.error} (see --help)`);
    const target = parseUrl(options.url);
    password = target.password ?? password;
    const name = options.name ?? safeName(target.database);
    const rel = options.file ?? `pipelines/sources/${name.replace(/_/g, "-")}.ts`;
    const file = path.resolve(options.root, rel);
    const label = path.relative(process.cwd(), file) || file;
    const existing = existsSync(file) ? readFileSync(file, "utf8") : undefined;
    if (existing === undefined && options.check) return fail(`${label} does not exist: nothing to check (run without --check to write it)`);
    if (existing !== undefined) {
      const found = findSource(parseFile(file, existing), options.schema, options.name);
      if (typeof found === "string") return fail(`${label} ${found}`);
    }

    const schema = await readSchema(target, options.schema, options.tables);

    if (options.check) {
      const declared = findSource(parseFile(file, existing!), options.schema, options.name);
      if (typeof declared === "string") return fail(`${label} ${declared}`);
      const drift = driftOf(schema, declared, options.tables);
      for (const d of drift) out.write(`${d.message}\n`);
      if (drift.length) {
        err.write(`introspect: ${drift.length} difference${drift.length === 1 ? "" : "s"} between schema ${JSON.stringify(options.schema)} of ${target.display} and ${label}; run without --check to update it\n`);
        return 1;
      }
      err.write(`introspect: ${label} matches schema ${JSON.stringify(options.schema)} of ${target.display} (${schema.tables.length} table${schema.tables.length === 1 ? "" : "s"})\n`);
      return 0;
    }

    let dsl = path.relative(path.dirname(file), path.join(options.root, "dsl", "index.ts")).split(path.sep).join("/");
    if (!dsl.startsWith(".")) dsl = `./${dsl}`;
    const result = writeSource({ schema, existing, fileLabel: label, name, dslImport: dsl, host: target.host, port: target.port, ...(options.tables ? { only: options.tables } : {}) });
    if ("error" in result) return fail(result.error);
    for (const note of result.notes) err.write(`introspect: warning: ${note}\n`);
    if (existing !== undefined) {
      const before = findSource(parseFile(file, existing), options.schema, options.name);
      const changes = typeof before === "string" ? [] : driftOf(schema, before, options.tables).filter((d) => d.kind !== "table removed");
      for (const c of changes) out.write(`${c.message}\n`);
    }
    if (result.text === existing) {
      out.write(`${label} is up to date (${schema.tables.length} table${schema.tables.length === 1 ? "" : "s"} of schema ${options.schema})\n`);
      return 0;
    }
    writeAtomic(file, result.text);
    out.write(`${existing === undefined ? "wrote" : "updated"} ${label} (${schema.tables.length} table${schema.tables.length === 1 ? "" : "s"} of schema ${options.schema})\n`);
    return 0;
  } catch (e) {
    if (e instanceof IntrospectError) return fail(e.message);
    return fail(`internal error: ${e instanceof Error ? e.message : String(e)}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
