/**
 * Words of DuckDB and Spark SQL that are never column references: reserved and non-reserved
 * keywords, type names, interval units and niladic functions (`current_date`). The list is
 * generous on purpose: a keyword is never checked as a column, so a word missing here can only
 * produce a false "unknown column", one too many here only an unchecked name.
 */
const WORDS = `
select from where and or not is null true false in between like ilike rlike regexp glob similar escape
case when then else end as on join inner left right full outer cross natural semi anti asof positional lateral using
group by order asc desc nulls first last qualify over partition rows range groups preceding following
unbounded current row exclude ties others no window having limit offset fetch next only percent top
union intersect except minus all distinct any some filter exists within
with recursive materialized values table tablesample sample repeatable pivot unpivot include
into insert update delete merge set default returning
cast try_cast safe_cast collate at zone local
interval
varying unsigned signed
current_date current_time current_timestamp current_user current_role current_schema current_catalog
current_database session_user user localtime localtimestamp
leading trailing both for position overlay substring placing to
sets grouping cube rollup view cluster distribute sort div isnull notnull overlaps ignore respect
if ifnull nullif
lambda
`;

/**
 * Type names and interval units: never columns, and a word right after one is an alias (a column
 * named 'date' or 'year' cannot be told from the keyword, so it is not checked).
 */
const TYPES_AND_UNITS = `
year years month months week weeks day days hour hours minute minutes second seconds
millisecond milliseconds microsecond microseconds nanosecond nanoseconds quarter quarters decade century millennium
epoch dow doy isodow isoyear yearofweek dayofweek dayofyear dayofmonth weekday
date time timestamp timestamptz timestamp_ntz timestamp_ltz datetime
boolean bool tinyint smallint int int2 int4 int8 integer bigint hugeint uhugeint utinyint usmallint uinteger ubigint
long short byte float float4 float8 real double precision decimal dec numeric number
varchar char character nvarchar string text binary varbinary blob bytea bit bitstring uuid json variant
array map struct list union_type enum void
`;

/** Keywords that end an operand (a word right after them is an alias: `case ... end as x`, `null n`). */
const OPERAND_WORDS = `
end null true false current_date current_time current_timestamp current_user current_role current_schema
current_catalog current_database session_user user localtime localtimestamp
`;

const set = (text: string) => new Set(text.split(/\s+/).filter(Boolean));

export const KEYWORDS: ReadonlySet<string> = set(WORDS + TYPES_AND_UNITS);
export const OPERAND_KEYWORDS: ReadonlySet<string> = set(OPERAND_WORDS + TYPES_AND_UNITS);

/** Whether `word` (any case) is a keyword. */
export const isKeyword = (word: string): boolean => KEYWORDS.has(word.toLowerCase());

/** Functions whose `as` introduces a type, not an alias. */
export const CAST_FUNCTIONS: ReadonlySet<string> = set("cast try_cast safe_cast");
