// The PostgreSQL -> DSL column type mapping of `npm run introspect` (generators/introspect/types.ts).
import { describe, expect, it } from "vitest";
import { builderCall, mapPgType } from "../../../generators/introspect/types.ts";

/** format_type() spelling -> the builder call written for a nullable column. */
const CASES: readonly [string, string][] = [
  ["smallint", "int16()"],
  ["integer", "int32()"],
  ["bigint", "int64()"],
  ["numeric(12,4)", "decimal(12, 4)"],
  ["numeric(10,0)", "decimal(10, 0)"],
  ["numeric(38,38)", "decimal(38, 38)"],
  ["numeric", "decimal(38, 18)"],
  ["real", "float32()"],
  ["double precision", "float64()"],
  ["text", "text()"],
  ["character varying(20)", "text()"],
  ["character varying", "text()"],
  ["character(3)", "text()"],
  ['"char"', "text()"],
  ["name", "text()"],
  ["boolean", "bool()"],
  ["date", "date()"],
  ["timestamp without time zone", "timestamp()"],
  ["timestamp(3) without time zone", "timestamp()"],
  ["timestamp with time zone", "timestamp()"],
  ["timestamp(6) with time zone", "timestamp()"],
  ["uuid", "text()"],
  ["json", "text()"],
  ["jsonb", "text()"],
  ["integer[]", "text()"],
  ["text[]", "text()"],
  ["numeric(12,2)[]", "text()"],
];

describe("introspect: PostgreSQL types to column builders", () => {
  it.each(CASES)("%s -> %s", (pgType, call) => {
    const m = mapPgType(pgType);
    expect(m.unmapped).toBeUndefined();
    expect(builderCall(m, false)).toBe(call);
  });

  it("the DSL column type is what drift compares", () => {
    expect(mapPgType("numeric(12,4)").type).toBe("decimal(12,4)");
    expect(mapPgType("integer").type).toBe("int");
    expect(mapPgType("real").type).toBe("float");
    expect(mapPgType("character varying(9)").type).toBe("string");
  });

  it("NOT NULL is { nullable: false }", () => {
    expect(builderCall(mapPgType("numeric(12,4)"), true)).toBe("decimal(12, 4, { nullable: false })");
    expect(builderCall(mapPgType("text"), true)).toBe("text({ nullable: false })");
  });

  it("lossy but deliberate mappings carry a note for the comment: numeric without precision, arrays, enums", () => {
    expect(mapPgType("numeric").note).toMatch(/^numeric without precision: decimal\(38, 18\)/);
    expect(mapPgType("integer[]").note).toMatch(/^integer\[\]: an array, kept as its text form/);
    expect(mapPgType("mood", "e")).toMatchObject({ builder: "text", note: "mood: an enum, kept as its label" });
    expect(mapPgType("integer").note).toBeUndefined();
  });

  it.each(["interval", "bytea", "time without time zone", "money", "point", "inet", "bit(3)", "xml", "tsvector", "int4range", "numeric(40,2)", "some_custom_type"])(
    "%s has no mapping: text() with a TODO naming the type",
    (pgType) => {
      const m = mapPgType(pgType);
      expect(builderCall(m, false)).toBe("text()");
      expect(m.unmapped).toMatch(new RegExp(`^TODO: ${pgType.replace(/[()[\]]/g, "\\$&")} cannot be mapped \\(`));
    },
  );
});
