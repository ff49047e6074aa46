// Calendar dates as 'YYYY-MM-DD' text and timestamps as 'YYYY-MM-DD HH:MM:SS' text: exactly what
// PostgreSQL stores and gives back, with no time zone anywhere (UTC arithmetic only).
import { UserError } from "./errors.ts";

const DAY_MS = 86_400_000;
const EPOCH = Date.UTC(2000, 0, 1);
/** Ids are derived from the day number (ids.ts), which bounds the dates we accept. */
export const FIRST_DATE = "2000-01-01";
export const LAST_DATE = "2057-12-31";

/** Days since 2000-01-01. */
export function dayNumber(date: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return Math.round((Date.UTC(y, m - 1, d) - EPOCH) / DAY_MS);
}

/** The date with this day number (the inverse of dayNumber()). */
export function dateOfDay(day: number): string {
  return new Date(EPOCH + day * DAY_MS).toISOString().slice(0, 10);
}

/** The date `days` after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The timestamp `seconds` after midnight of `date` (may run into the following days). */
export function timestampAt(date: string, seconds: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const iso = new Date(Date.UTC(y, m - 1, d) + seconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/**
 * Checks a user-given date: YYYY-MM-DD, a real calendar day, within FIRST_DATE..LAST_DATE.
 * @throws UserError naming `what`, e.g. "--run-date '2025-02-30' is not a calendar date (YYYY-MM-DD)"
 */
export function parseDate(value: string | undefined, what: string): string {
  if (value === undefined || value === "") throw new UserError(`${what} is missing (a date, YYYY-MM-DD)`);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const ok = m && new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)).toISOString().slice(0, 10) === value;
  if (!ok) throw new UserError(`${what} ${JSON.stringify(value)} is not a calendar date (YYYY-MM-DD)`);
  if (value < FIRST_DATE || value > LAST_DATE) throw new UserError(`${what} ${value} is outside ${FIRST_DATE}..${LAST_DATE}`);
  return value;
}
