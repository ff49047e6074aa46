import { error, type Diagnostic } from "../diagnostics/diagnostic.ts";
import type { DiagnosticCode } from "../diagnostics/catalog.ts";
import type { IrGraph, IrText } from "../ir/types.ts";
import { credentialFlags, shellWords, type Word } from "./credentials/flags.ts";
import { isCredentialKey } from "./credentials/keys.ts";
import { authorizationValue, inlineAssignment, PLACEHOLDER, urlWithPassword } from "./credentials/patterns.ts";
import { walkGraph, type ArgvSite, type Owner, type TextSite } from "./credentials/walk.ts";

const literalOnly = (text: IrText): string | undefined =>
  text.every((p) => p.kind === "literal") ? text.map((p) => (p as { value: string }).value).join("") : undefined;
/** The text as scanned: literal parts verbatim, each run-time part as one placeholder character. */
const scanned = (text: IrText): string => text.map((p) => (p.kind === "literal" ? p.value : PLACEHOLDER)).join("");
/** Variables whose fallback (written into the DAG file) is not empty. */
const fallbacks = (text: IrText): { name: string; value: string }[] =>
  text.flatMap((p) => (p.kind === "variable" && p.default !== "" ? [{ name: p.name, value: p.default }] : []));

/**
 * Refuses credentials written as text anywhere in the IR (so anywhere in `generated/`): a literal
 * under a credential-like key (SC001), a URL with a password (SC002), `password=...` inline
 * (SC003), a literal after a credential flag (SC004), an Authorization value (SC005), and a
 * Variable fallback where a credential belongs (SC006). Values from a secret handle, a Variable
 * without fallback or a run-time value are fine. Each finding is reported once (the same
 * project setting reaches many SparkApplications).
 */
export function checkLiteralCredentials(graph: IrGraph): Diagnostic[] {
  // One finding per identity (the same project setting reaches many SparkApplications, a job
  // spec also travels inline in argv); the shortest text holding it is the most telling place.
  const found = new Map<string, { diagnostic: Diagnostic; length: number }>();
  const refuse = (code: DiagnosticCode, owner: Owner, message: string, identity: string, length: number) => {
    const id = `${code}\u0000${identity}`;
    const known = found.get(id);
    if (!known || length < known.length) found.set(id, { diagnostic: error(code, `${owner.label}: ${message}`, owner.where), length });
  };
  const where = (path: string) => path || "the value";

  /** Value patterns over one literal string; `what` names where it sits. */
  const scanValue = (owner: Owner, what: string, value: string) => {
    const url = urlWithPassword(value);
    if (url) refuse("SC002", owner, `${what} holds ${url.label}`, url.match, value.length);
    const inline = inlineAssignment(value);
    if (inline) refuse("SC003", owner, `${what} sets '${inline.label}' to literal text`, inline.match, value.length);
    const auth = authorizationValue(value);
    if (auth) refuse("SC005", owner, `${what} holds ${auth.label} as literal text`, auth.match, value.length);
    if (/[ \t\n]/.test(value)) {
      const words = shellWords(value, PLACEHOLDER);
      const hit = credentialFlags(words).find((h) => h.valueIndex < 0 || words[h.valueIndex] !== null);
      if (hit) refuse("SC004", owner, `${what} passes literal text after the credential flag '${hit.flag}'`, `${hit.flag}\u0000${hit.valueIndex < 0 ? "" : words[hit.valueIndex]}`, value.length);
    }
  };

  const text = (site: TextSite) => {
    const { owner, path, key, text } = site;
    const literal = literalOnly(text);
    if (site.keyIsSetting && key !== undefined && isCredentialKey(key)) {
      if (literal !== undefined && literal !== "") return refuse("SC001", owner, `${where(path)} is a credential written as literal text`, `${key}\u0000${literal}`, literal.length);
      const [variable] = fallbacks(text);
      if (variable) return refuse("SC006", owner, `${where(path)} reads Variable '${variable.name}', whose fallback is written into the DAG file`, `${key}\u0000${variable.value}`, variable.value.length);
    }
    scanValue(owner, where(path), scanned(text));
    for (const v of fallbacks(text)) scanValue(owner, `the fallback of Variable '${v.name}' in ${where(path)}`, v.value);
  };

  const argv = (site: ArgvSite) => {
    const words: Word[] = site.argv.map((t) => literalOnly(t) ?? null);
    for (const hit of credentialFlags(words)) {
      const value = hit.valueIndex < 0 ? [] : site.argv[hit.valueIndex]!;
      const literal = words[hit.valueIndex];
      if (hit.valueIndex < 0 || (literal !== null && literal !== undefined)) {
        return refuse("SC004", site.owner, `${where(site.path)} passes literal text after the credential flag '${hit.flag}'`, `${hit.flag}\u0000${literal ?? ""}`, 0);
      }
      const [variable] = fallbacks(value);
      if (variable) return refuse("SC006", site.owner, `${where(site.path)} reads Variable '${variable.name}' after '${hit.flag}', whose fallback is written into the DAG file`, `${hit.flag}\u0000${variable.value}`, 0);
    }
  };

  walkGraph(graph, { text, argv });
  return [...found.values()].map((f) => f.diagnostic);
}
