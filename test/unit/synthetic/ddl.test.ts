// The generator's DDL is derived from the DSL declaration of the source (pipelines/sources/ampere-db.ts):
// every declared table and column, with its PostgreSQL type, NOT NULL for keys, and the keys as primary key.
import { describe, expect, it } from "vitest";
import { createTableSql, pgColumns, pgType, source } from "../../../local/synthetic/ddl.ts";
import { db } from "../../../pipelines/sources/ampere-db.ts";

describe("DDL of the synthetic source, from the DSL", () => {
  it("covers all 16 declared tables, in declaration order", () => {
    expect(source.all.map((t) => t.name)).toEqual(Object.keys(db.tables));
    expect(source.all).toHaveLength(16);
    expect(source.schema).toBe("source");
    expect(source.connection.database).toBe("ampere_db");
  });

  it("maps every DSL column type to its PostgreSQL type", () => {
    expect(["bigint", "int", "smallint", "string", "boolean", "double", "float", "date", "timestamp", "decimal(12,4)", "decimal(4,2)"].map(pgType)).toEqual([
      "bigint", "integer", "smallint", "text", "boolean", "double precision", "real", "date", "timestamp without time zone", "numeric(12,4)", "numeric(4,2)",
    ]);
    expect(() => pgType("interval")).toThrow(/no PostgreSQL type for the DSL column type 'interval'/);
  });

  for (const t of db.all) {
    it(`${t.name}: every declared column with its type, keys NOT NULL and the primary key`, () => {
      const sql = createTableSql(t);
      const columns = pgColumns(t);
      expect(columns.map((c) => c.name)).toEqual(Object.keys(t.columns));
      for (const [name, c] of Object.entries(t.columns)) {
        const notNull = t.keys.includes(name) || !c.nullable;
        expect(sql).toContain(`"${name}" ${pgType(c.type)}${notNull ? " NOT NULL" : ""}`);
        expect(columns.find((x) => x.name === name)!.nullable).toBe(!notNull);
      }
      expect(sql.startsWith(`CREATE TABLE "source"."${t.name}" (`)).toBe(true);
      expect(sql.endsWith(`PRIMARY KEY (${t.keys.map((k) => `"${k}"`).join(", ")}))`)).toBe(true);
    });
  }

  it("writes a known table exactly", () => {
    expect(createTableSql(source.tables.delivery_costing!)).toBe(
      'CREATE TABLE "source"."delivery_costing" ("zone_id" smallint NOT NULL, "delivery_type_id" smallint NOT NULL, "tariff" numeric(4,2), PRIMARY KEY ("zone_id", "delivery_type_id"))',
    );
  });
});
