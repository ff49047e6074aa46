import type { SilverTable } from "../../dsl/medallion/silver.ts";
import type { PostgresSource, SourceTable } from "../../dsl/sources/table.ts";
import type { Json, IrLake } from "../ir/types.ts";

/** Environment variables the landing job reads the source credentials from. */
export const SOURCE_USER_ENV = "PGUSER";
export const SOURCE_PASSWORD_ENV = "PGPASSWORD";
/** Environment variables holding the object store keys (the AWS SDK reads these names too). */
export const S3_ACCESS_KEY_ENV = "AWS_ACCESS_KEY_ID";
export const S3_SECRET_KEY_ENV = "AWS_SECRET_ACCESS_KEY";

function behaviourJson(t: SourceTable): Json {
  const b = t.behaviour;
  // A missing or unknown behaviour was reported (DS001); nothing is written then.
  switch (b?.kind) {
    case "snapshot": return { kind: "snapshot" };
    case "mutableDimension": return { kind: "mutableDimension", watermark: b.watermark, ...(b.created ? { created: b.created } : {}), granularity: b.granularity };
    case "fact": return { kind: "fact", eventDate: b.eventDate, lookbackDays: b.lookbackDays };
    case "event": return { kind: "event", eventTime: b.eventTime, lookbackDays: b.lookbackDays, dedup: b.dedup };
    default: return { kind: "invalid" };
  }
}

/** A source table's columns, keys and behaviour, as the jobs read them. */
function tableJson(t: SourceTable): { [key: string]: Json } {
  // Invalid tables were reported (DS001); lowering still must not crash on them.
  const keys: readonly string[] = Array.isArray(t.keys) ? t.keys : [];
  return {
    name: t.name,
    columns: Object.entries(t.columns ?? {}).map(([name, c]) => ({ name, type: c?.type, nullable: keys.includes(name) ? false : c?.nullable })),
    keys: [...keys],
    behaviour: behaviourJson(t),
  };
}

const renamed = (renames: Record<string, string>, column: string) => renames[column] ?? column;

/** The silver part of a table's spec: transformations in the order the job applies them. */
function silverJson(s: SilverTable): Json {
  const t = s.table;
  const spec = s.spec;
  const renames = Object.fromEntries(Object.entries(spec.rename ?? {}).filter(([, v]) => v !== undefined)) as Record<string, string>;
  const write = spec.write ?? { mode: "merge" as const };
  const out: { [key: string]: Json } = {
    target: spec.target ?? t.name,
    write: {
      mode: write.mode,
      keys: (Array.isArray(t.keys) ? t.keys : []).map((k) => renamed(renames, k)),
      // track, orderBy and dedupe name the silver table's columns (after renames): written as they are.
      ...(write.mode === "scd2" && write.track ? { track: [...write.track] } : {}),
      ...(write.mode === "scd2" && (write.orderBy ?? spec.dedupe?.latest) ? { orderBy: (write.orderBy ?? spec.dedupe?.latest)! } : {}),
      ...(write.deleteWhen ? { deleteWhen: write.deleteWhen } : {}),
    },
    schemaEvolution: spec.schemaEvolution ?? "addColumns",
  };
  if (spec.dedupe) out.dedupe = { keys: [...spec.dedupe.by], orderBy: spec.dedupe.latest };
  if (Object.keys(renames).length) out.renames = renames;
  const casts = Object.fromEntries(Object.entries(spec.cast ?? {}).filter(([, v]) => v !== undefined)) as Record<string, string>;
  if (Object.keys(casts).length) out.casts = casts;
  if (spec.quality?.length) out.filters = spec.quality.map((r) => ({ name: r.name, sql: r.sql, onFail: r.onFail }));
  if (spec.partitionBy?.length) out.partitionBy = [...spec.partitionBy];
  return out;
}

export interface JobSpecInput {
  readonly step: "landing" | "bronze" | "silver";
  readonly app: string;
  readonly dagId: string;
  readonly lake: IrLake;
  readonly source: PostgresSource<any> | undefined;
  readonly members: readonly (SourceTable | SilverTable)[];
}

/** Builds the job spec of one SparkApplication (see spark-jobs/jobspec.schema.json). */
export function buildJobSpec(input: JobSpecInput): { [key: string]: Json } {
  const { lake, source } = input;
  const tables = input.members.map((m) => {
    if ("spec" in m && "table" in m) return { ...tableJson(m.table), silver: silverJson(m) };
    return tableJson(m as SourceTable);
  });
  return {
    version: 1,
    job: input.step,
    app: input.app,
    pipeline: input.dagId,
    format: lake.format,
    ...(input.step === "landing" && source
      ? {
          source: {
            system: "postgres",
            name: source.name,
            schema: source.schema,
            jdbc: {
              host: source.connection?.host,
              port: source.connection?.port ?? 5432,
              database: source.connection?.database,
              userEnv: SOURCE_USER_ENV,
              passwordEnv: SOURCE_PASSWORD_ENV,
              fetchSize: source.connection?.fetchSize ?? 10000,
            },
          },
        }
      : {}),
    lake: {
      raw: lake.raw, state: lake.state, bronze: lake.bronze, registry: lake.registry, silver: lake.silver, quarantine: lake.quarantine,
      // The SparkApplication feeds these from secretKeyRefs; the job also hands them to s3a.
      s3: { accessKeyEnv: S3_ACCESS_KEY_ENV, secretKeyEnv: S3_SECRET_KEY_ENV },
    },
    tables,
  };
}
