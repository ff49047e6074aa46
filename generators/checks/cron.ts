/**
 * Cron checks with Airflow's meaning (grammar in cron-grammar.ts): a schedule Airflow refuses is
 * a syntax problem; one Airflow accepts but that matches no date (`0 0 31 2 *`) never runs, and
 * is refused too. "Ever" is croniter's horizon: 50 years from the project's start date.
 */
import { parseCron, type ParsedCron } from "./cron-grammar.ts";

export type CronVerdict = { readonly kind: "ok" } | { readonly kind: "invalid"; readonly reason: string } | { readonly kind: "never"; readonly reason: string };

const HORIZON_YEARS = 50;
const DOM = 2;
const MONTH = 3;
const DOW = 4;
const YEAR = 6;

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** croniter's day rule: day of month OR day of week when both are restricted, else AND. */
function dayMatches(c: ParsedCron, year: number, month: number, day: number): boolean {
  const last = daysIn(year, month);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  const domAny = c.fields[DOM] === undefined && !c.lastDay && c.nearestWeekday.size === 0;
  const dowAny = c.fields[DOW] === undefined && c.nth.size === 0;
  const dom = domAny || c.fields[DOM]!.has(day) || (c.lastDay && day === last) || [...c.nearestWeekday].some((n) => n <= last);
  const occurrences = c.nth.get(weekday);
  const dow = dowAny || (c.fields[DOW]?.has(weekday) ?? false) || (occurrences !== undefined && (occurrences.has(Math.ceil(day / 7)) || (occurrences.has("l") && day + 7 > last)));
  return !domAny && !dowAny ? dom || dow : dom && dow;
}

function firesSomeday(c: ParsedCron, startDate: string): boolean {
  const start = Number(startDate.slice(0, 4)) || 1970;
  for (let year = start; year <= start + HORIZON_YEARS; year++) {
    if (c.fields[YEAR] && !c.fields[YEAR].has(year)) continue;
    for (let month = 1; month <= 12; month++) {
      if (c.fields[MONTH] && !c.fields[MONTH].has(month)) continue;
      for (let day = 1; day <= daysIn(year, month); day++) if (dayMatches(c, year, month, day)) return true;
    }
  }
  return false;
}

/** Judges a schedule as Airflow would run it from `startDate` (YYYY-MM-DD). */
export function judgeCron(expression: string, startDate: string): CronVerdict {
  const parsed = parseCron(expression);
  if (typeof parsed === "string") return { kind: "invalid", reason: parsed };
  if (!firesSomeday(parsed, startDate)) return { kind: "never", reason: `no date in the ${HORIZON_YEARS} years after ${startDate} matches its day, month and year fields` };
  return { kind: "ok" };
}
