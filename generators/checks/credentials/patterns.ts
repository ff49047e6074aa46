/**
 * Credentials recognisable by the shape of a value, wherever it sits. Each scanner is linear in
 * the length of its input: plain index loops, and the one regex has no nested or overlapping
 * quantifiers. Run-time parts of a text are replaced by {@link PLACEHOLDER}, so `password=${variable}`
 * is not a literal. Scanners return a short label of what they found (never the credential) and the matched
 * text (to tell findings apart, never shown).
 */
import { isCredentialKey } from "./keys.ts";

/** Stands for a run-time value (Variable, run date, ...) inside scanned text. */
export const PLACEHOLDER = "\u0000";

/** First characters of a value that refers to a credential elsewhere: `$PGPASSWORD`, `${X}`, `{{ ... }}`, `<password>`, `***`. */
const isReference = (ch: string | undefined): boolean => ch === undefined || ch === PLACEHOLDER || ch === "$" || ch === "{" || ch === "<" || ch === "*" || ch === "%";

const SCHEME_CHAR = /[A-Za-z0-9+.-]/;
/** Characters that end a URL's authority (also the quotes of a URL inside JSON or shell text). */
const AUTHORITY_END = new Set(["/", "?", "#", '"', "'", "`", "<", ">", "\\", " ", "\t", "\n", "\r", "\f", "\v"]);

/** What a scanner found: a label for the message, and the matched text. */
export interface Finding {
  readonly label: string;
  readonly match: string;
}

/** `scheme://user:password@host` with a literal password. */
export function urlWithPassword(text: string): Finding | undefined {
  let from = 0;
  for (;;) {
    const at = text.indexOf("://", from);
    if (at < 0) return undefined;
    let end = at + 3;
    // One pass over the authority; the next search starts after it, so no character is read twice.
    let lastAt = -1;
    let colon = -1;
    while (end < text.length && !AUTHORITY_END.has(text[end]!)) {
      if (text[end] === "@") lastAt = end;
      else if (text[end] === ":" && colon < 0) colon = end;
      end++;
    }
    if (at > 0 && SCHEME_CHAR.test(text[at - 1]!) && colon >= 0 && colon < lastAt - 1 && !isReference(text[colon + 1])) return { label: "a URL with user:password@", match: text.slice(at, lastAt) };
    from = Math.max(end, at + 3);
  }
}

const isKeyChar = (ch: string): boolean => (ch >= "a" && ch <= "z") || (ch >= "A" && ch <= "Z") || (ch >= "0" && ch <= "9") || ch === "_" || ch === "." || ch === "-";
/** Characters after `=` that mean no value follows. */
const NO_VALUE = new Set(["=", "&", ";", ",", ")", "]", " ", "\t", "\n", "\r"]);

/** `password=x`, `?token=x`, `--db_password=x`, `PGPASSWORD=x psql` with a literal value; the label is `NAME=`. */
export function inlineAssignment(text: string): Finding | undefined {
  let from = 0;
  for (;;) {
    const eq = text.indexOf("=", from);
    if (eq < 0) return undefined;
    from = eq + 1;
    // Walk back over the name; it stops at the previous `=` at the latest, so the walks never overlap.
    let start = eq;
    while (start > 0 && isKeyChar(text[start - 1]!)) start--;
    if (start === eq) continue;
    const name = text.slice(start, eq).replace(/^-+/, "");
    if (!name || !isCredentialKey(name)) continue;
    let value = text[eq + 1];
    if (value === undefined || NO_VALUE.has(value)) continue;
    if (value === '"' || value === "'") {
      const quote = value;
      value = text[eq + 2];
      if (value === quote) continue;
    }
    if (isReference(value)) continue;
    let end = eq + 1;
    while (end < text.length && !NO_VALUE.has(text[end]!)) end++;
    return { label: `${name.length > 60 ? `${name.slice(0, 60)}…` : name}=`, match: text.slice(start, end) };
  }
}

/** `Bearer <token>` / `Basic <base64>`; linear: a failing attempt stops inside the fixed word or one run of blanks. */
const AUTHORIZATION = /(?<![A-Za-z0-9])(bearer|basic)[ \t]+([A-Za-z0-9._~+/-]+=*)/gi;
const HAS_TOKEN_SYMBOL = /[0-9._~+/=-]/;

/** An Authorization value (`Bearer …` or `Basic …`) with a literal token. */
export function authorizationValue(text: string): Finding | undefined {
  for (const m of text.matchAll(AUTHORIZATION)) {
    const scheme = m[1]!.toLowerCase();
    const token = m[2]!;
    if (scheme === "bearer" && token.length >= 8 && HAS_TOKEN_SYMBOL.test(token)) return { label: "a 'Bearer' token", match: token };
    // Basic credentials are base64 of `user:password`; prose like "basic settings" does not decode to that.
    if (scheme === "basic" && token.length >= 8 && /^[A-Za-z0-9+/]+=*$/.test(token) && Buffer.from(token, "base64").toString("latin1").includes(":")) return { label: "a 'Basic' user:password", match: token };
  }
  return undefined;
}
