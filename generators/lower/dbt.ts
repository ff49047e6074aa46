import type { DbtProject } from "../../dsl/dbt/project.ts";
import type { DbtModel } from "../../dsl/dbt/model.ts";
import type { DbtSourceTable } from "../../dsl/dbt/sources.ts";
import type { DataTest } from "../../dsl/dbt/tests.ts";
import { isKind, type ImageHandle, type SecretHandle } from "../../dsl/values.ts";
import { error, warning } from "../diagnostics/diagnostic.ts";
import type { IrDataTest, IrDbtModel, IrDbtProject, IrDbtRelation, IrDbtSource, IrImage, IrSecret, SourceRef } from "../ir/types.ts";
import { lakeDatasetId } from "../ir/datasets.ts";
import type { LowerContext } from "./context.ts";
import { checkDbtValues } from "./dbt-check.ts";
import { checkDbtColumns } from "./dbt-columns.ts";
import { datasetColumns } from "./dataset-columns.ts";
import { identifierProblem } from "./dbt-values.ts";
import { MODELS_DIR, sqlPathProblem, type ReadProjectFile } from "./dbt-sql.ts";
import { toposort } from "./toposort.ts";


const REF = /\bref\(\s*['"]([^'"]+)['"]\s*\)/g;
const SOURCE = /\bsource\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)/g;

/** The relations a model's SQL reads, found in its ref() and source() calls. */
export function relationsInSql(sql: string): IrDbtRelation[] {
  const out: IrDbtRelation[] = [];
  for (const m of sql.matchAll(REF)) out.push({ kind: "model", name: m[1]! });
  for (const m of sql.matchAll(SOURCE)) out.push({ kind: "source", source: m[1]!, name: m[2]! });
  return out;
}

export const relationKey = (r: IrDbtRelation) => (r.kind === "model" ? `ref('${r.name}')` : `source('${r.source}', '${r.name}')`);

interface DbtEnv {
  readonly ctx: LowerContext;
  readonly images: Map<ImageHandle, IrImage>;
  readonly secrets: Map<SecretHandle, IrSecret>;
  readonly readFile: ReadProjectFile;
  /** The lake's gold root, when declared (Delta publishing needs it). */
  readonly lakeGold: string | undefined;
}

/** Lowers the dbt project: sources, models (SQL read from dbt/models), tests; checks refs. */
export function lowerDbtProject(decl: DbtProject, file: string, env: DbtEnv): IrDbtProject {
  const { ctx } = env;
  const where = ctx.ref(decl.origin);
  const image = env.images.get(decl.image);
  if (!image) ctx.report(error("DS003", `dbt project '${decl.name}' uses an image that is not in the project's images`, where));
  checkDbtValues(decl, ctx, (t) => datasetColumns(t.dataset));
  checkDbtColumns(decl, ctx);
  // Every generated SQL file names this file in a comment, and dbt renders SQL as Jinja.
  if (!/^[A-Za-z0-9_./-]+$/.test(file)) ctx.report(error("DS001", `dbt project '${decl.name}' is declared in ${JSON.stringify(file)}, a file name the generated dbt SQL cannot carry`, where, "rename the file: letters, digits, _, -, . and /"));

  const sourceNames = new Set<string>();
  for (const src of decl.sources ?? []) {
    if (sourceNames.has(src.name)) ctx.report(error("GR024", `dbt project '${decl.name}' has two sources named '${src.name}'`, ctx.ref(src.origin) ?? where));
    sourceNames.add(src.name);
  }
  const sourceTables = new Map<DbtSourceTable, IrDbtRelation>();
  const sources: IrDbtSource[] = (decl.sources ?? []).map((src) => {
    const tables = Object.values(src.tables) as DbtSourceTable[];
    for (const t of tables) sourceTables.set(t, { kind: "source", source: src.name, name: t.name });
    return {
      name: src.name,
      layer: src.layer,
      loadedAtField: src.loadedAtField,
      freshness: src.freshness,
      tables: tables.map((t) => ({ name: t.name, dataset: lakeDatasetId(src.layer, t.name) })),
    };
  });
  const declaredSources = new Set([...sourceTables.values()].map(relationKey));

  const modelNames = new Map<DbtModel, string>();
  const seen = new Map<string, DbtModel>();
  for (const m of decl.models ?? []) {
    if (seen.has(m.name)) ctx.report(error("GR015", `model '${m.name}' is declared twice`, ctx.ref(m.origin)));
    seen.set(m.name, m);
    modelNames.set(m, m.name);
  }
  const relationOf = (h: DbtModel | DbtSourceTable, user: string, at: SourceRef | undefined): IrDbtRelation | undefined => {
    if (isKind(h, "dbt-model")) {
      if (modelNames.has(h as DbtModel)) return { kind: "model", name: (h as DbtModel).name };
      ctx.report(error("GR013", `${user} depends on model '${(h as DbtModel).name}', which is not in dbtProject({ models })`, at));
      return undefined;
    }
    const r = sourceTables.get(h as DbtSourceTable);
    if (!r) ctx.report(error("GR013", `${user} depends on source table '${(h as DbtSourceTable)?.name}', which is not in the project's sources`, at));
    return r;
  };
  const columnsOf = (h: DbtModel | DbtSourceTable): string[] =>
    isKind(h, "dbt-model") ? Object.keys((h as DbtModel).columns ?? {}) : datasetColumns((h as DbtSourceTable).dataset).map((c) => c.name);
  const testOf = (t: DataTest, user: string, at: SourceRef | undefined): IrDataTest | undefined => {
    if (t.kind !== "relationships") return t.kind === "accepted_values" ? { kind: t.kind, values: [...t.values], severity: t.severity } : t.kind === "expression" ? { kind: t.kind, expression: t.expression, severity: t.severity } : { kind: t.kind, severity: t.severity };
    const to = relationOf(t.to, user, at);
    if (to) {
      // Untyped callers only (the types check the field); a non-identifier field is DS001 already.
      const columns = columnsOf(t.to);
      if (columns.length && !columns.includes(t.field) && !identifierProblem(t.field)) {
        ctx.report(error("DS086", `${user} references column '${t.field}' of ${relationKey(to)}, which has no such column`, ctx.ref(t.origin) ?? at, `columns of ${relationKey(to)} are ${columns.join(", ")}`));
      }
    }
    return to ? { kind: "relationships", to, field: t.field, severity: t.severity } : undefined;
  };

  /** The model's SQL, read only from inside dbt/models/ (DS030 otherwise) through a plain path (DS001 otherwise). */
  const readModelSql = (m: DbtModel, sqlFile: string, at: SourceRef | undefined): string | undefined => {
    const problem = sqlPathProblem(m.sql);
    if (problem) {
      ctx.report(error(problem.code, `sql path ${JSON.stringify(m.sql)} of model '${m.name}' ${problem.why}`, at));
      return undefined;
    }
    const read = env.readFile(sqlFile, MODELS_DIR);
    if (read.kind === "outside") ctx.report(error("DS030", `sql path ${JSON.stringify(m.sql)} of model '${m.name}' resolves (through a symlink) outside ${MODELS_DIR}/`, at));
    if (read.kind === "missing") ctx.report(error("DS020", `SQL of model '${m.name}' not found at ${sqlFile}`, at));
    return read.kind === "text" ? read.text : undefined;
  };

  const models: IrDbtModel[] = (decl.models ?? []).map((m) => {
    const at = ctx.ref(m.origin);
    const sqlFile = `${MODELS_DIR}/${m.sql}`;
    const sql = readModelSql(m, sqlFile, at);
    const dependsOn = (m.dependsOn ?? []).map((d) => relationOf(d, `model '${m.name}'`, at)).filter((r): r is IrDbtRelation => r !== undefined);
    const declared = new Set(dependsOn.map(relationKey));
    const used = relationsInSql(sql ?? "");
    for (const r of used) {
      const key = relationKey(r);
      const known = r.kind === "model" ? seen.has(r.name) : declaredSources.has(key);
      if (!known) ctx.report(error("GR013", `model '${m.name}' reads ${key}, which the dbt project does not declare`, at));
      else if (!declared.has(key)) ctx.report(error("GR012", `model '${m.name}' reads ${key} in its SQL but does not list it in dependsOn`, at));
    }
    const usedKeys = new Set(used.map(relationKey));
    if (sql !== undefined) for (const r of dependsOn) if (!usedKeys.has(relationKey(r))) ctx.report(warning("GR012", `model '${m.name}' lists ${relationKey(r)} in dependsOn, but its SQL does not read it`, at));
    const mat = m.materialized ?? { kind: "table" as const };
    return {
      name: m.name,
      origin: at,
      sqlFile,
      sql: sql ?? "",
      layer: m.layer,
      materialized: mat.kind === "incremental" ? { kind: "incremental", uniqueKey: [...mat.uniqueKey], lookbackDays: mat.lookbackDays ?? 0 } : { kind: mat.kind },
      tags: [...new Set([m.layer, ...(m.tags ?? []), ...(m.publish?.postgres || m.publish?.delta ? ["publish"] : [])])].sort(),
      alias: m.alias,
      description: m.description,
      columns: Object.entries(m.columns ?? {}).map(([name, c]) => ({
        name,
        type: c.type,
        ...(c.description ? { description: c.description } : {}),
        tests: c.tests.map((t) => testOf(t, `a test of '${m.name}.${name}'`, at)).filter((t): t is IrDataTest => t !== undefined),
      })),
      dependsOn: dependsOn.sort((a, b) => (relationKey(a) < relationKey(b) ? -1 : 1)),
      publish: { ...(m.publish?.postgres ? { postgres: { schema: m.publish.postgres.schema } } : {}), ...(m.publish?.delta ? { delta: true } : {}) },
    };
  });

  const byName = new Map(models.map((m) => [m.name, m]));
  const { order, cycle } = toposort(models.map((m) => m.name), (n) => byName.get(n)!.dependsOn.filter((d) => d.kind === "model").map((d) => d.name));
  if (cycle) ctx.report(error("GR014", `models ${cycle.map((c) => `'${c}'`).join(" → ")} → '${cycle[0]}' depend on each other`, byName.get(cycle[0]!)?.origin));
  const rank = new Map(order.map((n, i) => [n, i]));

  const secret = (h: SecretHandle, what: string): IrSecret => {
    const s = env.secrets.get(h);
    if (!s) ctx.report(error("DS004", `${what} of dbt project '${decl.name}' uses a secret that is not in the project's secrets`, where));
    return s ?? { name: "?", secret: h?.secret ?? "?", key: h?.key ?? "?" };
  };
  const serving = decl.serving
    ? { host: decl.serving.host, port: decl.serving.port ?? 5432, database: decl.serving.database, user: secret(decl.serving.user, "serving.user"), password: secret(decl.serving.password, "serving.password") }
    : undefined;
  if (models.some((m) => m.publish.delta) && !env.lakeGold) ctx.report(error("DS011", `dbt project '${decl.name}' publishes models as Delta but the project's lake declares no gold root`, where, "add lake: { gold: \"s3a://bucket/gold\" }"));
  if (models.some((m) => m.publish.postgres) && !serving) ctx.report(error("DS001", `dbt project '${decl.name}' publishes models to PostgreSQL but declares no serving database`, where));

  return {
    name: decl.name,
    origin: where,
    file,
    image: image ?? { name: "?", repository: decl.image?.repository ?? "?", tag: [], pullPolicy: "IfNotPresent" },
    sources,
    models: [...models].sort((a, b) => (rank.get(a.name) ?? 0) - (rank.get(b.name) ?? 0)),
    duckdb: { path: decl.duckdb?.path ?? `/tmp/${decl.name}.duckdb`, threads: decl.duckdb?.threads ?? 2, memoryLimit: decl.duckdb?.memoryLimit },
    serving,
    artifacts: decl.artifacts,
  };
}
