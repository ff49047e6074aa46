// A real S3 server on loopback for integration tests: moto in server mode from the spark venv
// (python/spark.lock.txt, as the spark-jobs suite runs it), plus an independent boto3 client to
// read back what a run stored.
//
// startS3Server()   starts test/integration/fixtures/s3/s3_server.py; stop() ends it.
// Like the other harnesses, nothing here skips: a missing tool is an error.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { ensureToolEnv, pythonSubprocessEnv, REPO_ROOT } from "./python-env.ts";

const FIXTURES = path.join(REPO_ROOT, "test", "integration", "fixtures", "s3");
const CREDENTIALS = { AWS_ACCESS_KEY_ID: "lakec-test-access", AWS_SECRET_ACCESS_KEY: "lakec-test-secret" };

export interface S3Server {
  endpoint: string;
  /** The AWS_* variables the generated DAG gives the dbt pod, pointed at this server. */
  podEnv: Record<string, string>;
  createBucket(bucket: string): void;
  /** Every object of the bucket: key -> UTF-8 text. */
  objects(bucket: string): Record<string, string>;
  /** Stop the server. Safe to call twice. */
  stop(): void;
}

export interface S3ServerOptions {
  /** Answer every PUT of a key ending so with 403 AccessDenied (a bucket policy denying it). */
  refusePutSuffix?: string;
}

/** The python of the spark venv (moto[server], boto3); $LAKEC_SPARK_PYTHON overrides it. */
export const ensureSparkEnv = (): string => ensureToolEnv("spark", "LAKEC_SPARK_PYTHON");

export async function startS3Server(opts: S3ServerOptions = {}): Promise<S3Server> {
  const python = ensureSparkEnv();
  const args = [path.join(FIXTURES, "s3_server.py"), ...(opts.refusePutSuffix ? ["--refuse-put-suffix", opts.refusePutSuffix] : [])];
  const child = spawn(python, args, { stdio: ["pipe", "pipe", "inherit"], env: pythonSubprocessEnv() });
  const endpoint = await firstLine(child).then((line) => (JSON.parse(line) as { endpoint: string }).endpoint);
  const tool = (...toolArgs: string[]): string => {
    const r = spawnSync(python, [path.join(FIXTURES, "s3_tool.py"), endpoint, ...toolArgs], {
      encoding: "utf8",
      env: pythonSubprocessEnv(CREDENTIALS),
      maxBuffer: 256 * 1024 * 1024,
      timeout: 120_000,
    });
    if (r.error || r.status !== 0) throw new Error(`s3_tool.py ${toolArgs.join(" ")} failed (${r.error?.message ?? r.status}):\n${r.stderr}`);
    return r.stdout;
  };
  return {
    endpoint,
    // A host name, like the reference's MinIO service (<bucket>.localhost does not resolve, so a
    // virtual-hosted request would fail here as it would in the cluster).
    podEnv: { ...CREDENTIALS, AWS_ENDPOINT_URL: endpoint.replace("//127.0.0.1:", "//localhost:"), AWS_REGION: "us-east-1", AWS_ALLOW_HTTP: "true" },
    createBucket: (bucket) => void tool("mb", bucket),
    objects: (bucket) => JSON.parse(tool("dump", bucket)) as Record<string, string>,
    stop: () => {
      child.stdin?.end(); // the server exits when its stdin closes
    },
  };
}

/** The server's first stdout line (its endpoint), or an error if it exits first. */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error("s3_server.py printed no endpoint within 60 s")), 60_000);
    lines.once("line", (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`s3_server.py exited before listening (${code ?? signal})`));
    });
    child.once("error", reject);
  });
}
