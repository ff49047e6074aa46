// Reads a source declaration file with ts-morph (never imports it: no secrets, project or DSL
// needed): the postgresSource({...}) call of a schema, its tables and each column's builder call.
import { Node, Project, SyntaxKind, type CallExpression, type ObjectLiteralExpression, type PropertyAssignment, type SourceFile } from "ts-morph";
import { builderType } from "./types.ts";

export interface DeclaredColumn {
  readonly name: string;
  readonly node: PropertyAssignment;
  /** The DSL column type of its builder call; undefined when it is not a plain builder call. */
  readonly type?: string;
  /** `{ nullable: false }` gives false; undefined when not a plain builder call. */
  readonly nullable?: boolean;
}

export interface DeclaredTable {
  readonly name: string;
  readonly node: PropertyAssignment;
  /** The `columns: {...}` object; undefined when not an object literal. */
  readonly columnsObject?: ObjectLiteralExpression;
  readonly columns: readonly DeclaredColumn[];
  /** `keys: [...]` when a literal array of strings. */
  readonly keys: readonly string[];
}

export interface DeclaredSource {
  readonly file: SourceFile;
  readonly call: CallExpression;
  readonly name?: string;
  readonly schema: string;
  readonly tablesObject: ObjectLiteralExpression;
  readonly tables: readonly DeclaredTable[];
}

/** Parses `text` (path `filePath`, for messages) without touching the disk. */
export function parseFile(filePath: string, text: string): SourceFile {
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: false } });
  return project.createSourceFile(filePath.replace(/^.*[\\/]/, "/"), text, { overwrite: true });
}

/** A property's name as written (`a`, `"a b"` -> `a b`). */
export function propertyName(p: PropertyAssignment): string {
  const n = p.getNameNode();
  if (Node.isStringLiteral(n) || Node.isNoSubstitutionTemplateLiteral(n)) return n.getLiteralValue();
  return n.getText();
}

function property(o: ObjectLiteralExpression, name: string): PropertyAssignment | undefined {
  for (const p of o.getProperties()) if (Node.isPropertyAssignment(p) && propertyName(p) === name) return p;
  return undefined;
}

function stringValue(p: PropertyAssignment | undefined): string | undefined {
  const v = p?.getInitializer();
  return v && (Node.isStringLiteral(v) || Node.isNoSubstitutionTemplateLiteral(v)) ? v.getLiteralValue() : undefined;
}

const calleeName = (c: CallExpression) => c.getExpression().getText().replace(/^.*\./, "");

/** The postgresSource calls of a file, with their schema and name. */
export function sourcesOf(file: SourceFile): { call: CallExpression; schema?: string; name?: string; settings?: ObjectLiteralExpression }[] {
  return file.getDescendantsOfKind(SyntaxKind.CallExpression).filter((c) => calleeName(c) === "postgresSource").map((call) => {
    const settings = call.getArguments()[0];
    if (!settings || !Node.isObjectLiteralExpression(settings)) return { call };
    return { call, settings, schema: stringValue(property(settings, "schema")), name: stringValue(property(settings, "name")) };
  });
}

/**
 * The declaration of schema `schema` in `file` (the one named `name` when several declare it).
 * @returns a string explaining why there is none
 */
export function findSource(file: SourceFile, schema: string, name?: string): DeclaredSource | string {
  const all = sourcesOf(file);
  let matching = all.filter((s) => s.schema === schema);
  if (matching.length > 1 && name) matching = matching.filter((s) => s.name === name);
  if (matching.length === 0) return all.length ? `declares no postgresSource of schema ${JSON.stringify(schema)} (it declares ${all.map((s) => JSON.stringify(s.schema ?? "?")).join(", ")})` : "declares no postgresSource({...})";
  if (matching.length > 1) return `declares ${matching.length} postgresSources of schema ${JSON.stringify(schema)}; pick one with --name`;
  const s = matching[0]!;
  const tablesProp = property(s.settings!, "tables");
  const tablesObject = tablesProp?.getInitializer();
  if (!tablesObject || !Node.isObjectLiteralExpression(tablesObject)) return "the postgresSource's tables are not an object literal { name: table({...}), ... }";
  const tables: DeclaredTable[] = [];
  for (const p of tablesObject.getProperties()) {
    if (!Node.isPropertyAssignment(p)) continue;
    tables.push(readTable(p));
  }
  return { file, call: s.call, ...(s.name !== undefined ? { name: s.name } : {}), schema, tablesObject, tables };
}

function readTable(p: PropertyAssignment): DeclaredTable {
  const init = p.getInitializer();
  const spec = init && Node.isCallExpression(init) ? init.getArguments()[0] : undefined;
  const empty = { name: propertyName(p), node: p, columns: [], keys: [] };
  if (!spec || !Node.isObjectLiteralExpression(spec)) return empty;
  const cols = property(spec, "columns")?.getInitializer();
  const keysInit = property(spec, "keys")?.getInitializer();
  const keys = keysInit && Node.isArrayLiteralExpression(keysInit)
    ? keysInit.getElements().flatMap((e) => (Node.isStringLiteral(e) || Node.isNoSubstitutionTemplateLiteral(e) ? [e.getLiteralValue()] : []))
    : [];
  if (!cols || !Node.isObjectLiteralExpression(cols)) return { ...empty, keys };
  const columns: DeclaredColumn[] = [];
  for (const c of cols.getProperties()) if (Node.isPropertyAssignment(c)) columns.push(readColumn(c));
  return { name: propertyName(p), node: p, columnsObject: cols, columns, keys };
}

function readColumn(p: PropertyAssignment): DeclaredColumn {
  const name = propertyName(p);
  const init = p.getInitializer();
  if (!init || !Node.isCallExpression(init)) return { name, node: p };
  const args = init.getArguments();
  const numbers: number[] = [];
  let nullable = true;
  for (const a of args) {
    if (Node.isNumericLiteral(a)) numbers.push(a.getLiteralValue());
    else if (Node.isObjectLiteralExpression(a)) {
      const v = property(a, "nullable")?.getInitializer();
      if (v?.getKind() === SyntaxKind.FalseKeyword) nullable = false;
      else if (v && v.getKind() !== SyntaxKind.TrueKeyword) return { name, node: p };
    } else return { name, node: p };
  }
  const type = builderType(calleeName(init), numbers);
  return type === undefined ? { name, node: p } : { name, node: p, type, nullable };
}
