/**
 * Validates a five-field cron expression as Airflow (croniter) accepts it: numbers, ranges,
 * lists, steps, `*`, month and weekday names. Returns a reason when invalid.
 */
const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"] },
  { name: "day of week", min: 0, max: 7, names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] },
] as const;

function value(text: string, field: (typeof FIELDS)[number]): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const names = "names" in field ? (field.names as readonly string[]) : [];
  const i = names.indexOf(text.toLowerCase());
  if (i < 0) return undefined;
  return field.name === "month" ? i + 1 : i;
}

function checkField(text: string, field: (typeof FIELDS)[number]): string | undefined {
  for (const item of text.split(",")) {
    const [range, step, extra] = item.split("/");
    if (extra !== undefined || range === undefined || range === "") return `'${item}' in the ${field.name} field is not valid`;
    if (step !== undefined && !/^[1-9]\d*$/.test(step)) return `step '${step}' in the ${field.name} field must be a positive number`;
    if (range === "*") continue;
    const bounds = range.split("-");
    if (bounds.length > 2) return `'${range}' in the ${field.name} field is not valid`;
    const nums = bounds.map((b) => value(b, field));
    for (let i = 0; i < nums.length; i++) {
      const n = nums[i];
      if (n === undefined) return `'${bounds[i]}' in the ${field.name} field is not a number`;
      if (n < field.min || n > field.max) return `${n} is out of range for the ${field.name} field (${field.min}-${field.max})`;
    }
    if (nums.length === 2 && nums[0]! > nums[1]!) return `range '${range}' in the ${field.name} field goes backwards`;
  }
  return undefined;
}

export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return `expected 5 fields, found ${expression.trim() ? fields.length : 0}`;
  for (let i = 0; i < 5; i++) {
    const problem = checkField(fields[i]!, FIELDS[i]!);
    if (problem) return problem;
  }
  return undefined;
}
