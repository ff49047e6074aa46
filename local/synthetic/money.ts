// Exact decimals as integers of the smallest unit, written as the text PostgreSQL stores for a
// numeric(p, s) column: no floating point in any amount, so totals add up exactly.

/**
 * `value` units of 10^-scale as decimal text.
 * @example fixed(12345, 2) // "123.45"; fixed(-5, 4) // "-0.0005"
 */
export function fixed(value: number, scale: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`fixed(): ${value} is not a safe integer`);
  const sign = value < 0 ? "-" : "";
  const digits = String(Math.abs(value)).padStart(scale + 1, "0");
  return scale === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/**
 * Decimal text as an integer of 10^-scale units (the inverse of fixed()).
 * @example units("123.4", 2) // 12340
 */
export function units(text: string, scale: number): number {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new Error(`units(): '${text}' is not a decimal`);
  const frac = (m[3] ?? "").padEnd(scale, "0");
  if (frac.length > scale && /[^0]/.test(frac.slice(scale))) throw new Error(`units(): '${text}' has more than ${scale} decimals`);
  const v = Number(m[2]) * 10 ** scale + Number(frac.slice(0, scale) || "0");
  return m[1] ? -v : v;
}
