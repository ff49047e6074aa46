// Writes or updates a source declaration file from a live schema. The file is parsed with ts-morph
// and changed by exact text edits at the nodes' positions, so everything not owned by the database
// stays byte for byte: behaviours, keys, watermark/created columns, comments, the order of tables
// and columns, the connection block, formatting. What the database owns:
// - columns: added (after the column before them in the database), removed, retyped, nullability;
// - tables: new ones appended with keys = primary key (else the first unique constraint by name,
//   else the first column with a TODO) and behaviour snapshot() with a TODO;
// - a declared table the database no longer has is kept and reported (pipelines still name it;
//   removing it is the author's decision), as `--check` reports it.
import { Node, type ObjectLiteralExpression, type PropertyAssignment, type SourceFile } from "ts-morph";
import { findSource, parseFile, type DeclaredColumn, type DeclaredTable } from "./declarations.ts";
import type { DbColumn, DbSchema, DbTable } from "./read.ts";
import { BUILDER_TYPES, builderCall, mapPgType, type ColumnMapping } from "./types.ts";

export interface WriteOptions {
  readonly schema: DbSchema;
  /** The file's current text; undefined for a new file. */
  readonly existing?: string;
  /** The path written into messages. */
  readonly fileLabel: string;
  /** The source's name (a new file's `name:`; picks among several sources of one schema). */
  readonly name: string;
  /** The module specifier of the DSL from the file (`../../dsl/index.ts`). */
  readonly dslImport: string;
  /** Host and port a new file's connection starts from. */
  readonly host: string;
  readonly port: number;
  /** Only these tables are compared (tables outside it are left alone). */
  readonly only?: readonly string[];
}

export interface WriteResult {
  readonly text: string;
  /** Warnings for the user (unmapped types, kept tables, removed key columns), one line each. */
  readonly notes: readonly string[];
}

const BEHAVIOUR_TODO = "// TODO: choose the behaviour: snapshot(), mutableDimension({ watermark }), fact({ eventDate }) or event({ eventTime })";
const SAFE_IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (name: string) => (SAFE_IDENT.test(name) ? name : JSON.stringify(name));
const q = (s: string) => JSON.stringify(s);

/** Keys of a new table: its primary key, else its first unique constraint (by name), else none. */
export function chosenKeys(t: DbTable): readonly string[] {
  return t.primaryKey.length ? t.primaryKey : (t.uniques[0] ?? []);
}

/** The builder call for column `c` of a table keyed by `keys` (key columns need no nullable option). */
function callFor(c: DbColumn, m: ColumnMapping, keys: readonly string[]): string {
  return builderCall(m, !c.nullable && !keys.includes(c.name));
}

/** Comment lines written above a new column. */
function commentsFor(m: ColumnMapping): string[] {
  return m.unmapped ? [`// ${m.unmapped}`] : m.note ? [`// ${m.note}`] : [];
}

/** `name: builder(...),` lines of a new column, with its comments, at `indent`. */
function columnLines(c: DbColumn, keys: readonly string[], indent: string): string[] {
  const m = mapPgType(c.pgType, c.kind);
  return [...commentsFor(m).map((l) => indent + l), `${indent}${key(c.name)}: ${callFor(c, m, keys)},`];
}

/** A new table's `name: table({...}),` lines at `indent`. */
export function tableLines(t: DbTable, indent: string): string[] {
  const keys = chosenKeys(t);
  const i2 = indent + "  ";
  const keyLines = keys.length
    ? [`${i2}keys: [${keys.map(q).join(", ")}],`]
    : [`${i2}// TODO: the table has no primary key or unique constraint: name its logical key`, `${i2}keys: [${q(t.columns[0]?.name ?? "id")}],`];
  return [
    `${indent}${key(t.name)}: table({`,
    `${i2}columns: {`,
    ...t.columns.flatMap((c) => columnLines(c, keys, i2 + "  ")),
    `${i2}},`,
    ...keyLines,
    `${i2}${BEHAVIOUR_TODO}`,
    `${i2}behaviour: snapshot(),`,
    `${indent}}),`,
  ];
}

/** Builders a table's columns use. */
const buildersOf = (t: DbTable) => t.columns.map((c) => mapPgType(c.pgType, c.kind).builder);

/** A camelCase identifier for the exported source (`ampere_db` -> `ampereDb`). */
export function exportName(name: string): string {
  const parts = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const id = parts.map((p, i) => (i === 0 ? p.charAt(0).toLowerCase() + p.slice(1) : p.charAt(0).toUpperCase() + p.slice(1))).join("");
  return /^[A-Za-z_$]/.test(id) ? id : `source${id.charAt(0).toUpperCase()}${id.slice(1)}`;
}

/** The text of a new declaration file. */
export function newFile(o: WriteOptions): WriteResult {
  const { schema } = o;
  const secret = `${o.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "source"}-credentials`;
  const builders = new Set(["k8sSecret", "postgresSource", "snapshot", "table", ...schema.tables.flatMap(buildersOf)]);
  const lines = [
    `// Source ${q(o.name)}: schema ${q(schema.schema)} of the PostgreSQL database ${q(schema.database)}, written by \`npm run introspect\`.`,
    "// Rerun it to follow the database: columns, types and nullability are the database's; tables,",
    "// keys, behaviours, comments and the connection are yours and stay as you write them.",
    `import { ${[...builders].sort().join(", ")} } from ${q(o.dslImport)};`,
    "",
    `export const ${exportName(o.name)} = postgresSource({`,
    `  name: ${q(o.name)},`,
    `  schema: ${q(schema.schema)},`,
    "  connection: {",
    "    // TODO: the host the cluster reaches the database at, and the project's secret handles (platform.secrets.x)",
    `    host: ${q(o.host)},`,
    `    port: ${o.port},`,
    `    database: ${q(schema.database)},`,
    `    user: k8sSecret(${q(secret)}, "user"),`,
    `    password: k8sSecret(${q(secret)}, "password"),`,
    "  },",
    "  tables: {",
    ...schema.tables.flatMap((t) => tableLines(t, "    ")),
    "  },",
    "});",
    "",
  ];
  return { text: lines.join("\n"), notes: unmappedNotes(schema, new Set(schema.tables.map((t) => t.name))) };
}

/** One note per column whose type has no mapping, in tables `tables`. */
function unmappedNotes(schema: DbSchema, tables: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const t of schema.tables) {
    if (!tables.has(t.name)) continue;
    for (const c of t.columns) {
      const m = mapPgType(c.pgType, c.kind);
      if (m.unmapped) out.push(`${schema.schema}.${t.name}.${c.name}: ${c.pgType} has no column type; written as text() with a TODO comment`);
    }
  }
  return out;
}

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Writes `o.schema` into `o.existing` (or a new file). */
export function writeSource(o: WriteOptions): WriteResult | { error: string } {
  if (o.existing === undefined) return newFile(o);
  const file = parseFile(o.fileLabel, o.existing);
  const source = findSource(file, o.schema.schema, o.name);
  if (typeof source === "string") return { error: `${o.fileLabel} ${source}` };
  const text = o.existing;
  const edits: Edit[] = [];
  const notes: string[] = [];
  const needed = new Set<string>();
  const declared = new Map(source.tables.map((t) => [t.name, t]));
  const added: DbTable[] = [];
  const touched = new Set<string>();
  for (const t of o.schema.tables) {
    const d = declared.get(t.name);
    if (!d) {
      added.push(t);
      touched.add(t.name);
      for (const b of buildersOf(t)) needed.add(b);
      needed.add("table").add("snapshot");
      continue;
    }
    const r = updateColumns(text, d, t, o.schema.schema);
    edits.push(...r.edits);
    notes.push(...r.notes);
    for (const b of r.builders) needed.add(b);
    if (r.addedUnmapped.length) touched.add(t.name);
  }
  const live = new Set(o.schema.tables.map((t) => t.name));
  for (const d of source.tables) {
    if (!live.has(d.name) && (!o.only || o.only.includes(d.name))) notes.push(`${o.schema.schema}.${d.name} is declared but not in the database: kept (remove it by hand once no pipeline uses it)`);
  }
  if (added.length) edits.push(...appendTables(text, source.tablesObject, added));
  edits.push(...importEdits(file, needed, o.dslImport));
  notes.unshift(...unmappedNotes(o.schema, touched));
  return { text: apply(text, edits), notes };
}

/** Indentation of the line holding position `pos`. */
function indentAt(text: string, pos: number): string {
  const start = text.lastIndexOf("\n", pos - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/** Index just past the end of the line holding `pos` (after its newline), or the text's end. */
function lineEnd(text: string, pos: number): number {
  const nl = text.indexOf("\n", pos);
  return nl < 0 ? text.length : nl;
}

/** Position of the comma right after `pos` (spaces skipped), or -1. */
function commaAfter(text: string, pos: number): number {
  let i = pos;
  while (i < text.length && (text[i] === " " || text[i] === "\t")) i++;
  return text[i] === "," ? i : -1;
}

interface ColumnUpdate {
  readonly edits: Edit[];
  readonly notes: string[];
  readonly builders: string[];
  readonly addedUnmapped: string[];
}

function updateColumns(text: string, d: DeclaredTable, t: DbTable, schemaName: string): ColumnUpdate {
  const out: ColumnUpdate = { edits: [], notes: [], builders: [], addedUnmapped: [] };
  const obj = d.columnsObject;
  if (!obj) {
    out.notes.push(`${schemaName}.${t.name}: columns are not an object literal { name: builder(), ... }: not updated`);
    return out;
  }
  const declared = new Map(d.columns.map((c) => [c.name, c]));
  const live = new Set(t.columns.map((c) => c.name));
  // New columns by the declared column they follow ("" = first).
  const after = new Map<string, DbColumn[]>();
  let anchor = "";
  const replaced = new Map<string, string>();
  for (const c of t.columns) {
    const dc = declared.get(c.name);
    const m = mapPgType(c.pgType, c.kind);
    if (!dc) {
      after.set(anchor, [...(after.get(anchor) ?? []), c]);
      out.builders.push(m.builder);
      if (m.unmapped) out.addedUnmapped.push(c.name);
      continue;
    }
    anchor = c.name;
    const call = retyped(dc, c, m, d.keys);
    if (call) {
      replaced.set(c.name, call.text);
      out.builders.push(call.builder);
    }
  }
  const removed = d.columns.filter((c) => !live.has(c.name));
  for (const c of removed) {
    out.notes.push(`${schemaName}.${t.name}.${c.name} is no longer in the database: removed from the declaration${d.keys.includes(c.name) ? " (it is a key column: choose the table's keys)" : " (fix what still names it)"}`);
  }
  if (!after.size && !replaced.size && !removed.length) return out;

  const props = obj.getProperties();
  if (!obj.getText().includes("\n") || props.length === 0) {
    out.edits.push(rebuildObject(text, obj, d.columns, removed, replaced, after, d.keys));
    return out;
  }
  const indent = indentAt(text, props[0]!.getStart());
  for (const c of d.columns) {
    const r = replaced.get(c.name);
    const init = c.node.getInitializer();
    if (r && init) out.edits.push({ start: init.getStart(), end: init.getEnd(), text: r });
  }
  for (const c of removed) out.edits.push(removal(text, obj, c.node));
  for (const [name, cols] of after) {
    const lines = cols.flatMap((c) => columnLines(c, d.keys, indent));
    if (name === "") {
      const first = props[0]!;
      const comments = first.getLeadingCommentRanges();
      const at = text.lastIndexOf("\n", (comments[0]?.getPos() ?? first.getStart()) - 1) + 1;
      out.edits.push({ start: at, end: at, text: lines.map((l) => `${l}\n`).join("") });
    } else {
      const node = declared.get(name)!.node;
      const comma = commaAfter(text, node.getEnd());
      if (comma < 0) out.edits.push({ start: node.getEnd(), end: node.getEnd(), text: "," });
      const at = lineEnd(text, node.getEnd());
      out.edits.push({ start: at, end: at, text: lines.map((l) => `\n${l}`).join("") });
    }
  }
  return out;
}

/** The new builder call of a declared column whose type or nullability the database changed. */
function retyped(dc: DeclaredColumn, c: DbColumn, m: ColumnMapping, keys: readonly string[]): { text: string; builder: string } | undefined {
  if (dc.type === undefined || dc.nullable === undefined) return undefined;
  // An unmapped type keeps the author's choice of builder; only its nullability follows.
  const type = m.unmapped ? dc.type : m.type;
  const isKey = keys.includes(c.name);
  const sameNull = isKey || dc.nullable === c.nullable;
  if (type === dc.type && sameNull) return undefined;
  const target = m.unmapped ? mappingOfType(dc.type) : m;
  if (!target) return undefined;
  return { text: builderCall(target, !isKey && !c.nullable), builder: target.builder };
}

/** The builder of a DSL column type (`decimal(12,4)` -> decimal(12, 4)). */
function mappingOfType(type: string): ColumnMapping | undefined {
  const dec = /^decimal\((\d+),(\d+)\)$/.exec(type);
  if (dec) return { builder: "decimal", args: [Number(dec[1]), Number(dec[2])], type };
  const builder = Object.entries(BUILDER_TYPES).find(([, t]) => t === type)?.[0];
  return builder ? { builder, args: [], type } : undefined;
}

/** Removes a property of a multi-line object: its line when it has one to itself. */
function removal(text: string, obj: ObjectLiteralExpression, p: PropertyAssignment): Edit {
  const comma = commaAfter(text, p.getEnd());
  let start = p.getStart();
  let end = comma >= 0 ? comma + 1 : p.getEnd();
  if (comma < 0) {
    // The last property without a trailing comma: take the comma before it.
    const props = obj.getProperties();
    const i = props.indexOf(p);
    if (i > 0) start = props[i - 1]!.getEnd();
    return { start, end, text: "" };
  }
  while (end < text.length && (text[end] === " " || text[end] === "\t")) end++;
  const ls = text.lastIndexOf("\n", start - 1) + 1;
  if (/^[ \t]*$/.test(text.slice(ls, start)) && (text[end] === "\n" || end === text.length)) return { start: ls, end: Math.min(end + 1, text.length), text: "" };
  return { start, end, text: "" };
}

/** Rewrites a one-line (or empty) columns object: one line again unless a comment or its length needs more. */
function rebuildObject(
  text: string,
  obj: ObjectLiteralExpression,
  declared: readonly DeclaredColumn[],
  removed: readonly DeclaredColumn[],
  replaced: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, DbColumn[]>,
  keys: readonly string[],
): Edit {
  const gone = new Set(removed.map((c) => c.name));
  const entries: { text: string; comments: string[] }[] = [];
  const push = (cols: readonly DbColumn[] | undefined) => {
    for (const c of cols ?? []) {
      const m = mapPgType(c.pgType, c.kind);
      entries.push({ text: `${key(c.name)}: ${callFor(c, m, keys)}`, comments: commentsFor(m) });
    }
  };
  push(after.get(""));
  for (const c of declared) {
    if (gone.has(c.name)) continue;
    const r = replaced.get(c.name);
    const init = c.node.getInitializer();
    entries.push({ text: r && init ? `${c.node.getText().slice(0, init.getStart() - c.node.getStart())}${r}` : c.node.getText(), comments: [] });
    push(after.get(c.name));
  }
  const indent = indentAt(text, obj.getStart());
  const oneLine = `{ ${entries.map((e) => e.text).join(", ")} }`;
  const column = obj.getStart() - (text.lastIndexOf("\n", obj.getStart() - 1) + 1);
  if (entries.every((e) => !e.comments.length) && column + oneLine.length <= 120) return { start: obj.getStart(), end: obj.getEnd(), text: oneLine };
  const inner = indent + "  ";
  const lines = entries.flatMap((e) => [...e.comments.map((c) => inner + c), `${inner}${e.text},`]);
  return { start: obj.getStart(), end: obj.getEnd(), text: `{\n${lines.join("\n")}\n${indent}}` };
}

/** Appends new tables at the end of the tables object. */
function appendTables(text: string, tables: ObjectLiteralExpression, added: readonly DbTable[]): Edit[] {
  const props = tables.getProperties();
  if (props.length === 0 || !tables.getText().includes("\n")) {
    const indent = indentAt(text, tables.getStart());
    const existing = props.map((p) => `${indent}  ${p.getText()},`);
    const lines = [...existing, ...added.flatMap((t) => tableLines(t, `${indent}  `))];
    return [{ start: tables.getStart(), end: tables.getEnd(), text: `{\n${lines.join("\n")}\n${indent}}` }];
  }
  const last = props[props.length - 1]!;
  const indent = indentAt(text, props[0]!.getStart());
  const edits: Edit[] = [];
  if (commaAfter(text, last.getEnd()) < 0) edits.push({ start: last.getEnd(), end: last.getEnd(), text: "," });
  const at = lineEnd(text, last.getEnd());
  const lines = ["", ...added.flatMap((t) => tableLines(t, indent))];
  edits.push({ start: at, end: at, text: lines.map((l) => (l ? `\n${l}` : "\n")).join("") });
  return edits;
}

/** Adds the builders the new text uses to the file's DSL import (or a new import). */
function importEdits(file: SourceFile, needed: ReadonlySet<string>, dslImport: string): Edit[] {
  if (!needed.size) return [];
  const decl = file.getImportDeclarations().find((i) => /(^|\/)dsl(\/index(\.[jt]s)?)?$/.test(i.getModuleSpecifierValue()) && !i.isTypeOnly());
  const named = decl?.getImportClause()?.getNamedBindings();
  if (decl && named && Node.isNamedImports(named)) {
    const have = named.getElements().map((e) => e.getText());
    const names = new Set(named.getElements().map((e) => (e.getAliasNode() ?? e.getNameNode()).getText()));
    const missing = [...needed].filter((n) => !names.has(n));
    if (!missing.length) return [];
    return [{ start: named.getStart(), end: named.getEnd(), text: `{ ${[...have, ...missing].sort((a, b) => a.localeCompare(b)).join(", ")} }` }];
  }
  const imports = file.getImportDeclarations();
  const at = imports.length ? imports[imports.length - 1]!.getEnd() : 0;
  const line = `import { ${[...needed].sort().join(", ")} } from ${q(dslImport)};`;
  return [{ start: at, end: at, text: imports.length ? `\n${line}` : `${line}\n` }];
}

/** Applies non-overlapping edits (insertions at one position keep their order). */
function apply(text: string, edits: readonly Edit[]): string {
  const sorted = edits.map((e, i) => ({ ...e, i })).sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
  let out = "";
  let pos = 0;
  for (const e of sorted) {
    if (e.start < pos) throw new Error(`introspect: overlapping edits at ${e.start} (a bug)`);
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + text.slice(pos);
}
