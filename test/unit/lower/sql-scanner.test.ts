/**
 * The SQL identifier scanner (generators/lower/sql/): which words of free SQL are column names,
 * where they are, and which SQL it refuses to judge (then DS089, a warning, never a silent pass).
 */
import { describe, expect, it } from "vitest";
import { scanColumns, type ColumnScan, type ScanOptions } from "../../../generators/lower/sql/columns.ts";
import { checkModelSql, checkRuleSql, type KnownColumns } from "../../../generators/lower/sql/check.ts";
import { tokenize } from "../../../generators/lower/sql/tokens.ts";
import type { SqlRelation } from "../../../generators/lower/sql/tokens.ts";

const DBT = { jinja: true, doubleQuoted: "identifier", backslashEscapes: false, expression: false } as const;
const RULE = { jinja: false, doubleQuoted: "string", backslashEscapes: true, expression: true } as const;

/** `qualifier.name@line:column` of every column use. */
function uses(scan: ColumnScan): string[] {
  if (scan.kind !== "scanned") throw new Error(`unchecked: ${scan.why}`);
  return scan.uses.map((u) => `${u.qualifier ? `${u.qualifier}.` : ""}${u.name}@${u.line}:${u.column}`);
}
const scanned = (sql: string) => uses(scanColumns(sql, DBT));
const rule = (sql: string) => uses(scanColumns(sql, RULE));

const ORDERS: KnownColumns = { columns: ["order_id", "order_date", "amount", "status", "tags"] };
const PAYMENTS: KnownColumns = { columns: ["order_id", "payment_status", "amount"] };
/** The relations of the model cases: source('s', 'orders'), ref('payments'), ref('loose') (no columns). */
const relations = (r: SqlRelation) =>
  r.kind === "source" && r.name === "orders" ? ORDERS : r.kind === "model" && r.name === "payments" ? PAYMENTS : r.kind === "this" ? { columns: ["order_id", "paid"] } : r.kind === "model" && r.name === "loose" ? undefined : ("undeclared" as const);
const model = (sql: string) => checkModelSql({ name: "m", sql, sqlFile: "dbt/models/gold/m.sql", origin: undefined }, relations);
const brief = (r: ReturnType<typeof model>) => r.diagnostics.map((d) => `${d.severity} ${d.code} ${d.location?.file}:${d.location?.line}:${d.location?.column} ${d.message}`);

describe("tokens", () => {
  it("skips comments and strings, reads quoted identifiers and replaces Jinja", () => {
    const { tokens, problem } = tokenize(`select "a""b", 'it''s' -- x\n/* y */ {{ ref('m') }} {{ var('n') | int }} {% if z %}q{% endif %} {# w #}`, DBT);
    expect(problem).toBeUndefined();
    expect(tokens.map((t) => `${t.kind}:${t.text}@${t.line}:${t.column}`)).toEqual([
      "word:select@1:1", 'quoted:a"b@1:8', "op:,@1:14", "string:'it''s'@1:16",
      "relation:{{ ref('m') }}@2:9", "jinja:{{ var('n') | int }}@2:24", "word:q@2:55",
    ]);
    expect(tokens[4]!.relation).toEqual({ kind: "model", name: "m" });
  });

  it("reads source() and this as relations", () => {
    const { tokens } = tokenize(`{{ source('bronze', "clients") }} {{- this -}}`, DBT);
    expect(tokens.map((t) => t.relation)).toEqual([{ kind: "source", source: "bronze", name: "clients" }, { kind: "this" }]);
  });

  it("Spark rules: backslash escapes and double-quoted strings", () => {
    expect(rule(`name <> 'it\\'s' and "x" = code and \`odd col\` > 0`)).toEqual(["name@1:1", "code@1:27", "odd col@1:36"]);
  });

  it("an unclosed string, comment or Jinja block is unchecked", () => {
    for (const sql of ["select 'a from t", "select a /* b", "select {{ ref('m') from x"]) expect(scanColumns(sql, DBT).kind, sql).toBe("unchecked");
  });
});

describe("column uses", () => {
  it("comments and strings holding column-like words are ignored", () => {
    expect(scanned(`select amount -- order_total\n  , 'status' as s /* customer_id */\nfrom {{ source('s', 'orders') }}`)).toEqual(["amount@1:8"]);
  });

  it("::decimal(14, 4), cast(... as type) and date '...' literals", () => {
    expect(scanned(`select coalesce(sum(p.amount), 0)::decimal(14, 4) as paid, cast(o.order_id as varchar(10)) id,\n  x::timestamp with time zone, y::int[], date '1900-01-01' d from {{ ref('payments') }} p`)).toEqual([
      "p.amount@1:21", "o.order_id@1:65", "x@2:3", "y@2:32",
    ]);
  });

  it("filter (where ...), window clauses, nulls last, group by all", () => {
    expect(scanned(`select sum(p.amount) filter (where p.payment_status = 'paid') as paid,\n  row_number() over (partition by order_id order by amount desc nulls last rows between unbounded preceding and current row) rn,\n  rank() over w\nfrom {{ ref('payments') }} as p\nwindow w as (order by order_id)\ngroup by all`)).toEqual([
      "p.amount@1:12", "p.payment_status@1:36", "order_id@2:35", "amount@2:53", "order_id@5:23",
    ]);
  });

  it("functions, keywords and aliases are not columns", () => {
    expect(scanned(`select case when amount > 0 then 'x' else null end as kind, count(*) n, extract(year from order_date) y, current_date, interval 3 day, trim(both ' ' from status) from {{ ref('payments') }}`)).toEqual([
      "amount@1:18", "order_date@1:91", "status@1:155",
    ]);
  });

  it("relation aliases with and without as, struct fields", () => {
    const scan = scanColumns(`select o.order_id, o.tags.first, p.* from {{ source('s', 'orders') }} o join {{ ref('payments') }} as p using (order_id)`, DBT);
    expect(uses(scan)).toEqual(["o.order_id@1:8", "o.tags@1:20", "p@1:34", "order_id@1:112"]);
    expect(scan.kind === "scanned" && scan.relations.map((r) => r.alias)).toEqual(["o", "p"]);
  });

  it("nested comments, is distinct from, named arguments, x::int alias, {{ config() }}", () => {
    expect(scanned(`{{ config(materialized='table') }}\nselect /* a /* nested */ still comment */ amount::int amt, mask(status, upperChar => 'X') from {{ ref('payments') }} where amount is distinct from order_id`)).toEqual([
      "amount@2:43", "status@2:65", "amount@2:124", "order_id@2:148",
    ]);
    expect(rule("status is not distinct from 'x'")).toEqual(["status@1:1"]);
  });

  it("a rule: extract(... from ...) and in (...) are no subquery", () => {
    expect(rule(`extract(year from registration_date) >= 2000 and status in ('a', 'b') and amount between 0 and 10`)).toEqual(["registration_date@1:19", "status@1:50", "amount@1:75"]);
  });
});

describe("what the scanner does not judge", () => {
  const why = (sql: string, options: ScanOptions = DBT) => {
    const scan = scanColumns(sql, options);
    return scan.kind === "unchecked" ? scan.why : "scanned";
  };
  it.each([
    ["a CTE", "with x as (select 1) select * from x", "it uses a common table expression (with ...)"],
    ["a derived table", "select a from (select 1 as a)", "it reads a derived table (a subquery in FROM)"],
    ["a plain table", "select a from public.orders", "it reads 'public', not through source() or ref()"],
    ["Jinja in an identifier", "select amount_{{ var('c') }} from {{ ref('payments') }}", "a Jinja expression stands inside an identifier"],
    ["a Jinja relation", "select a from {{ my_relation }}", "it reads a relation through a Jinja expression other than source(), ref() or this"],
    ["a Jinja macro call", "select {{ dbt_utils.star(ref('payments')) }} from {{ ref('payments') }}", "it uses the Jinja expression {{ dbt_utils.star(ref('payments')) }}, which may stand for column names"],
    ["a lambda", "select list_transform(tags, x -> x + 1) from {{ source('s', 'orders') }}", "it uses a lambda or arrow operator (->)"],
  ])("%s", (_, sql, reason) => expect(why(sql)).toBe(reason));
  it("a subquery or a lambda in a rule", () => {
    expect(why("amount > (select 1)", RULE)).toBe("it holds a subquery");
    expect(why("exists(tags, t -> t = 'x')", RULE)).toBe("it uses a lambda or arrow operator (->)");
  });
});

describe("checkModelSql", () => {
  it("select aliases may be used in qualify, order by and {{ this }} in an incremental filter", () => {
    const r = model(`select order_id, amount * 2 as doubled, row_number() over (partition by order_id order by amount) as rn\nfrom {{ source('s', 'orders') }}\n{% if is_incremental() %}\nwhere order_date > (select max(paid) from {{ this }}) - {{ var('lookback_days') | int }}\n{% endif %}\nqualify rn = 1\norder by doubled`);
    expect(r.check).toEqual({ subject: "model 'm'", status: "checked", uses: 8, unknown: 0 });
    expect(r.diagnostics).toEqual([]);
  });

  it("an unknown column is DS088 at its line, qualified or not", () => {
    const r = model(`select o.order_id,\n  o.amout,\n  stauts\nfrom {{ source('s', 'orders') }} as o`);
    expect(brief(r)).toEqual([
      "error DS088 dbt/models/gold/m.sql:2:3 model 'm' names column 'o.amout', which source('s', 'orders') does not have",
      "error DS088 dbt/models/gold/m.sql:3:3 model 'm' names column 'stauts', which source('s', 'orders') does not have",
    ]);
    expect(r.diagnostics[0]!.hints[0]).toBe("columns of source('s', 'orders') are order_id, order_date, amount, status, tags");
  });

  it("with two relations an unqualified name must be a column of one of them", () => {
    const r = model(`select payment_status, bogus from {{ source('s', 'orders') }} o join {{ ref('payments') }} p on p.order_id = o.order_id`);
    expect(brief(r)).toEqual(["error DS088 dbt/models/gold/m.sql:1:24 model 'm' names column 'bogus', which none of source('s', 'orders'), ref('payments') has"]);
  });

  it("an alias vouches for later uses only", () => {
    expect(brief(model(`select stauts as stauts, amount as amt, amt * 2 as twice\nfrom {{ source('s', 'orders') }}\norder by twice`))).toEqual([
      "error DS088 dbt/models/gold/m.sql:1:8 model 'm' names column 'stauts', which source('s', 'orders') does not have",
    ]);
  });

  it("a relation alias inside a function's subquery; a collation", () => {
    expect(brief(model(`select array(select p.amount from {{ ref('payments') }} p) as amounts, status collate nocase as s from {{ source('s', 'orders') }}`))).toEqual([]);
  });

  it("a word after a type name or unit is an alias (select year y)", () => {
    expect(brief(model(`select order_date::date d, extract(year from order_date) year, year y from {{ source('s', 'orders') }}`))).toEqual([]);
  });

  it("a subquery sees the relations around it, a query not those of its subqueries", () => {
    expect(brief(model(`select order_id, payment_status\nfrom {{ source('s', 'orders') }} o\nwhere exists (select 1 from {{ ref('payments') }} p where p.order_id = o.order_id and p.amount > o.amount and payment_status = 'paid')`))).toEqual([
      "error DS088 dbt/models/gold/m.sql:1:18 model 'm' names column 'payment_status', which source('s', 'orders') does not have",
    ]);
  });

  it("a field of an expression's result is no column", () => {
    expect(rule("named_struct('a', status).a = 'x' and interval '1' day to hour is not null")).toEqual(["status@1:19"]);
  });

  it("SQL reading no relation: only its own aliases", () => {
    expect(model("select 1 as id order by id").check.status).toBe("checked");
    expect(brief(model("select 1 as id, x"))).toEqual(["error DS088 dbt/models/gold/m.sql:1:17 model 'm' names column 'x', which is no alias it defines (it reads no relation)"]);
  });

  it("a silver-layer source: the rename that explains an old name is in the hint", () => {
    const r = checkModelSql({ name: "m", sql: "select fullname from {{ source('silver', 'clients') }}", sqlFile: "dbt/models/gold/m.sql", origin: undefined }, () => ({ columns: ["id", "client_name"], renames: { fullname: "client_name" } }));
    expect(r.diagnostics.map((d) => d.hints.slice(0, 2))).toEqual([["'fullname' is renamed to 'client_name': use the new name", "columns of source('silver', 'clients') are id, client_name"]]);
  });

  it("a CTE is DS089, a warning, once", () => {
    const r = model(`-- staged\nwith x as (select * from {{ ref('payments') }})\nselect nope from x`);
    expect(brief(r)).toEqual(["warning DS089 dbt/models/gold/m.sql:2:1 model 'm': SQL not checked for column names: it uses a common table expression (with ...)"]);
    expect(r.check.status).toBe("unchecked");
  });

  it("a model over a ref() without declared columns is DS089", () => {
    expect(brief(model(`select a\nfrom {{ ref('loose') }}`))).toEqual(["warning DS089 dbt/models/gold/m.sql:2:1 model 'm': SQL not checked for column names: the columns of ref('loose') are unknown (it declares no columns)"]);
  });
});

describe("checkRuleSql", () => {
  const table = { columns: ["id", "client_name", "churned"], renames: { fullname: "client_name" }, hidden: ["_silver_source_ts"] };
  const at = { file: "pipelines/silver.ts", line: 7, column: 5 };
  it("a plain rule is checked; the job's cursor column is accepted", () => {
    expect(checkRuleSql({ name: "r", sql: "trim(client_name) <> '' or _silver_source_ts is null" }, "clients", table, at)).toEqual({ check: { subject: "silver 'clients': rule 'r'", status: "checked", uses: 2, unknown: 0 }, diagnostics: [] });
  });
  it("a former name is DS088 with the rename in the hint", () => {
    const r = checkRuleSql({ name: "r", sql: "trim(fullname) <> ''" }, "clients", table, at);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.message, d.location, d.hints.slice(0, 2)])).toEqual([
      ["DS088", "error", "silver 'clients': rule 'r' names column 'fullname', which the silver table does not have", at, ["'fullname' is renamed to 'client_name': use the new name", "columns of silver 'clients' are id, client_name, churned"]],
    ]);
  });
  it("a lambda in a rule is DS089", () => {
    const r = checkRuleSql({ name: "tags_ok", sql: "forall(tags, t -> t <> '')" }, "clients", table, at);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([["DS089", "warning", "silver 'clients': rule 'tags_ok': SQL not checked for column names: it uses a lambda or arrow operator (->)"]]);
  });
});
