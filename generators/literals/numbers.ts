/**
 * Number formatting for generated files. Numbers come from validated DSL values, so a value that
 * is not a finite number of the right kind here is a compiler bug: these functions throw (exit 2)
 * instead of writing text where Python, YAML, Jinja or JSON expects a number.
 */

/** A compiler bug found while writing a number (validation should have refused the value). */
export class NumberFormatError extends Error {
  constructor(what: string, value: unknown) {
    super(`internal error: ${what} is ${describe(value)}, not a valid number (validation should have refused it)`);
    this.name = "NumberFormatError";
  }
}

function describe(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  return `a value of type ${value === null ? "null" : typeof value}`;
}

/** `value` itself when it is a whole number within JavaScript's safe range, from `min` to `max`. */
export function checkedInt(value: unknown, what: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) throw new NumberFormatError(what, value);
  return value;
}

/** `value` itself when it is a finite number. */
export function checkedNumber(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new NumberFormatError(what, value);
  return value;
}

/** A whole number as decimal digits: the same text in Python, YAML, Jinja and JSON. */
export const intLiteral = (value: unknown, what: string, min = 0): string => String(checkedInt(value, what, min));

/** A finite number as Python/YAML/JSON source (`String` never gives an exponent without digits). */
export const numberLiteral = (value: unknown, what: string): string => String(checkedNumber(value, what));
