// Accepts the current compiler output as the expected output of golden cases:
//   npm run golden:accept            -> every case
//   npm run golden:accept -- <name>  -> cases whose name is <name> (or contains it)
// Review the resulting `git diff test/golden` before committing.
import { listCases, produceCase, writeExpected } from "./golden-lib.ts";

async function main(): Promise<number> {
  const filter = process.argv[2];
  const names = listCases(filter);
  if (names.length === 0) {
    process.stderr.write(`no golden case matches '${filter}'\n`);
    return 1;
  }
  for (const name of names) {
    const { kind, tree, result } = await produceCase(name);
    if (kind === "files" && result.diagnostics.length > 0) {
      process.stderr.write(`${name}: compiles with warnings; golden cases that pass must be clean\n`);
      return 1;
    }
    writeExpected(name, tree);
    process.stdout.write(`accepted ${name}: ${kind === "files" ? `${tree.size} generated files` : `${result.diagnostics.length} diagnostics`}\n`);
  }
  return 0;
}

main().then((code) => process.exit(code), (err: unknown) => {
  process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(2);
});
