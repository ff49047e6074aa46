// What the local run must stand in for, read from the compiled project (the IR): the object
// store and its buckets, the PostgreSQL servers and databases, the images this project builds.
import type { IrGraph, IrSecret } from "../../generators/ir/types.ts";

export interface SecretRef {
  readonly secret: string;
  readonly key: string;
}

export interface LocalPlatform {
  readonly s3: { readonly host: string; readonly port: number; readonly buckets: readonly string[]; readonly accessKey: SecretRef; readonly secretKey: SecretRef } | undefined;
  /** Every PostgreSQL the platform reaches (source databases, the serving database). */
  readonly postgres: readonly { readonly host: string; readonly port: number; readonly database: string; readonly user: SecretRef | undefined; readonly password: SecretRef | undefined }[];
  /** Repositories of the images this project builds (their content is known: see images.ts). */
  readonly sparkImage: string | undefined;
  readonly dbtImage: string | undefined;
  /** Every Kubernetes secret key some task reads. */
  readonly secretsUsed: readonly SecretRef[];
}

const ref = (s: IrSecret | { secret: string; key: string }): SecretRef => ({ secret: s.secret, key: s.key });

export function localPlatform(graph: IrGraph): LocalPlatform {
  const lake = graph.project.lake;
  const s3 = lake ? { ...hostPort(lake.endpoint), buckets: bucketsOf(graph), accessKey: ref(lake.accessKey), secretKey: ref(lake.secretKey) } : undefined;

  const postgres: LocalPlatform["postgres"][number][] = [];
  for (const pipeline of graph.pipelines) {
    for (const task of pipeline.tasks) {
      if (task.kind !== "spark") continue;
      const jdbc = (task.app.jobSpec.source as { jdbc?: { host: string; port: number; database: string; userEnv?: string; passwordEnv?: string } } | undefined)?.jdbc;
      if (!jdbc) continue;
      const secretOf = (env: string | undefined) => task.app.secretEnv.find((s) => s.name === env);
      const user = secretOf(jdbc.userEnv);
      const password = secretOf(jdbc.passwordEnv);
      postgres.push({ host: jdbc.host, port: jdbc.port, database: jdbc.database, user: user && ref(user), password: password && ref(password) });
    }
  }
  const serving = graph.dbt?.serving;
  if (serving) postgres.push({ host: serving.host, port: serving.port, database: serving.database, user: ref(serving.user), password: ref(serving.password) });

  return {
    s3,
    postgres: dedupe(postgres, (p) => `${p.host}:${p.port}/${p.database}`),
    sparkImage: graph.project.spark?.image.repository,
    dbtImage: graph.dbt?.image.repository,
    secretsUsed: dedupe(secretRefsIn(graph.pipelines), (s) => `${s.secret}/${s.key}`),
  };
}

/** `http://minio.ns.svc.cluster.local:9000` -> host and port (80/443 when none is written). */
export function hostPort(endpoint: string): { host: string; port: number } {
  const url = new URL(endpoint);
  return { host: url.hostname, port: url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80 };
}

/** Every bucket any string of the IR names in an s3:// or s3a:// URI. */
function bucketsOf(graph: IrGraph): string[] {
  const found = new Set<string>();
  walkStrings(graph, (text) => {
    for (const match of text.matchAll(/\bs3a?:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?=\/|$|")/g)) found.add(match[1]!);
  });
  return [...found].sort();
}

/** Objects of the IR shaped like a secret reference ({ secret, key } strings). */
function secretRefsIn(value: unknown): SecretRef[] {
  const found: SecretRef[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === "object") {
      const record = node as Record<string, unknown>;
      if (typeof record.secret === "string" && typeof record.key === "string") found.push({ secret: record.secret, key: record.key });
      Object.values(record).forEach(visit);
    }
  };
  visit(value);
  return found;
}

function walkStrings(value: unknown, onString: (text: string) => void): void {
  if (typeof value === "string") onString(value);
  else if (Array.isArray(value)) value.forEach((v) => walkStrings(v, onString));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => walkStrings(v, onString));
}

function dedupe<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}
