/**
 * group() type-checks with the natural spellings of its members (one typed table, several typed
 * tables of different columns, spreads) inside every step, and still refuses a silver table in a
 * landing step. Real TypeScript over a temporary pipeline file (what TY001 reports).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { typecheckPipelines } from "../../../generators/load/typecheck.ts";
import { ROOT } from "../lower/helpers.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const HEADER = `import { after, bronzeLoad, date, fact, group, int64, landing, manual, mutableDimension, postgresSource, silver, silverLoad, snapshot, table, text, type SecretHandle } from "${path.join(ROOT, "dsl", "index.ts")}";
declare const secret: SecretHandle;
const db = postgresSource({
  name: "db", schema: "s", connection: { host: "h", database: "d", user: secret, password: secret },
  tables: {
    stores: table({ columns: { id: int64(), name: text() }, keys: ["id"], behaviour: snapshot() }),
    clients: table({ columns: { id: int64(), updated_at: date() }, keys: ["id"], behaviour: mutableDimension({ watermark: "updated_at" }) }),
    payments: table({ columns: { id: int64(), paid_on: date() }, keys: ["id"], behaviour: fact({ eventDate: "paid_on" }) }),
  },
});
const clientsSilver = silver(db.tables.clients);
`;

/** TY001 messages of a pipeline file made of HEADER and `body`. */
function typeErrors(body: string): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), "group-types-"));
  dirs.push(dir);
  const file = path.join(dir, "p.ts");
  writeFileSync(file, HEADER + body);
  return typecheckPipelines(dir, [file]).diagnostics.map((d) => `${d.location?.line}: ${d.message}`);
}

describe("group() member types", () => {
  it("accepts one typed table, typed tables of different columns and spreads in landing, bronze and silver", { timeout: 60_000 }, () => {
    expect(
      typeErrors(`
export const l = landing({ id: "l", source: db, schedule: manual, groups: [group("one", [db.tables.clients]), group("two", [db.tables.stores, db.tables.payments]), group("spread", [...db.facts])] });
export const b = bronzeLoad({ id: "b", source: db, schedule: after(l), groups: [group("one", [db.tables.payments])] });
export const s = silverLoad({ id: "s", schedule: after(b), groups: [group("dims", [clientsSilver])] });
`),
    ).toEqual([]);
  });

  it("still refuses a silver table in a landing step", { timeout: 60_000 }, () => {
    const errors = typeErrors(`export const l = landing({ id: "l", source: db, schedule: manual, groups: [group("x", [clientsSilver])] });\n`);
    expect(errors.length).toBeGreaterThan(0);
  });
});
