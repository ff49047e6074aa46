/**
 * checkLiteralCredentials (SC001–SC006): no credential written as text reaches generated/,
 * wherever it sits in the IR. Secret handles, Airflow connections, Variables without fallback
 * and run-time values are accepted, and the reference pipelines stay clean.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  airflowConnection, dbtProject, dbtRun, group, image, int32, k8sSecret, landing, manual, pipeline, postgresSource, project, runDate, snapshot, table, template, text, variable,
  type LakeSettings, type SparkSettings, type Text,
} from "../../../dsl/index.ts";
import { checkLiteralCredentials } from "../../../generators/checks/credentials.ts";
import { compileProject } from "../../../generators/compile.ts";
import type { Diagnostic } from "../../../generators/diagnostics/diagnostic.ts";
import { lower } from "../../../generators/lower/index.ts";
import { lineOf, relativeFile, ROOT } from "../lower/helpers.ts";

const FILE = relativeFile(import.meta.url);

const secrets = {
  pgUser: k8sSecret("pg", "user"),
  pgPassword: k8sSecret("pg", "password"),
  s3Access: k8sSecret("s3", "access_key"),
  s3Secret: k8sSecret("s3", "secret_key"),
};
const images = { tool: image("ghcr.io/acme/tool", { tag: "1.0" }), spark: image("ghcr.io/acme/spark", { tag: "1.0" }) };
type Overrides = { lake?: Partial<LakeSettings>; spark?: Partial<SparkSettings>; connId?: string };

/** A project with a lake and Spark; `over` replaces single settings. */
function platformWith(over: Overrides = {}) {
  return project({
    id: "acme", startDate: "2025-08-24", namespace: "lake", images, secrets,
    connections: { api: airflowConnection(over.connId ?? "acme_api") },
    lake: { endpoint: "http://minio:9000", accessKey: secrets.s3Access, secretKey: secrets.s3Secret, raw: "s3a://raw/r", bronze: "s3a://bronze/b", silver: "s3a://silver/s", ...over.lake },
    spark: { image: images.spark, ...over.spark },
  });
}
const platform = platformWith();
type Platform = typeof platform;

const sourceWith = (host = "db") =>
  postgresSource({ name: "shop", schema: "public", connection: { host, database: "shop", user: secrets.pgUser, password: secrets.pgPassword }, tables: { orders: table({ columns: { id: int32(), token: text() }, keys: ["id"], behaviour: snapshot() }) } });

/** Lowers and checks; returns "CODE message" lines. Lowering must be clean. */
function findings(p: Platform, pipelines: ReturnType<typeof pipeline>[], dbt?: ReturnType<typeof dbtProject>): string[] {
  const { graph, diagnostics } = lower({ root: ROOT, project: p, pipelines: pipelines.map((pipeline) => ({ pipeline, file: FILE })), ...(dbt ? { dbtProjects: [{ project: dbt, file: FILE }] } : {}) });
  expect(diagnostics).toEqual([]);
  return checkLiteralCredentials(graph).map((d) => `${d.code} ${d.message}`);
}
const codes = (lines: string[]) => lines.map((l) => l.slice(0, 5));

function pod(env: Record<string, Text | typeof secrets.pgUser>, args: Text[] = [], command: Text[] = [], p: Platform = platform): string[] {
  return findings(p, [pipeline({ id: "creds", schedule: manual, tasks: (t) => void t.pod("run", { image: p.images.tool, env, args, command }) })]);
}
function http(spec: { endpoint?: Text; headers?: Record<string, string>; body?: Record<string, unknown> }, p: Platform = platform): string[] {
  return findings(p, [pipeline({ id: "api", schedule: manual, tasks: (t) => void t.http("call", { connection: p.connections.api, endpoint: spec.endpoint ?? "/x", headers: spec.headers, body: spec.body }) })]);
}
function sparkLanding(p: Platform, options: Parameters<typeof group>[2] = {}, host?: string): string[] {
  const src = sourceWith(host);
  return findings(p, [landing({ id: "land", schedule: manual, source: src, groups: [group("all", [src.tables.orders], options) as never] })]);
}
function dbt(spec: { env?: Record<string, Text>; path?: string; artifacts?: string; host?: string }): string[] {
  const warehouse = dbtProject({ name: "wh", image: platform.images.tool, sources: [], models: [], duckdb: { path: spec.path ?? "/tmp/wh.duckdb" }, artifacts: spec.artifacts, ...(spec.host ? { serving: { host: spec.host, database: "serving", user: secrets.pgUser, password: secrets.pgPassword } } : {}) });
  return findings(platform, [dbtRun({ id: "wh", name: "wh", project: warehouse, schedule: manual, mode: "daily_refresh", env: spec.env })], warehouse);
}

describe("the leaks of the issue: each refused with an SC code", () => {
  it("Spark group env", () => {
    expect(sparkLanding(platform, { env: { DB_PASSWORD: "hunter2" } })).toEqual(["SC001 task 'run__sparkapp__group_all' of pipeline 'land': app.env.DB_PASSWORD is a credential written as literal text"]);
  });

  it("project Spark sparkConf spark.hadoop.fs.s3a.secret.key, reported once at the project (not per SparkApplication)", () => {
    expect(sparkLanding(platformWith({ spark: { sparkConf: { "spark.hadoop.fs.s3a.secret.key": "wJalrXUtnFEMI" } } }))).toEqual([
      `SC001 project 'acme': spark.sparkConf["spark.hadoop.fs.s3a.secret.key"] is a credential written as literal text`,
    ]);
  });

  it("group sparkConf spark.hadoop.fs.s3a.access.key", () => {
    expect(codes(sparkLanding(platform, { sparkConf: { "spark.hadoop.fs.s3a.access.key": "AKIAEXAMPLE" } }))).toEqual(["SC001"]);
  });

  it("a jar URL with user:pass@", () => {
    expect(sparkLanding(platformWith({ spark: { jars: ["https://deploy:hunter2@repo.example.com/x.jar"] } }))).toEqual(["SC002 project 'acme': spark.jars[0] holds a URL with user:password@"]);
  });

  it("the lake endpoint URI with user:pass@", () => {
    expect(codes(sparkLanding(platformWith({ lake: { endpoint: "http://minio:hunter2@minio:9000" } })))).toEqual(["SC002"]);
  });

  it("the source host as a URI with user:pass@ (job spec and --spec-json)", () => {
    expect(sparkLanding(platform, {}, "postgres://app:hunter2@db")).toEqual(["SC002 task 'run__sparkapp__group_all' of pipeline 'land': app.jobSpec.source.jdbc.host holds a URL with user:password@"]);
  });

  it("dbtRun env", () => {
    expect(dbt({ env: { DBT_ENV_SECRET_TOKEN: "abc123" } })).toEqual(["SC001 task 'run__wh__dbt_build' of pipeline 'wh': env.DBT_ENV_SECRET_TOKEN is a credential written as literal text"]);
  });

  it("a DuckDB path with ?token=", () => {
    expect(codes(dbt({ path: "md:wh?motherduck_token=eyJhbGci" }))).toEqual(["SC003"]);
  });

  it("an artifact URI with user:pass@, and the serving host", () => {
    expect(codes(dbt({ artifacts: "s3://AKIA:hunter2@bucket/dbt" }))).toEqual(["SC002"]);
    expect(codes(dbt({ host: "postgres://u:hunter2@db" }))).toEqual(["SC002"]);
  });

  it("an HTTP body field and a Cookie header", () => {
    expect(http({ body: { user: "app", password: "hunter2" } })).toEqual(["SC001 task 'call' of pipeline 'api': body.password is a credential written as literal text"]);
    expect(codes(http({ body: { nested: [{ api_key: "abc" }] } }))).toEqual(["SC001"]);
    expect(http({ headers: { Cookie: "session=abc" } })).toEqual(["SC001 task 'call' of pipeline 'api': headers.Cookie is a credential written as literal text"]);
    expect(codes(http({ headers: { "Set-Cookie": "session=abc" } }))).toEqual(["SC001"]);
  });

  it("a connection id with credentials", () => {
    expect(http({}, platformWith({ connId: "postgres://app:hunter2@db/app" }))).toEqual(["SC002 project 'acme': connections[0].connId holds a URL with user:password@"]);
  });

  it.each(["KEY", "MYSQL_PWD", "SSH_KEY", "ENCRYPTION_KEY", "GITHUB_PAT", "PASSPHRASE", "AUTH_HEADER", "PGPASSWORD", "AWS_SECRET_ACCESS_KEY", "X_API_KEY", "apiToken"])("env %s", (name) => {
    expect(pod({ [name]: "hunter2" })).toEqual([`SC001 task 'run' of pipeline 'creds': env.${name} is a credential written as literal text`]);
  });

  it("AUTH_HEADER: \"Bearer …\", and a Bearer token under any name", () => {
    expect(codes(pod({ AUTH_HEADER: "Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc" }))).toEqual(["SC001"]);
    expect(pod({ CURL_OPTS: "-H 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc'" })).toEqual(["SC005 task 'run' of pipeline 'creds': env.CURL_OPTS holds a 'Bearer' token as literal text"]);
    expect(codes(pod({}, ["curl", "-H", "Authorization: Basic YXBwOmh1bnRlcjI="]))).toEqual(["SC005"]);
  });

  it("-p pw (mysql family), also -ppw and inside a shell string", () => {
    expect(pod({}, ["-u", "app", "-p", "hunter2"], ["mysql"])).toEqual(["SC004 task 'run' of pipeline 'creds': command passes literal text after the credential flag '-p'"]);
    expect(codes(pod({}, ["-uapp", "-phunter2"], ["mysqldump"]))).toEqual(["SC004"]);
    expect(codes(pod({}, [], ["sh", "-c", "mysql -u app -p hunter2 shop"]))).toEqual(["SC004"]);
    expect(codes(pod({}, [], ["sshpass", "-p", "hunter2", "ssh", "host"]))).toEqual(["SC004"]);
  });

  it("sh -c \"PGPASSWORD=pw psql\"", () => {
    expect(pod({}, [], ["sh", "-c", "PGPASSWORD=hunter2 psql -h db"])).toEqual(["SC003 task 'run' of pipeline 'creds': command[2] sets 'PGPASSWORD=' to literal text"]);
    expect(codes(pod({}, [], ["bash", "-c", "export MYSQL_PWD='hunter2'; mysql"]))).toEqual(["SC003"]);
  });
});

describe("credentials by key", () => {
  it("refuses a Variable fallback where a credential belongs (it is written into the DAG file)", () => {
    expect(pod({ PGPASSWORD: variable("pg_password", "hunter2") })).toEqual(["SC006 task 'run' of pipeline 'creds': env.PGPASSWORD reads Variable 'pg_password', whose fallback is written into the DAG file"]);
    expect(codes(pod({ API_TOKEN: template`Bearer ${variable("api_token", "abc")}` }))).toEqual(["SC006"]);
    expect(codes(pod({}, ["--password", variable("pw", "hunter2")]))).toEqual(["SC006"]);
  });

  it("accepts secret handles, Variables without fallback and run-time values", () => {
    expect(pod({ PGPASSWORD: secrets.pgPassword, API_TOKEN: variable("api_token", ""), AUTH: template`Bearer ${variable("t", "")}`, KEY: runDate })).toEqual([]);
    expect(pod({}, ["--password", variable("pw", ""), "--token", runDate])).toEqual([]);
  });

  it("accepts names that say where a credential lives, data keys and empty values", () => {
    expect(pod({ PGPASSWORD: "", PASSWORD_FILE: "/var/run/secrets/pg", TOKEN_URL: "https://auth.example.com/token", PASSWORDLESS: "true", PARTITION_KEY: "id", PUBLIC_KEY: "ssh-ed25519 AAAA", BYPASS: "1" })).toEqual([]);
  });

  it("leaves Kubernetes label keys and column maps alone", () => {
    expect(findings(project({ id: "acme", startDate: "2025-08-24", namespace: "lake", placement: { nodeSelector: { "example.com/node-key": "pool-a" } } }), [pipeline({ id: "m", schedule: manual, tasks: (t) => void t.marker("m") })])).toEqual([]);
  });

  it("leaves the secret references of secretKeyRefs and the job spec's env names alone (the reference pipelines have them)", async () => {
    const out = await compileProject(path.resolve(ROOT), { typecheck: false });
    expect(out.diagnostics).toEqual([]);
  }, 60_000);
});

describe("credentials by shape", () => {
  it("a URL with a password anywhere; none without", () => {
    expect(pod({ DATABASE_URL: "postgresql://app:hunter2@db:5432/app" })).toEqual(["SC002 task 'run' of pipeline 'creds': env.DATABASE_URL holds a URL with user:password@"]);
    expect(pod({ DATABASE_URL: "postgresql://app@db:5432/app", S3: "s3a://bucket/path", HOST: "http://host:8080/x", REF: "ghcr.io/a/b:1.0@sha256:abc", PW_URL: template`postgresql://app:${variable("pw", "")}@db` })).toEqual([]);
  });

  it("inline name=value credentials; not references or other names", () => {
    for (const arg of ["--token=x", "--password=hunter2", "--db-password=hunter2", "--api_key=abc", "password=x", "--client-secret=s3cr3t", "host=db password=hunter2", "/data?format=json&key=abc"]) {
      expect(codes(pod({}, [arg])), arg).toEqual(["SC003"]);
    }
    expect(pod({}, ["--token-file=/secrets/token", "--password-stdin", "--mode=full", "PGPASSWORD=$PGPASS", "a == b", "token=", "password=''", "-c work_mem=64MB"])).toEqual([]);
  });

  it("a literal after a credential flag; not a run-time value, a flag at the end, or ports and paths after -p", () => {
    for (const flag of ["--password", "--db-password", "-token", "--api-key", "--secret", "--db_password", "--secret-key"]) expect(codes(pod({}, [flag, "x"])), flag).toEqual(["SC004"]);
    expect(pod({}, ["--verbose", "--password"])).toEqual([]);
    expect(pod({}, [], ["sh", "-c", "mkdir -p /tmp/out && psql -p 5432 -h db && ssh -p 22 host && cp -p a b"])).toEqual([]);
    expect(pod({}, ["-p", "hunter2"], ["python"])).toEqual([]);
  });

  it("endpoint with a token; headers that are not credentials", () => {
    expect(codes(http({ endpoint: "/data?token=abc123" }))).toEqual(["SC003"]);
    expect(codes(http({ endpoint: "https://user:pw@api.example.com/x" }))).toEqual(["SC002"]);
    expect(http({ endpoint: template`/data/${runDate}?format=json`, headers: { "Content-Type": "application/json", "X-Request-Id": "1" } })).toEqual([]);
    expect(codes(http({ headers: { Authorization: "Bearer abc" } }))).toEqual(["SC001"]);
  });
});

describe("diagnostics", () => {
  it("point at the task that holds the credential, name the field path and never the value", () => {
    const p = pipeline({
      id: "located",
      schedule: manual,
      tasks: (t) => {
        t.pod("leaky", { image: platform.images.tool, env: { PGPASSWORD: "hunter2" } }); // @leaky
      },
    });
    const { graph } = lower({ root: ROOT, project: platform, pipelines: [{ pipeline: p, file: FILE }] });
    const found: Diagnostic[] = checkLiteralCredentials(graph);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ code: "SC001", severity: "error", location: { file: FILE, line: lineOf(import.meta.url, "// @leaky") } });
    expect(found[0]!.message).toContain("env.PGPASSWORD");
    expect(JSON.stringify(found)).not.toContain("hunter2");
    expect(found[0]!.hints.at(-1)).toMatch(/secret handle/);
  });
});
