/**
 * A walk over every value of the IR, schema-free, so a new IR field is covered without changes
 * here. It reports each text (string, number or IrText) with the key it sits under and a
 * readable field path, and each argv (an array of IrText; a `command` + `args` pair as one).
 */
import type { IrGraph, IrText, SourceRef, TextPart } from "../../ir/types.ts";

/** Who declared a value: the diagnostic points there. */
export interface Owner {
  readonly label: string;
  readonly where: SourceRef | undefined;
}

export interface TextSite {
  readonly owner: Owner;
  /** Field path from the owner, e.g. `env.PGPASSWORD`, `app.sparkConf['spark.hadoop.fs.s3a.secret.key']`. */
  readonly path: string;
  /** Record key, the `name` of a `{ name, value }` entry, or the field name; undefined at the top. */
  readonly key: string | undefined;
  /** False where keys are not setting names: secret references (`{ secret, key }`), column maps. */
  readonly keyIsSetting: boolean;
  readonly text: IrText;
}

export interface ArgvSite {
  readonly owner: Owner;
  readonly path: string;
  readonly argv: readonly IrText[];
}

export interface Visitor {
  text(site: TextSite): void;
  argv(site: ArgvSite): void;
}

const TEXT_KINDS = new Set(["literal", "variable", "runtime"]);
const isPart = (v: unknown): v is TextPart => typeof v === "object" && v !== null && TEXT_KINDS.has((v as { kind?: unknown }).kind as string);
const isText = (v: unknown): v is IrText => Array.isArray(v) && v.length > 0 && v.every(isPart);
const isArgv = (v: unknown): v is IrText[] => Array.isArray(v) && v.length > 0 && v.every(isText);

/** `{ secret, key }` (optionally with a name): a reference to a Kubernetes secret, not a value. */
function isSecretRef(v: Record<string, unknown>): boolean {
  const keys = Object.keys(v);
  return typeof v.secret === "string" && typeof v.key === "string" && keys.every((k) => k === "secret" || k === "key" || k === "name");
}
/** Records whose keys are names, not settings: column maps of the job spec, Kubernetes label keys and resource names. */
const IDENTIFIER_KEYED = new Set(["renames", "casts", "nodeSelector", "requests", "limits"]);
/** Containers that add nothing to a path and pass their key on (JSON bodies). */
const TRANSPARENT = new Set(["items", "entries", "json", "text"]);
/** Bookkeeping that never reaches an emitted file as user text. */
const SKIPPED = new Set(["origin"]);

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
function segment(path: string, name: string): string {
  const shown = name.length > 80 ? `${name.slice(0, 80)}…` : name;
  return IDENT.test(shown) ? (path ? `${path}.${shown}` : shown) : `${path}[${JSON.stringify(shown)}]`;
}

interface Place {
  readonly owner: Owner;
  readonly path: string;
  readonly key: string | undefined;
  readonly keyIsSetting: boolean;
}

function walk(value: unknown, at: Place, visit: Visitor, argvDone = false): void {
  if (typeof value === "string") return visit.text({ ...at, text: [{ kind: "literal", value }] });
  if (typeof value === "number") return visit.text({ ...at, text: [{ kind: "literal", value: String(value) }] });
  if (typeof value !== "object" || value === null) return;
  if (isText(value)) return visit.text({ ...at, text: value });
  if (Array.isArray(value)) {
    if (!argvDone && isArgv(value)) visit.argv({ owner: at.owner, path: at.path, argv: value });
    value.forEach((item, i) => {
      const named = typeof item === "object" && item !== null ? (item as { name?: unknown; id?: unknown }) : {};
      const label = typeof named.name === "string" && "value" in named ? named.name : typeof named.id === "string" ? named.id : undefined;
      walk(item, { ...at, path: label !== undefined ? segment(at.path, label) : `${at.path}[${i}]` }, visit);
    });
    return;
  }
  const record = value as Record<string, unknown>;
  const keyIsSetting = at.keyIsSetting && !isSecretRef(record);
  const pair = isArgv(record.command) && isArgv(record.args);
  if (pair) visit.argv({ owner: at.owner, path: segment(at.path, "command"), argv: [...(record.command as IrText[]), ...(record.args as IrText[])] });
  for (const [field, child] of Object.entries(record)) {
    if (SKIPPED.has(field)) continue;
    // Keys are text too (node selector, sparkConf, env names): value patterns apply to them.
    visit.text({ owner: at.owner, path: segment(at.path, field), key: undefined, keyIsSetting: false, text: [{ kind: "literal", value: field }] });
    const entryValue = field === "value" && typeof record.name === "string";
    const key = entryValue ? record.name as string : TRANSPARENT.has(field) ? at.key : field;
    const path = entryValue || TRANSPARENT.has(field) ? at.path : segment(at.path, field);
    walk(child, { owner: at.owner, path, key, keyIsSetting: keyIsSetting && !IDENTIFIER_KEYED.has(at.key ?? "") }, visit, pair && (field === "command" || field === "args"));
  }
}

/** Walks one owner's object, leaving out fields walked as owners of their own. */
function walkOwner(owner: Owner, value: object, visit: Visitor, except: readonly string[] = []): void {
  const rest = Object.fromEntries(Object.entries(value).filter(([k]) => !except.includes(k)));
  walk(rest, { owner, path: "", key: undefined, keyIsSetting: true }, visit);
}

/** Visits every text and argv of the graph, each with the project, pipeline, task or model that declared it. */
export function walkGraph(graph: IrGraph, visit: Visitor): void {
  const project: Owner = { label: `project '${graph.project.id}'`, where: graph.project.origin };
  walkOwner(project, graph.project, visit);
  for (const p of graph.pipelines) {
    const pipeline: Owner = { label: `pipeline '${p.id}'`, where: p.origin };
    walkOwner(pipeline, p, visit, ["tasks"]);
    for (const t of p.tasks) walkOwner({ label: `task '${t.id}' of pipeline '${p.id}'`, where: t.origin ?? p.origin }, t, visit);
  }
  if (graph.dbt) {
    const dbt: Owner = { label: `dbt project '${graph.dbt.name}'`, where: graph.dbt.origin };
    walkOwner(dbt, graph.dbt, visit, ["models"]);
    for (const m of graph.dbt.models) walkOwner({ label: `model '${m.name}'`, where: m.origin ?? graph.dbt.origin }, m, visit);
  }
  // Anything else a later IR version adds at the top.
  walkOwner(project, graph, visit, ["project", "pipelines", "dbt"]);
}
