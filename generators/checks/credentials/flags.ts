/**
 * Credentials passed as the argument after a flag: `--password x`, `--api-key x`, and the short
 * flags of clients where they mean "password" (`mysql -p x` / `-px`, `sshpass -p x`,
 * `redis-cli -a x`, `sqlcmd -P x`). Works on argv (a pod's command + args) and on the words of
 * shell text (`sh -c "mysql -u app -p pw db"`). Linear: one pass over the words.
 */
import { isCredentialKey } from "./keys.ts";

/** A word of argv: its literal text, or null when it holds a run-time value. */
export type Word = string | null;

/** Short flags that take a password, by program (basename). */
const SHORT_PASSWORD_FLAGS: ReadonlyMap<string, string> = new Map(Object.entries({
  mysql: "-p", mysqldump: "-p", mysqladmin: "-p", mysqlimport: "-p", mysqlcheck: "-p", mysqlpump: "-p", mysqlshow: "-p", mysqlsh: "-p",
  mariadb: "-p", "mariadb-dump": "-p", "mariadb-admin": "-p", "mariadb-import": "-p", "mariadb-check": "-p",
  sshpass: "-p", mongo: "-p", mongosh: "-p", mongodump: "-p", mongorestore: "-p", mongoexport: "-p", mongoimport: "-p",
  "redis-cli": "-a", sqlcmd: "-P", bcp: "-P",
}));
/** Commands that run the next word as the program. */
const WRAPPERS = new Set(["sudo", "exec", "env", "nohup", "time", "command", "nice"]);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
/** Words that end one shell command and start the next. */
const SEPARATORS = new Set(["&&", "||", ";", "|", "&"]);

const basename = (word: string): string => word.slice(word.lastIndexOf("/") + 1);

/** A flag whose next word is a credential, with the index of that word. */
export interface FlagHit {
  readonly flag: string;
  readonly valueIndex: number;
}

/** Every credential flag of one argv that is followed by a value (literal or run-time); also `-ppassword`. */
export function credentialFlags(words: readonly Word[]): FlagHit[] {
  const hits: FlagHit[] = [];
  let program: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word === null || word === undefined) continue;
    if (SEPARATORS.has(word)) {
      program = undefined;
      continue;
    }
    if (program === undefined && !word.startsWith("-")) {
      if (!ASSIGNMENT.test(word) && !WRAPPERS.has(basename(word))) program = basename(word);
      continue;
    }
    if (!word.startsWith("-") || word.includes("=")) continue;
    const short = program === undefined ? undefined : SHORT_PASSWORD_FLAGS.get(program);
    if (short === "-p" && /^(mysql|mariadb)/.test(program!) && word.startsWith("-p") && word.length > 2) {
      hits.push({ flag: "-p", valueIndex: -1 }); // mysql's -pPASSWORD
      continue;
    }
    const isFlag = word === short || isCredentialKey(word.replace(/^-+/, ""));
    const next = words[i + 1];
    if (!isFlag || next === undefined) continue;
    if (next !== null && (next === "" || next.startsWith("-") || next.startsWith("$") || SEPARATORS.has(next))) continue;
    hits.push({ flag: word, valueIndex: i + 1 });
  }
  return hits;
}

/** argv words of shell text: split at blanks, one pair of surrounding quotes removed, `cmd;` split from `;`. */
export function shellWords(text: string, placeholder: string): Word[] {
  const words: Word[] = [];
  for (const raw of text.split(/[ \t\n\r]+/)) {
    if (!raw) continue;
    let word = raw;
    const trailingSemicolon = word.length > 1 && word.endsWith(";");
    if (trailingSemicolon) word = word.slice(0, -1);
    if (word.length >= 2 && (word[0] === '"' || word[0] === "'") && word.endsWith(word[0]!)) word = word.slice(1, -1);
    else if (word[0] === '"' || word[0] === "'") word = word.slice(1);
    else if (word.endsWith('"') || word.endsWith("'")) word = word.slice(0, -1);
    words.push(word.includes(placeholder) ? null : word);
    if (trailingSemicolon) words.push(";");
  }
  return words;
}
