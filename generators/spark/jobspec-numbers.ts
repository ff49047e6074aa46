import type { Json } from "../ir/types.ts";
import { checkedInt } from "../literals/numbers.ts";

type Obj = { readonly [key: string]: Json };
const obj = (v: Json | undefined): Obj | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined);

/**
 * Defence in depth for the job spec (also inlined into the SparkApplication's arguments): every
 * number the jobs read is a whole number in range. Validation guarantees it; a miss is a compiler
 * bug and throws (exit 2) instead of writing a spec the jobs would misread.
 */
export function assertJobSpecNumbers(spec: Obj): void {
  checkedInt(spec.version, "job spec version", 1);
  const jdbc = obj(obj(spec.source)?.jdbc);
  if (jdbc) {
    checkedInt(jdbc.port, "source port", 1, 65535);
    checkedInt(jdbc.fetchSize, "source fetch size", 1);
  }
  for (const t of Array.isArray(spec.tables) ? spec.tables : []) {
    const behaviour = obj(obj(t)?.behaviour);
    if (behaviour && "lookbackDays" in behaviour) checkedInt(behaviour.lookbackDays, `lookbackDays of table '${String(obj(t)?.name)}'`);
  }
}
