/**
 * Which keys (env names, header names, sparkConf keys, JSON fields, flag names) announce a
 * credential. A key is split into words (`AWS_SECRET_ACCESS_KEY` → aws secret access key,
 * `passwordEnv` → password env, `spark.hadoop.fs.s3a.secret.key` → … secret key) and judged by
 * its last word, so `PASSWORD_FILE`, `TOKEN_URL` or `passwordEnv` (names of where a credential
 * lives) stay allowed. Every function here is a single pass over the key.
 */

/** Lowercase words of a key: split at non-alphanumerics and at camelCase boundaries. */
export function keyWords(key: string): string[] {
  const words: string[] = [];
  let current = "";
  for (let i = 0; i < key.length; i++) {
    const ch = key[i]!;
    const isUpper = ch >= "A" && ch <= "Z";
    const isAlnum = isUpper || (ch >= "a" && ch <= "z") || (ch >= "0" && ch <= "9");
    if (!isAlnum) {
      if (current) words.push(current);
      current = "";
      continue;
    }
    if (isUpper && current) {
      const prev = key[i - 1]!;
      const next = key[i + 1];
      const prevLower = (prev >= "a" && prev <= "z") || (prev >= "0" && prev <= "9");
      const nextLower = next !== undefined && next >= "a" && next <= "z";
      // "passwordEnv" → password|Env, "XApiKey" → X|Api|Key, "AWS" stays one word.
      if (prevLower || (nextLower && prev >= "A" && prev <= "Z")) {
        words.push(current);
        current = "";
      }
    }
    current += ch.toLowerCase();
  }
  if (current) words.push(current);
  return words;
}

/** Words that are a credential when they end a key (also as the end of a longer word: PGPASSWORD). */
const CREDENTIAL_SUFFIXES = ["password", "passwd", "passphrase", "secret", "token", "credential", "credentials", "apikey", "privatekey", "secretkey", "accesskey", "cookie", "pass"];
/** Words that are a credential only on their own. */
const CREDENTIAL_WORDS = new Set(["pwd", "pw", "key", "pat", "auth", "oauth", "authorization"]);
/** Longer words that merely end like a credential word. */
const NOT_CREDENTIALS = new Set(["bypass", "compass", "overpass", "underpass", "surpass"]);
/** `<word> key` that names data, not a secret: `uniqueKey`, `PARTITION_KEY`, `PUBLIC_KEY`. */
const DATA_KEY_QUALIFIERS = new Set([
  "unique", "primary", "foreign", "partition", "sort", "sorting", "cluster", "clustering", "distribution", "dist", "join",
  "group", "grouping", "dedupe", "dedup", "merge", "surrogate", "natural", "business", "cache", "lookup", "order", "idempotency",
  "routing", "row", "column", "table", "map", "shard", "shuffle", "index", "composite", "candidate", "logical", "event", "record",
  "message", "object", "s3", "bucket", "prefix", "public", "dict", "hash", "watermark", "state",
]);
/** Last words that hold the credential named by the word before: `AUTH_HEADER`, `TOKEN_VALUE`. */
const HOLDERS = new Set(["header", "value", "string", "str", "b64", "base64", "hex", "raw", "plain", "text", "data"]);

const isCredentialWord = (word: string): boolean =>
  CREDENTIAL_WORDS.has(word) || (!NOT_CREDENTIALS.has(word) && CREDENTIAL_SUFFIXES.some((s) => word.endsWith(s)));

function endsWithCredential(words: readonly string[], end: number): boolean {
  const last = words[end];
  if (last === undefined || !isCredentialWord(last)) return false;
  return !(last === "key" && end > 0 && DATA_KEY_QUALIFIERS.has(words[end - 1]!));
}

/** True when a value stored under `key` is a credential, e.g. `PGPASSWORD`, `X-Api-Key`, `spark.hadoop.fs.s3a.secret.key`. */
export function isCredentialKey(key: string): boolean {
  const words = keyWords(key);
  const end = words.length - 1;
  if (end < 0) return false;
  if (endsWithCredential(words, end)) return true;
  return HOLDERS.has(words[end]!) && endsWithCredential(words, end - 1);
}
