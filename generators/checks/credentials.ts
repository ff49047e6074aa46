import { error, type Diagnostic } from "../diagnostics/diagnostic.ts";
import type { IrGraph, IrText, SourceRef } from "../ir/types.ts";

/** Names that announce a credential (env vars, headers, CLI flags), e.g. `PGPASSWORD`, `AWS_SECRET_ACCESS_KEY`. */
const CREDENTIAL_NAME = /(pass(word|wd)?|secret|secret[-_]?(access[-_]?)?key|token|api[-_]?key|private[-_]?key|credentials?|auth(orization)?)$/i;
/** `scheme://user:password@host` in a URL. */
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i;
/** `--password=xyz`, `--db_password=xyz`, `password=xyz` or `?token=xyz` inside an argument or URL. */
const INLINE_FLAG = /(?:^|[^a-z0-9])(pass(word|wd)?|secret|secret[-_]?(access[-_]?)?key|token|api[-_]?key)=\S/i;
/** A flag whose next argument is a credential: `--password`, `--db_password`, `--secret-key`. */
const CREDENTIAL_FLAG = /^--?[a-z0-9_-]*(pass(word|wd)?|secret|secret[-_]?(access[-_]?)?key|token|api[-_]?key)$/i;

const literal = (text: IrText): string => text.filter((p) => p.kind === "literal").map((p) => (p as { value: string }).value).join("");
/** Variables whose fallback (written into the DAG file) is not empty. */
const variablesWithFallback = (text: IrText): string[] => text.flatMap((p) => (p.kind === "variable" && p.default !== "" ? [p.name] : []));

/**
 * Refuses credentials written as text: env vars and headers named like a credential with a
 * literal value, URLs with a password, `--password=...` arguments, and a literal after a
 * `--password` flag. Values from a Variable or a secret handle are fine.
 */
export function checkLiteralCredentials(graph: IrGraph): Diagnostic[] {
  const out: Diagnostic[] = [];
  const refuse = (what: string, where: SourceRef | undefined) => out.push(error("SC001", `${what} is written as literal text`, where));
  const scanText = (text: IrText, what: string, where: SourceRef | undefined) => {
    const value = literal(text);
    if (URL_WITH_PASSWORD.test(value)) refuse(`a password in a URL in ${what}`, where);
    else if (INLINE_FLAG.test(value)) refuse(`a credential in ${what}`, where);
  };
  for (const p of graph.pipelines) {
    for (const t of p.tasks) {
      if (t.kind === "pod") {
        for (const e of t.env) {
          const isLiteral = e.value.every((part) => part.kind === "literal") && literal(e.value) !== "";
          const fallbacks = CREDENTIAL_NAME.test(e.name) ? variablesWithFallback(e.value) : [];
          if (CREDENTIAL_NAME.test(e.name) && isLiteral) refuse(`env '${e.name}' of task '${t.id}'`, t.origin);
          else if (fallbacks.length) refuse(`the fallback of Variable '${fallbacks[0]}' in env '${e.name}' of task '${t.id}'`, t.origin);
          else scanText(e.value, `env '${e.name}' of task '${t.id}'`, t.origin);
        }
        const argv = [...t.command, ...t.args];
        argv.forEach((arg, i) => {
          scanText(arg, `an argument of task '${t.id}'`, t.origin);
          const flag = literal(arg);
          const next = argv[i + 1];
          if (CREDENTIAL_FLAG.test(flag) && next && next.every((part) => part.kind === "literal")) {
            refuse(`the value of '${flag}' in task '${t.id}'`, t.origin);
          }
        });
      }
      if (t.kind === "http" || t.kind === "httpPoll") {
        for (const [name, value] of Object.entries(t.headers)) if (CREDENTIAL_NAME.test(name) && value) refuse(`header '${name}' of task '${t.id}'`, t.origin);
        scanText(t.endpoint, `the endpoint of task '${t.id}'`, t.origin);
      }
    }
  }
  return out;
}
