/**
 * Item 9 of the safety sweep: what postgresSource() and table() find is reported by lowering as
 * DS001 (or DS010 for a column that does not exist), at the table's line, once however many steps
 * use the table; a table without a behaviour is a diagnostic, not a crash.
 */
import { describe, expect, it } from "vitest";
import { date, event, fact, group, image, int64, k8sSecret, landing, manual, mutableDimension, postgresSource, snapshot, table, text, type SourceTable } from "../../../dsl/index.ts";
import { brief, lineOf, lowerAll, relativeFile, testProject } from "./helpers.ts";

const FILE = relativeFile(import.meta.url);
const at = (marker: string) => lineOf(import.meta.url, marker);
const secrets = { pgUser: k8sSecret("pg", "user"), pgPassword: k8sSecret("pg", "password"), s3Key: k8sSecret("s3", "key"), s3Secret: k8sSecret("s3", "secret") };
const images = { spark: image("ghcr.io/acme/spark") };
const platform = testProject({
  images,
  secrets,
  lake: { endpoint: "http://minio:9000", accessKey: secrets.s3Key, secretKey: secrets.s3Secret, raw: "s3a://raw/s", bronze: "s3a://bronze/s", silver: "s3a://silver/s" },
  spark: { image: images.spark },
});
const connection = { host: "pg", database: "db", user: secrets.pgUser, password: secrets.pgPassword };
const good = () => table({ columns: { id: int64(), name: text() }, keys: ["id"], behaviour: snapshot() });

/** Lowers a landing step over `tables` of a source built with `extra` settings. */
function lowerSource(tables: Record<string, SourceTable<any>>, extra: Record<string, unknown> = {}) {
  const db = postgresSource({ name: "src", schema: "public", connection, tables, ...extra } as never);
  const step = landing({ id: "landing", schedule: manual, source: db, groups: [group("all", db.all)] });
  return lowerAll(platform, [step], FILE);
}

const codes = (tables: Record<string, SourceTable<any>>, extra?: Record<string, unknown>) => brief(lowerSource(tables, extra).diagnostics).map((d) => `${d.code} ${d.message}`);

describe("table names that are not safe identifiers", () => {
  it.each([["../../etc"], ["a b"], [""], ["x".repeat(64)], ["1st"]])("%j is refused at the table", (name) => {
    const ds = brief(lowerSource({ [name]: table({ columns: { id: int64() }, keys: ["id"], behaviour: snapshot() }) }).diagnostics); // @bad-name
    expect(ds).toEqual([{ code: "DS001", file: FILE, line: at("// @bad-name"), message: `table name ${JSON.stringify(name)} is not a safe name` }]);
  });

  it("63 characters are fine", () => {
    expect(codes({ ["x".repeat(63)]: good() })).toEqual([]);
  });
});

describe("source and schema names", () => {
  it.each([["name", "../src"], ["schema", "pub lic"], ["schema", ""]])("a %s of %j is refused", (field, value) => {
    const what = field === "name" ? "source name" : "schema of source 'src':";
    expect(codes({ stores: good() }, { [field]: value })).toEqual([`DS001 ${what} ${JSON.stringify(value)} is not a safe name`]);
  });
});

describe("keys and behaviour columns", () => {
  it("no keys", () => {
    expect(codes({ t: table({ columns: { id: int64() }, keys: [], behaviour: snapshot() }) })).toEqual(["DS001 table 't' declares no keys"]);
  });

  it("a key, watermark, created, event date or event time that is not a column", () => {
    const cols = { id: int64(), day: date() };
    expect(codes({
      k: table({ columns: cols, keys: ["nope" as "id"], behaviour: snapshot() }),
      w: table({ columns: cols, keys: ["id"], behaviour: mutableDimension({ watermark: "gone" as "day", created: "never" as "day" }) }),
      f: table({ columns: cols, keys: ["id"], behaviour: fact({ eventDate: "when" as "day" }) }),
      e: table({ columns: cols, keys: ["id"], behaviour: event({ eventTime: "at" as "day" }) }),
    }).sort()).toEqual([
      "DS010 event time column 'at' is not a column of table 'e'",
      "DS010 event date column 'when' is not a column of table 'f'",
      "DS010 key column 'nope' is not a column of table 'k'",
      "DS010 watermark column 'gone' is not a column of table 'w'",
      "DS010 created column 'never' is not a column of table 'w'",
    ].sort());
  });
});

describe("numbers", () => {
  it.each([[-1], [1.5], [Number.NaN]])("lookbackDays %s is refused", (lookbackDays) => {
    expect(codes({ f: table({ columns: { id: int64(), day: date() }, keys: ["id"], behaviour: fact({ eventDate: "day", lookbackDays }) }) }))
      .toEqual(["DS001 table 'f': lookbackDays must be a whole number ≥ 0"]);
  });

  it.each([[0], [70000], [1.5]])("port %s is refused", (port) => {
    expect(codes({ stores: good() }, { connection: { ...connection, port } })).toEqual([expect.stringMatching(/^DS001 source 'src': connection\.port /)]);
  });

  it.each([[0], [-5]])("fetch size %s is refused", (fetchSize) => {
    expect(codes({ stores: good() }, { connection: { ...connection, fetchSize } })).toEqual([expect.stringMatching(/^DS001 source 'src': connection\.fetchSize /)]);
  });
});

describe("a table without a behaviour", () => {
  it("is DS001 with a hint, not a crash", () => {
    const { diagnostics } = lowerSource({ bare: table({ columns: { id: int64() }, keys: ["id"] } as never) }); // @no-behaviour
    expect(brief(diagnostics)).toEqual([{ code: "DS001", file: FILE, line: at("// @no-behaviour"), message: "table 'bare': behaviour must be snapshot(), mutableDimension(), fact() or event()" }]);
    expect(diagnostics[0]!.hints[0]).toMatch(/^add behaviour: snapshot\(\)/);
  });
});

describe("reporting", () => {
  it("a table used by several steps and the source's issues carried by each table are reported once", () => {
    const db = postgresSource({ name: "src", schema: "public", connection: { ...connection, port: 70000 }, tables: { a: good(), b: table({ columns: { id: int64() }, keys: [], behaviour: snapshot() }) } });
    const one = landing({ id: "one", schedule: manual, source: db, groups: [group("all", db.all)] });
    const two = landing({ id: "two", schedule: manual, source: db, groups: [group("again", db.all)] });
    expect(brief(lowerAll(platform, [one, two], FILE).diagnostics).map((d) => d.code + " " + d.message.split(":")[0]).sort()).toEqual(["DS001 source 'src'", "DS001 table 'b' declares no keys"]);
  });
});
