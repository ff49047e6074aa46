/**
 * What the dbt project accepts as names and types. Names become dbt identifiers, relations,
 * schemas and file names, so they are refused unless they are plain SQL identifiers; column data
 * types follow a small grammar of SQL type names. Free text (descriptions, accepted values,
 * expressions, paths) is not checked here: the emitter quotes it for Jinja.
 */

/** PostgreSQL truncates identifiers to 63 bytes; longer names would collide once published. */
export const MAX_DBT_NAME = 63;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** dbt tags are selector words: identifiers plus `-`, `:` and `.` (as in `layer:gold`). */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.:-]*$/;
/** A type name of one or more words, optional precision/scale, optional trailing words, optional `[]`: `timestamp with time zone`, `decimal(18, 2)`, `varchar(255)`. */
const WORD = "[A-Za-z_][A-Za-z0-9_]*";
const DATA_TYPE = new RegExp(`^${WORD}( ${WORD})*( ?\\(\\d{1,4}( ?, ?\\d{1,4})?\\))?( ${WORD})*(\\[\\])?$`);
const MAX_DATA_TYPE = 100;

/** A value as a diagnostic shows it: JSON-quoted (control characters visible), long ones cut. */
export function shown(value: unknown): string {
  if (typeof value !== "string") return String(value);
  if (value.length <= 40) return JSON.stringify(value);
  return `${JSON.stringify(value.slice(0, 32))}… (${value.length} characters)`;
}

/** Why `value` is not a dbt identifier; undefined when it is one. */
export function identifierProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return "must be a string";
  if (value.length > MAX_DBT_NAME) return `is longer than ${MAX_DBT_NAME} characters`;
  if (!IDENTIFIER.test(value)) return "must hold only letters, digits and _ and not start with a digit";
  return undefined;
}

/** Why `value` is not a dbt tag; undefined when it is one. */
export function tagProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return "must be a string";
  if (value.length > MAX_DBT_NAME) return `is longer than ${MAX_DBT_NAME} characters`;
  if (!TAG.test(value)) return "must hold only letters, digits, _, -, : and .";
  return undefined;
}

/** Why `value` is not a SQL column type; undefined when it is one. */
export function dataTypeProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return "must be a string";
  if (value.length > MAX_DATA_TYPE) return `is longer than ${MAX_DATA_TYPE} characters`;
  if (!DATA_TYPE.test(value)) return "is not a SQL type name such as bigint, varchar(255), decimal(18, 2) or timestamp with time zone";
  return undefined;
}
