// A throwaway project with a dbt project in it, compiled by the real CLI in a child process:
// dsl/ copied, node_modules linked, pipelines/*.ts and dbt/models/* written as given.
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const REPO = fileURLToPath(new URL("../..", import.meta.url)).replace(/\/$/, "");
const TSX = path.join(REPO, "node_modules", "tsx", "dist", "cli.mjs");
const MAIN = path.join(REPO, "generators", "cli", "main.ts");

export interface Run { code: number; stdout: string; stderr: string }

/** A TypeScript string literal whose value is `s` (JSON is valid TS; U+2028/9 escaped for readability). */
export const tsString = (s: string): string => JSON.stringify(s).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");

/** pipelines/project.ts: a project with a dbt image, a lake with a gold root and serving credentials. */
export const PLATFORM_SRC = `
import { image, k8sSecret, project } from "../dsl/index.ts";
const s3a = k8sSecret("lake-creds", "access_key");
const s3s = k8sSecret("lake-creds", "secret_key");
export const platform = project({
  id: "shop", startDate: "2025-01-01", namespace: "shop",
  images: { dbt: image("registry.local/dbt") },
  secrets: { s3a, s3s, pgUser: k8sSecret("serving", "user"), pgPassword: k8sSecret("serving", "password") },
  lake: { endpoint: "http://minio:9000", accessKey: s3a, secretKey: s3s, raw: "s3a://raw/r", bronze: "s3a://bronze/b", silver: "s3a://silver/s", gold: "s3a://gold/g" },
});
`;

/** Writes the project under `parent/name`; `files` maps root-relative paths to their text. */
export function makeProject(parent: string, name: string, files: Readonly<Record<string, string>>): string {
  const root = path.join(parent, name);
  mkdirSync(path.join(root, "pipelines"), { recursive: true });
  cpSync(path.join(REPO, "dsl"), path.join(root, "dsl"), { recursive: true });
  symlinkSync(path.join(REPO, "node_modules"), path.join(root, "node_modules"), "dir");
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

/** `compile --root <root> --out <root>/generated --no-typecheck [...extra]` through the real CLI. */
export async function compileCli(root: string, ...extra: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [TSX, MAIN, "compile", "--root", root, "--out", path.join(root, "generated"), "--no-typecheck", ...extra], {
      cwd: root,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === "number" ? err.code : -1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
  }
}
