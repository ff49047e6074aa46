// The introspect command line before it connects: arguments and URLs. Every mistake is one line
// on stderr, exit 2, nothing on stdout, and no part of a password (a sentinel) is repeated.
import { describe, expect, it } from "vitest";
import { main } from "../../../generators/introspect/main.ts";

const SENTINEL = "Sentinel-Pw-7f3a9c";

async function run(argv: string[]) {
  let out = "";
  let err = "";
  const code = await main(argv, { write: (s: string) => ((out += s), true) } as never, { write: (s: string) => ((err += s), true) } as never);
  return { code, out, err };
}

describe("introspect: arguments", () => {
  it.each<[string, string[], string]>([
    ["no --url", ["--schema", "source"], "--url is required (see --help)"],
    ["no --schema", ["--url", "postgres://u@h/db"], "--schema is required (see --help)"],
    ["an option without its value", ["--url"], "--url needs a value"],
    ["an unknown option", ["--url", "postgres://u@h/db", "--schema", "s", "--pasword", SENTINEL], 'unknown option "--pasword" (see --help)'],
    ["a stray URL", ["--schema", "s", `postgres://u:${SENTINEL}@h/db`], "unexpected argument #3 (not an option; values follow their option) (see --help)"],
    ["an empty --tables", ["--url", "postgres://u@h/db", "--schema", "s", "--tables", ","], "--tables names no table (see --help)"],
    ["not a URL", ["--url", `${SENTINEL} @h/db`, "--schema", "s"], "--url is not a URL; expected postgres://user:password@host:port/database"],
    ["a password where the scheme goes", ["--url", `${SENTINEL}:x@h/db`, "--schema", "s"], "--url must start with postgres:// or postgresql://"],
    ["another scheme", ["--url", `mysql://u:${SENTINEL}@h/db`, "--schema", "s"], "--url must start with postgres:// or postgresql://"],
    ["no database", ["--url", `postgresql://u:${SENTINEL}@h:5432/`, "--schema", "s"], "--url names no database; expected postgres://user:password@host:port/database"],
  ])("%s", async (_name, argv, message) => {
    const r = await run(argv);
    expect(r).toEqual({ code: 2, out: "", err: `introspect: error: ${message}\n` });
    expect(r.err).not.toContain(SENTINEL);
  });

  it("--help prints the usage, exit 0", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^usage: npm run introspect -- --url postgres:\/\/user:password@host:port\/database --schema NAME\n/);
  });
});
