/**
 * checkLiteralCredentials (SC001): credentials written as text are refused; secret handles,
 * Airflow connections and Variables read at run time are accepted.
 */
import { describe, expect, it } from "vitest";
import { airflowConnection, image, k8sSecret, manual, pipeline, runDate, template, variable, type Text } from "../../../dsl/index.ts";
import { checkLiteralCredentials } from "../../../generators/checks/credentials.ts";
import { lineOf, lowerAll, relativeFile, testProject } from "../lower/helpers.ts";

const FILE = relativeFile(import.meta.url);

const platform = testProject({
  images: { tool: image("ghcr.io/acme/tool", { tag: "1.0" }) },
  secrets: { pgPassword: k8sSecret("pg", "password") },
  connections: { api: airflowConnection("acme_api") },
});

/** SC001 messages for one pod task with these env vars and args. */
function podFindings(env: Record<string, Text | ReturnType<typeof k8sSecret>>, args: Text[] = [], command: Text[] = []): string[] {
  const p = pipeline({
    id: "creds",
    schedule: manual,
    tasks: (t) => {
      t.pod("run", { image: platform.images.tool, env, args, command });
    },
  });
  const { graph, diagnostics } = lowerAll(platform, [p], FILE);
  expect(diagnostics.filter((d) => d.code !== "DS004")).toEqual([]);
  const found = checkLiteralCredentials(graph);
  for (const d of found) expect(d.code).toBe("SC001");
  return found.map((d) => d.message);
}

function httpFindings(endpoint: Text, headers: Record<string, string> = {}, poll = false): string[] {
  const p = pipeline({
    id: "api",
    schedule: manual,
    tasks: (t) => {
      if (poll) t.waitForHttp("poll", { connection: platform.connections.api, endpoint, headers, until: { field: "state", equals: "done" } });
      else t.http("call", { connection: platform.connections.api, endpoint, headers });
    },
  });
  const { graph, diagnostics } = lowerAll(platform, [p], FILE);
  expect(diagnostics).toEqual([]);
  return checkLiteralCredentials(graph).map((d) => d.message);
}

describe("env vars of pods", () => {
  it.each(["PGPASSWORD", "DB_PASS", "MYSQL_PWD_PASSWD", "CLIENT_SECRET", "GITHUB_TOKEN", "API_KEY", "X_API-KEY".replace("-", "_"), "PRIVATE_KEY", "GOOGLE_CREDENTIALS", "BASIC_AUTH", "AUTHORIZATION", "password"])(
    "refuses literal text in %s",
    (name) => {
      expect(podFindings({ [name]: "hunter2" })).toEqual([`env '${name}' of task 'run' is written as literal text`]);
    },
  );

  it.each(["AWS_SECRET_ACCESS_KEY", "MINIO_SECRET_KEY", "SPARK_HADOOP_FS_S3A_SECRET_KEY", "SECRET_KEY"])("refuses literal text in the S3 secret key %s", (name) => {
    expect(podFindings({ [name]: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" })).toEqual([`env '${name}' of task 'run' is written as literal text`]);
  });

  it("accepts a secret handle registered in the project", () => {
    expect(podFindings({ PGPASSWORD: platform.secrets.pgPassword })).toEqual([]);
  });

  it("accepts a Variable read at run time, and a template made of Variables", () => {
    expect(podFindings({ API_TOKEN: variable("api_token", "") })).toEqual([]);
    expect(podFindings({ API_TOKEN: template`${variable("api_token", "")}` })).toEqual([]);
  });

  it("refuses a credential hidden in a Variable's fallback, which is written into the DAG file", () => {
    expect(podFindings({ PGPASSWORD: variable("pg_password", "hunter2") })).toEqual([`the fallback of Variable 'pg_password' in env 'PGPASSWORD' of task 'run' is written as literal text`]);
    expect(podFindings({ API_TOKEN: template`Bearer ${variable("api_token", "abc")}` })).toEqual([`the fallback of Variable 'api_token' in env 'API_TOKEN' of task 'run' is written as literal text`]);
  });

  it("accepts a literal prefix around a Variable without fallback", () => {
    expect(podFindings({ API_TOKEN: template`Bearer ${variable("api_token", "")}` })).toEqual([]);
  });

  it("accepts an empty literal and names that only mention a credential", () => {
    expect(podFindings({ PGPASSWORD: "", PASSWORD_FILE: "/var/run/secrets/pg", TOKEN_URL: "https://auth.example.com/token", PASSWORDLESS: "true" })).toEqual([]);
  });

  it("refuses a URL with a password in any env var, and accepts one without", () => {
    expect(podFindings({ DATABASE_URL: "postgresql://app:hunter2@db:5432/app" })).toEqual([`a password in a URL in env 'DATABASE_URL' of task 'run' is written as literal text`]);
    expect(podFindings({ DATABASE_URL: "postgresql://app@db:5432/app", S3: "s3a://bucket/path", HOST: "http://host:8080/x" })).toEqual([]);
  });

  it("refuses `password=...` inside an env value", () => {
    expect(podFindings({ PGOPTIONS: "host=db password=hunter2" })).toEqual([`a credential in env 'PGOPTIONS' of task 'run' is written as literal text`]);
  });
});

describe("arguments of pods", () => {
  it.each([["--password", "x"], ["--db-password", "x"], ["-token", "x"], ["--api-key", "x"], ["--secret", "x"], ["--db_password", "x"], ["--secret-key", "x"]])(
    "refuses a literal after %s",
    (flag, value) => {
      expect(podFindings({}, [flag, value])).toEqual([`the value of '${flag}' in task 'run' is written as literal text`]);
    },
  );

  it("accepts a run-time value or Variable after a credential flag, and a flag at the end", () => {
    expect(podFindings({}, ["--password", variable("pw", "")])).toEqual([]);
    expect(podFindings({}, ["--token", runDate])).toEqual([]);
    expect(podFindings({}, ["--verbose", "--password"])).toEqual([]);
  });

  it.each(["--token=x", "--password=hunter2", "--db-password=hunter2", "--api_key=abc", "--db_password=hunter2", "password=x", "--client-secret=s3cr3t"])("refuses %s", (arg) => {
    expect(podFindings({}, [arg])).toEqual([`a credential in an argument of task 'run' is written as literal text`]);
  });

  it("refuses a credential in the command as well", () => {
    expect(podFindings({}, [], ["sh", "-c", "psql postgresql://u:pw@db/app"])).toEqual([`a password in a URL in an argument of task 'run' is written as literal text`]);
  });

  it("accepts ordinary arguments", () => {
    expect(podFindings({}, ["--run-date", runDate, "--token-file=/secrets/token", "--password-stdin", "--mode=full", "https://example.com/a?b=c"])).toEqual([]);
  });
});

describe("http tasks", () => {
  it("refuses an Authorization header and other credential headers", () => {
    expect(httpFindings("/refresh", { Authorization: "Bearer abc" })).toEqual([`header 'Authorization' of task 'call' is written as literal text`]);
    expect(httpFindings("/refresh", { "X-API-Key": "abc" })).toEqual([`header 'X-API-Key' of task 'call' is written as literal text`]);
    expect(httpFindings("/status", { "X-Auth-Token": "abc" }, true)).toEqual([`header 'X-Auth-Token' of task 'poll' is written as literal text`]);
  });

  it("accepts other headers", () => {
    expect(httpFindings("/refresh", { "Content-Type": "application/json", "X-Request-Id": "1" })).toEqual([]);
  });

  it("refuses a credential in the endpoint", () => {
    expect(httpFindings("https://user:pw@api.example.com/x")).toEqual([`a password in a URL in the endpoint of task 'call' is written as literal text`]);
    expect(httpFindings("/data?token=abc123")).toEqual([`a credential in the endpoint of task 'call' is written as literal text`]);
    expect(httpFindings("/data?format=json&api_key=abc123")).toEqual([`a credential in the endpoint of task 'call' is written as literal text`]);
  });

  it("accepts run-time values in the endpoint", () => {
    expect(httpFindings(template`/data/${runDate}?format=json`)).toEqual([]);
  });
});

describe("diagnostics", () => {
  it("point at the task that holds the credential", () => {
    const p = pipeline({
      id: "located",
      schedule: manual,
      tasks: (t) => {
        t.pod("leaky", { image: platform.images.tool, env: { PGPASSWORD: "hunter2" } }); // @leaky
      },
    });
    const { graph } = lowerAll(platform, [p], FILE);
    const [d, ...rest] = checkLiteralCredentials(graph);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: "SC001", severity: "error", location: { file: FILE, line: lineOf(import.meta.url, "// @leaky") } });
    expect(d!.hints.at(-1)).toMatch(/secret handle/);
  });
});
