/**
 * The type fixtures of test/types/ are checked by `tsc -p tsconfig.json` (part of `npm test`):
 * an unused `@ts-expect-error` fails it. This makes sure each directive expects the right error:
 * with the directives taken out, every line after one has a type error naming the column its
 * comment quotes first (`// @ts-expect-error 'contry': a typo`), and no other line of the fixtures has any.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "../lower/helpers.ts";

const DIR = path.join(ROOT, "test", "types");
const DIRECTIVE = "// @ts-expect-error";
const FIXTURES = readdirSync(DIR).filter((f) => f.endsWith(".ts")).sort().map((f) => path.join(DIR, f));

/** Line (1-based) after each directive → the column name its comment quotes first. */
function expectations(text: string): Map<number, string> {
  const out = new Map<number, string>();
  text.split("\n").forEach((line, i) => {
    if (!line.trimStart().startsWith(DIRECTIVE)) return;
    const name = /'([^']+)'/.exec(line)?.[1];
    if (!name) throw new Error(`line ${i + 1}: the directive's comment quotes no column name`);
    out.set(i + 2, name);
  });
  return out;
}

/** Type errors of the fixtures with their directives taken out, as `file:line` → messages. */
function errorsWithoutDirectives(): Map<string, string[]> {
  const config = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, ...rest) => {
    if (!FIXTURES.includes(path.resolve(file))) return getSourceFile(file, language, ...rest);
    return ts.createSourceFile(file, readFileSync(file, "utf8").replaceAll(DIRECTIVE, "// (expected)"), language);
  };
  const program = ts.createProgram(FIXTURES, { ...options, noEmit: true }, host);
  const out = new Map<string, string[]>();
  for (const file of FIXTURES) {
    const source = program.getSourceFile(file)!;
    for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
      const at = `${path.basename(file)}:${source.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`;
      out.set(at, [...(out.get(at) ?? []), ts.flattenDiagnosticMessageText(d.messageText, "\n")]);
    }
  }
  return out;
}

describe("type fixtures (test/types)", () => {
  it("expect one typo per directive, each a type error naming that column", { timeout: 120_000 }, () => {
    const expected = new Map<string, string>();
    for (const file of FIXTURES) for (const [line, name] of expectations(readFileSync(file, "utf8"))) expected.set(`${path.basename(file)}:${line}`, name);
    expect(expected.size).toBeGreaterThanOrEqual(18); // the cases of test/types today: none may vanish unnoticed
    const errors = errorsWithoutDirectives();
    expect([...errors.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [at, name] of expected) expect(errors.get(at)!.join("\n"), at).toContain(name);
  });
});
