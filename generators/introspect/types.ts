// PostgreSQL column types -> the DSL's column builders (dsl/sources/columns.ts).
//
// The DSL's types are what the lake stores (Spark SQL types); the landing job casts every declared
// column to its type. So a PostgreSQL type maps to the builder whose type holds its values:
// - smallint/integer/bigint -> int16/int32/int64; real -> float32; double precision -> float64;
// - numeric(p,s) -> decimal(p,s) for p <= 38 (Spark's limit); numeric without precision ->
//   decimal(38, 18), what Spark's own PostgreSQL reader makes of it (values with more than 20
//   integer digits do not fit: a comment says so); numeric(p,s) with p > 38 cannot be mapped;
// - text, varchar(n), char(n), citext, name, uuid, json, jsonb, enums -> text;
// - boolean -> bool; date -> date; timestamp with and without time zone -> timestamp (UTC);
// - arrays -> text, with a comment: the lake keeps their text form (the jobs have no array type);
// - anything else (bytea, interval, time, money, geometric, network, bit, xml, ranges, ...) is
//   not mapped: it is reported as table.column and type, and written as text() with a TODO comment
//   (the declaration still type-checks; the author decides).

/** What a PostgreSQL column becomes in a declaration. */
export interface ColumnMapping {
  /** The builder's name (`int32`, `decimal`, ...). */
  readonly builder: string;
  /** Its positional arguments (precision and scale of `decimal`). */
  readonly args: readonly number[];
  /** The DSL column type (Spark SQL), e.g. `decimal(12,4)`: what drift compares. */
  readonly type: string;
  /** A remark written above the column when it is added (a lossy but deliberate mapping). */
  readonly note?: string;
  /** Set when the type has no mapping: written as text() with this TODO comment. */
  readonly unmapped?: string;
}

/** The DSL column type of each builder without arguments. */
export const BUILDER_TYPES: Readonly<Record<string, string>> = {
  int16: "smallint",
  int32: "int",
  int64: "bigint",
  float32: "float",
  float64: "double",
  text: "string",
  bool: "boolean",
  date: "date",
  timestamp: "timestamp",
};

const SIMPLE: Readonly<Record<string, string>> = {
  smallint: "int16",
  integer: "int32",
  bigint: "int64",
  real: "float32",
  "double precision": "float64",
  text: "text",
  "character varying": "text",
  character: "text",
  '"char"': "text",
  name: "text",
  citext: "text",
  uuid: "text",
  json: "text",
  jsonb: "text",
  boolean: "bool",
  date: "date",
  "timestamp without time zone": "timestamp",
  "timestamp with time zone": "timestamp",
};

const simple = (builder: string, note?: string): ColumnMapping => ({ builder, args: [], type: BUILDER_TYPES[builder]!, ...(note ? { note } : {}) });

/**
 * The builder for a PostgreSQL type as `format_type()` spells it (`numeric(12,4)`,
 * `character varying(20)`, `timestamp(3) with time zone`, `integer[]`). `kind` is pg_type's
 * `typtype` of the (base) type: `e` for enums.
 * @example mapPgType("numeric(12,4)") // { builder: "decimal", args: [12, 4], type: "decimal(12,4)" }
 */
export function mapPgType(pgType: string, kind?: string): ColumnMapping {
  const t = pgType.trim();
  if (t.endsWith("[]")) return simple("text", `${t}: an array, kept as its text form (the jobs have no array type)`);
  if (kind === "e") return simple("text", `${t}: an enum, kept as its label`);
  // Drop a length or precision modifier: varchar(20), char(3), timestamp(3) with time zone, ...
  const base = t.replace(/\(\s*\d+(\s*,\s*-?\d+)?\s*\)/, "").replace(/\s+/g, " ").trim();
  if (base === "numeric") {
    const m = /^numeric\((\d+)(?:,(-?\d+))?\)$/.exec(t.replace(/\s+/g, ""));
    if (!m) return { builder: "decimal", args: [38, 18], type: "decimal(38,18)", note: `${t} without precision: decimal(38, 18), as Spark reads it (more than 20 integer digits do not fit)` };
    const precision = Number(m[1]);
    const scale = Number(m[2] ?? 0);
    if (precision < 1 || precision > 38 || scale < 0 || scale > precision) return unmapped(t, "decimal precision is 1-38, scale 0 to precision");
    return { builder: "decimal", args: [precision, scale], type: `decimal(${precision},${scale})` };
  }
  const builder = SIMPLE[base];
  return builder ? simple(builder) : unmapped(t, "no column type holds it");
}

function unmapped(pgType: string, why: string): ColumnMapping {
  return { builder: "text", args: [], type: "string", unmapped: `TODO: ${pgType} cannot be mapped (${why}); declared as text(): choose its type` };
}

/** The DSL column type of a builder call: `decimal(12,4)`, `int`; undefined for an unknown builder. */
export function builderType(builder: string, args: readonly number[]): string | undefined {
  if (builder === "decimal") return args.length >= 2 ? `decimal(${args[0]},${args[1]})` : undefined;
  return BUILDER_TYPES[builder];
}

/**
 * The builder call written for a column.
 * @example builderCall(mapPgType("numeric(12,4)"), true) // "decimal(12, 4, { nullable: false })"
 */
export function builderCall(m: ColumnMapping, notNull: boolean): string {
  const args = [...m.args.map(String), ...(notNull ? ["{ nullable: false }"] : [])];
  return `${m.builder}(${args.join(", ")})`;
}
