import { KIND } from "./origin.ts";

/**
 * A frozen deep copy of what an author passed to a builder, taken before validation: every
 * property (getter, Proxy trap) is read exactly once, so what zod checks is what the compiler
 * later writes. DSL objects (tagged with KIND: images, secrets, tasks, pipelines, tables, ...)
 * and functions keep their identity: the compiler resolves handles by identity, and each builder
 * freezes what it returns.
 */
export function snapshot<T>(value: T): T {
  return copy(value, new Map()) as T;
}

/** Like {@link snapshot}, but copies the top level even when it is a DSL object (a handle rebuilt by a builder). */
export function snapshotFields<T extends object>(value: T): T {
  const seen = new Map<object, unknown>();
  return freezeCopy(value as object, seen) as T;
}

function copy(value: unknown, seen: Map<object, unknown>): unknown {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return value;
  if (typeof value === "function") return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (kindOf(value) !== undefined) return value;
  // Dates, Maps, class instances: not plain data. Kept as they are, so validation can name and
  // refuse them (a copy would turn a Date into an empty object).
  if (!Array.isArray(value) && !isPlainObject(value)) return value;
  return freezeCopy(value, seen);
}

function freezeCopy(value: object, seen: Map<object, unknown>): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    const length = value.length;
    for (let i = 0; i < length; i++) out.push(copy(value[i], seen));
    return Object.freeze(out);
  }
  const out: Record<string | symbol, unknown> = {};
  seen.set(value, out);
  for (const key of Object.keys(value)) out[key] = copy((value as Record<string, unknown>)[key], seen);
  // The KIND tag of a rebuilt handle (snapshotFields) is kept; other symbols are not data.
  const kind = kindOf(value);
  if (kind !== undefined) out[KIND] = kind;
  return Object.freeze(out);
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The KIND tag, read from the property descriptor so that no getter or Proxy `get` trap runs for it. */
function kindOf(value: object): unknown {
  const descriptor = Reflect.getOwnPropertyDescriptor(value, KIND);
  return descriptor && "value" in descriptor ? descriptor.value : undefined;
}

/** Freezes a builder's result (its nested data is frozen by {@link snapshot} already). */
export const frozen = <T extends object>(value: T): T => Object.freeze(value);
