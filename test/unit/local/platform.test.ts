import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileProject } from "../../../generators/compile.ts";
import type { IrGraph } from "../../../generators/ir/types.ts";
import { hostPort, localPlatform } from "../../../local/run/platform.ts";
import { localCredentials, missingSecrets } from "../../../local/run/secrets.ts";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";

let graph: IrGraph;
beforeAll(async () => {
  const compiled = await compileProject(path.resolve(import.meta.dirname, "../../.."), { typecheck: false });
  graph = compiled.graph!;
}, 120_000);

describe("npm run local: what the reference platform needs locally", () => {
  it("the object store, its buckets, the PostgreSQL databases and the project's images", () => {
    const platform = localPlatform(graph);
    expect(platform.s3).toMatchObject({ host: "minio.ampere.svc.cluster.local", port: 9000, buckets: ["ampere-bronze", "ampere-gold", "ampere-gold-ops", "ampere-raw", "ampere-silver"] });
    expect(platform.postgres.map((p) => `${p.host}:${p.port}/${p.database}`)).toEqual(["postgres-service:5432/ampere_db", "postgres-service:5432/ampere_serving"]);
    expect(platform.sparkImage).toBe("ghcr.io/antonminiazev/ampere-spark");
    expect(platform.dbtImage).toBe("ghcr.io/antonminiazev/ampere-dbt");
  });

  it("makes up the credentials of the servers it starts; nothing else is missing for the reference", () => {
    const platform = localPlatform(graph);
    const creds = localCredentials(platform, {}, mkdtempSync(path.join(tmpdir(), "lakec-secrets-")));
    expect(creds.values["pguser"]).toEqual({ pguser: "pguser" });
    expect(creds.postgresRoles).toEqual({ pguser: creds.values["pgpass"]!["pgpass"] });
    expect(Object.keys(creds.values["minio-creds"]!)).toEqual(["access_key", "secret_key"]);
    expect(missingSecrets(platform, creds.values)).toEqual([]);
    expect(missingSecrets(platform, {})).toContainEqual({ secret: "minio-creds", key: "access_key" });
  });

  it("reads ports from endpoints", () => {
    expect(hostPort("http://minio:9000")).toEqual({ host: "minio", port: 9000 });
    expect(hostPort("https://s3.example.org")).toEqual({ host: "s3.example.org", port: 443 });
  });
});
