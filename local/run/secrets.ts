// Local values of the platform's Kubernetes secrets. The runner starts the servers, so it makes
// up their credentials itself (kept in the state folder, so a kept state can log in again);
// any other secret comes from the local config or stops the run before it starts.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { LocalPlatform, SecretRef } from "./platform.ts";

export type SecretValues = Record<string, Record<string, string>>;

export interface LocalCredentials {
  readonly s3: { readonly accessKey: string; readonly secretKey: string };
  /** Login roles of the local PostgreSQL: role -> password. */
  readonly postgresRoles: Readonly<Record<string, string>>;
  readonly values: SecretValues;
}

export function localCredentials(platform: LocalPlatform, fromConfig: SecretValues, stateDir: string): LocalCredentials {
  const generated = persistedPassword(stateDir);
  const values: SecretValues = {};
  const set = (ref: SecretRef, value: string) => ((values[ref.secret] ??= {})[ref.key] = value);
  const s3 = { accessKey: "lakec-local-access", secretKey: `lakec-local-${generated.slice(0, 16)}` };
  if (platform.s3) {
    set(platform.s3.accessKey, s3.accessKey);
    set(platform.s3.secretKey, s3.secretKey);
  }
  const roles: Record<string, string> = {};
  for (const db of platform.postgres) {
    // A role per user secret, named after its key; every PostgreSQL password is the one made here.
    if (db.user) set(db.user, roleName(db.user));
    if (db.password) set(db.password, generated);
    if (db.user) roles[roleName(db.user)] = generated;
  }
  for (const [secret, keys] of Object.entries(fromConfig)) for (const [key, value] of Object.entries(keys)) set({ secret, key }, value);
  return { s3, postgresRoles: roles, values };
}

/** Secret keys some task reads that have no local value. */
export function missingSecrets(platform: LocalPlatform, values: SecretValues): SecretRef[] {
  return platform.secretsUsed.filter((ref) => values[ref.secret]?.[ref.key] === undefined);
}

function roleName(ref: SecretRef): string {
  const name = ref.key.toLowerCase().replace(/[^a-z0-9_]/g, "_").replace(/^[^a-z]+/, "");
  return name || "lakec_app";
}

function persistedPassword(stateDir: string): string {
  const file = path.join(stateDir, "local-password");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const value = randomBytes(16).toString("hex");
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return value;
}
