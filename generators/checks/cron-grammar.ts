/**
 * Cron grammar exactly as Airflow 3.1 reads a schedule: its `cron_presets` (`@quarterly`), then
 * croniter 7's `_expand`: 5 fields, or 6 (seconds last) or 7 (seconds, year); names; `*`; `?`
 * (day fields); lists; ranges, wrapping ones too (`5-1`, `fri-mon`; an equal range `3-3` means
 * the whole field); steps; `L` and `nW` / `Wn` in day of month; `n#k` and `Ln` in day of week.
 * Hashed / random fields (`H`, `R`) are refused: Airflow gives no hash id, and a random schedule
 * is not deterministic output. The parse keeps what the "does it ever fire" check needs.
 */
const RANGES: readonly (readonly [number, number])[] = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 6], [0, 59], [1970, 2099]];
const FIELD_NAMES = ["minute", "hour", "day of month", "month", "day of week", "second", "year"];
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const DOM = 2;
const MONTH = 3;
const DOW = 4;

/** Airflow's own presets, looked up as written (so `@QUARTERLY` is not one). */
const AIRFLOW_PRESETS: Readonly<Record<string, string>> = {
  "@hourly": "0 * * * *", "@daily": "0 0 * * *", "@weekly": "0 0 * * 0", "@monthly": "0 0 1 * *", "@quarterly": "0 0 1 */3 *", "@yearly": "0 0 1 1 *",
};
/** croniter's aliases, looked up lowercased. */
const CRONITER_ALIASES: Readonly<Record<string, string>> = {
  "@midnight": "0 0 * * *", "@hourly": "0 * * * *", "@daily": "0 0 * * *", "@weekly": "0 0 * * 0", "@monthly": "0 0 1 * *", "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *",
};

export interface ParsedCron {
  /** Values per field; `undefined` means `*` (any). */
  readonly fields: readonly (ReadonlySet<number> | undefined)[];
  /** Day of month: `L` (last day) given. */
  readonly lastDay: boolean;
  /** Day of month: `nW` (nearest weekday to n). */
  readonly nearestWeekday: ReadonlySet<number>;
  /** Day of week → occurrences in the month (1-5, or "l" for the last one). */
  readonly nth: ReadonlyMap<number, ReadonlySet<number | "l">>;
}

class CronSyntaxError extends Error {}
const fail = (message: string): never => { throw new CronSyntaxError(message); };

const INT = /^\d+$/;
const SPECIAL_DOW = new RegExp(`^(?:((?:(?:${WEEKDAYS.join("|")})(?:-(?:${WEEKDAYS.join("|")}))?|(?:${MONTHS.join("|")})(?:-(?:${MONTHS.join("|")}))?|\\w+))#|(l))(\\d+)$`);
const NEAREST_WEEKDAY = /^(?:(\d+)w|w(\d+))$/;
const HASHED = /^(h|r)(\((\d+)-(\d+)\))?(\/(\d+))?$/;

function name(field: number, text: string): number | "l" {
  if (field === DOM && text === "l") return "l";
  const list = field === MONTH ? MONTHS : field === DOW ? WEEKDAYS : [];
  const i = list.indexOf(text);
  if (i < 0) fail(`'${text}' in the ${FIELD_NAMES[field]} field is not a number`);
  return field === MONTH ? i + 1 : i;
}

/** croniter maps day of week 7 to 0 (Sunday). */
const alias = (field: number, n: number): number => (field === DOW && n === 7 ? 0 : n);

/** A range `low-high/step` as croniter expands it (wrapping when low > high). */
function expandRange(field: number, low: number, high: number, step: number, startWithStep: boolean): number[] {
  const [min, max] = RANGES[field]!;
  if (low === high && startWithStep) return [low];
  if (low === high) [low, high] = [min, max];
  const out: number[] = [];
  if (low <= high) {
    for (let v = low; v <= high; v += step) out.push(v);
    return out;
  }
  for (let v = low; v <= max; v += step) out.push(v);
  let skip = 0;
  const last = out[out.length - 1];
  if (last !== undefined) {
    const width = max - min + 1;
    const alreadySkipped = max - last;
    if (last - min + step > width && alreadySkipped < step) skip = step - alreadySkipped;
  }
  for (let v = min + skip; v <= high; v += step) out.push(v);
  return out;
}

function parseField(field: number, raw: string, nth: Map<number, Set<number | "l">>, nearest: Set<number>): { values: Set<number>; any: boolean; lastDay: boolean } {
  if (HASHED.test(raw)) fail(`'${raw}' in the ${FIELD_NAMES[field]} field is a hashed or random value (H, R), which Airflow cannot schedule deterministically`);
  let expr = raw;
  if (expr.includes("?")) {
    if (expr !== "?") fail(`'?' cannot be combined with other characters (${FIELD_NAMES[field]} field)`);
    if (field !== DOM && field !== DOW) fail(`'?' is only allowed in the day of month and day of week fields`);
    expr = "*";
  }
  const [min, max] = RANGES[field]!;
  const values = new Set<number>();
  let any = false;
  let lastDay = false;
  const items = expr.split(",");
  for (const item0 of items) {
    let item = item0;
    let nthOf: number | "l" | undefined;
    if (field === DOW) {
      const m = SPECIAL_DOW.exec(item);
      if (m) {
        if (m[1] !== undefined) {
          nthOf = Number(m[3]);
          if (nthOf < 1 || nthOf > 5) fail(`'${item}': the occurrence after '#' must be 1-5`);
          item = m[1];
        } else {
          nthOf = "l";
          item = m[3]!;
        }
      }
    }
    if (field === DOM) {
      const w = NEAREST_WEEKDAY.exec(item);
      if (w) {
        const day = Number(w[1] ?? w[2]);
        if (day < 1 || day > 31) fail(`nearest weekday day '${day}' is out of range (1-31)`);
        if (items.length > 1) fail(`'W' can only be used with a single day, not in a list`);
        nearest.add(day);
        continue;
      }
    }
    const got: number[] = [];
    let t = item.replace(/^\*(\/.+)$/, `${min}-${max}$1`);
    let range = /^([^-]+)-([^-/]+)(\/(\d+))?$/.exec(t);
    let startWithStep = false;
    if (!range) {
      t = item.replace(/^(.+)\/(.+)$/, `$1-${max}/$2`);
      range = /^([^-]+)-([^-/]+)(\/(\d+))?$/.exec(t);
      startWithStep = range !== null;
    }
    if (range) {
      const bound = (b: string, isHigh: boolean): number => {
        if (field === DOM && isHigh && b === "l") return 31;
        const v = INT.test(b) ? Number(b) : name(field, b);
        if (v === "l") fail(`'${item}' in the ${FIELD_NAMES[field]} field is not a valid range`);
        return alias(field, v as number);
      };
      const low = bound(range[1]!, false);
      const high = bound(range[2]!, true);
      const step = Number(range[4] ?? 1);
      if (step === 0) fail(`step '0' in the ${FIELD_NAMES[field]} field must be a positive number`);
      if (Math.max(low, high) > max) fail(`'${item}' is out of range for the ${FIELD_NAMES[field]} field (${min}-${max})`);
      got.push(...expandRange(field, low, high, step, startWithStep));
    } else {
      if (t.startsWith("-")) fail(`negative numbers are not allowed (${FIELD_NAMES[field]} field)`);
      if (t === "*") { any = true; continue; }
      const v = INT.test(t) ? Number(t) : name(field, t);
      if (v === "l") { lastDay = true; continue; }
      got.push(alias(field, v));
    }
    for (const v of got) {
      if (v < min || v > max) fail(`${v} is out of range for the ${FIELD_NAMES[field]} field (${min}-${max})`);
      if (nthOf === undefined) values.add(v);
      else {
        if (!nth.has(v)) nth.set(v, new Set());
        nth.get(v)!.add(nthOf);
      }
    }
  }
  return { values, any, lastDay };
}

/** Parses like Airflow; throws a message when Airflow would refuse the expression. */
function parseOrThrow(expression: string): ParsedCron {
  const lower = (AIRFLOW_PRESETS[expression] ?? expression).toLowerCase();
  const text = CRONITER_ALIASES[lower] ?? lower;
  // croniter splits on ASCII whitespace only.
  const parts = text.split(/[ \t\n\r\f\v]+/).filter((p) => p !== "");
  if (![5, 6, 7].includes(parts.length)) fail(`expected 5 fields (or 6 with seconds, 7 with seconds and year), found ${parts.length}`);
  const nth = new Map<number, Set<number | "l">>();
  const nearest = new Set<number>();
  let lastDay = false;
  const fields = parts.map((raw, field) => {
    const f = parseField(field, raw, nth, nearest);
    if (field === DOM) lastDay = f.lastDay;
    return f.any ? undefined : f.values;
  });
  // croniter refuses plain weekdays next to `#` / `L` ones unless the plain ones are every day.
  const plain = fields[DOW];
  if (nth.size > 0 && plain && plain.size > 0 && plain.size < 7) fail(`the day of week field cannot mix plain days and '#' / 'L' days`);
  return { fields, lastDay, nearestWeekday: nearest, nth };
}

/** The parse, or the reason Airflow would refuse the expression. */
export function parseCron(expression: string): ParsedCron | string {
  try {
    return parseOrThrow(expression);
  } catch (e) {
    if (e instanceof CronSyntaxError) return e.message;
    throw e;
  }
}
