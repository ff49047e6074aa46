// The SparkApplication YAML is a Jinja template Airflow renders per run: prove that the real
// SparkKubernetesOperator finds it, renders run date and run id into it, and that the result is
// a valid SparkApplication whose inline job spec survived rendering byte for byte.
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { compileProject } from "../../generators/compile.ts";
import { writeGenerated } from "../../generators/writer/index.ts";
import { sparkApplicationValidator } from "../unit/spark/schemas.ts";
import { inspectDagBag, REPO_ROOT, type DagBagReport } from "./helpers/python-env.ts";

const RUN = "2025-09-01T00:00:00+00:00";
let report: DagBagReport;
let outDir: string;

beforeAll(async () => {
  const out = await compileProject(REPO_ROOT, { typecheck: false });
  expect(out.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  outDir = path.join(mkdtempSync(path.join(os.tmpdir(), "spark-render-")), "generated");
  writeGenerated({ outDir, files: out.files, mode: "write" });
  report = inspectDagBag(path.join(outDir, "dags"), { render: RUN, env: { AIRFLOW_VAR_AMPERE_RELEASE_VERSION: "1.4.2" } });
}, 600_000);

describe("Spark tasks rendered by Airflow", () => {
  it("imports without errors", () => {
    expect(report.import_errors).toEqual({});
  });

  it("renders every SparkApplication for the run date", () => {
    const validate = sparkApplicationValidator();
    let seen = 0;
    for (const dag of Object.values(report.dags)) {
      for (const [taskId, task] of Object.entries(dag.tasks)) {
        if (!task.operator.endsWith("SparkKubernetesOperator")) continue;
        seen++;
        expect(task.render_error ?? null).toBeNull();
        expect(task.application_error ?? null).toBeNull();
        const doc = task.application as Record<string, any>;
        expect(YAML.parse(task.rendered!["application_file"] as string)).toEqual(doc);
        expect({ taskId, ok: validate(doc), errors: validate.errors ?? null }).toEqual({ taskId, ok: true, errors: null });
        expect(doc.spec.image).toBe("ghcr.io/antonminiazev/ampere-spark:1.4.2");
        const args: string[] = doc.spec.arguments;
        expect(args[args.indexOf("--run-date") + 1]).toBe("2025-09-01");
        expect(args[args.indexOf("--run-id") + 1]).toMatch(/^.+-\d+$/);
        const specFile = path.join(outDir, "dags", "jobspecs", `${doc.metadata.name}.json`);
        const { $comment: _c, ...spec } = JSON.parse(readFileSync(specFile, "utf8"));
        expect(JSON.parse(args[args.indexOf("--spec-json") + 1]!)).toEqual(spec);
      }
    }
    expect(seen).toBe(4);
  });
});

describe("hostile text inside a SparkApplication", () => {
  const TAG = `v1-🚀-"q"\\-{{ x }}`;
  const HOSTILE = `a'b"c\\d {{ ds }} {% if x %} {# c #} }} \n\r\t é 日本 🚀 \u2028 \`x\``;

  it("reaches the job unchanged after Airflow renders the YAML", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "spark-hostile-"));
    const { mkdirSync, symlinkSync, writeFileSync } = await import("node:fs");
    symlinkSync(path.join(REPO_ROOT, "dsl"), path.join(root, "dsl"));
    mkdirSync(path.join(root, "pipelines"));
    writeFileSync(
      path.join(root, "pipelines", "p.ts"),
      `import { after, bronzeLoad, daily, group, image, int64, k8sSecret, landing, project, rule, runDate, silver, silverLoad, snapshot, postgresSource, table, template, text, variable } from "../dsl/index.ts";
const s3a = k8sSecret("minio-creds", "access_key"); const s3s = k8sSecret("minio-creds", "secret_key");
const pgu = k8sSecret("pguser", "pguser"); const pgp = k8sSecret("pgpass", "pgpass");
const spark = image("registry.local/spark", { tag: variable("spark_tag", "none") });
export const platform = project({ id: "h", startDate: "2025-01-01", namespace: "lake", images: { spark }, secrets: { s3a, s3s, pgu, pgp },
  lake: { endpoint: "http://127.0.0.1:9000", accessKey: s3a, secretKey: s3s, raw: "s3a://raw/r", bronze: "s3a://bronze/b", silver: "s3a://silver/s" },
  spark: { image: spark }, placement: { nodeSelector: { yes: "on", No: "off", null: "~", TRUE: "y" } } });
const db = postgresSource({ name: "db", schema: "src", connection: { host: "pg", database: "db", user: pgu, password: pgp },
  tables: { t: table({ columns: { id: int64(), name: text() }, keys: ["id"], behaviour: snapshot() }) } });
// Silver reads a bronze table, which the project must write (GR026 otherwise).
export const land = landing({ id: "landing__daily", schedule: daily, source: db, groups: [group("all", [db.tables.t])] });
export const load = bronzeLoad({ id: "bronze__daily", schedule: after(land), source: db, groups: [group("all", [db.tables.t])] });
export const hostile = silverLoad({ id: "silver__hostile__daily", schedule: daily,
  groups: [group("dims", [silver(db.tables.t, { quality: [rule("r", ${JSON.stringify(HOSTILE)})] })],
    { env: { NOTE: template\`🚀 ${"$"}{${JSON.stringify(HOSTILE)}} ${"$"}{runDate} 🚀\` } })] });
`,
    );
    const out = await compileProject(root, { typecheck: false });
    expect(out.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const dir = path.join(root, "generated");
    writeGenerated({ outDir: dir, files: out.files, mode: "write" });
    const r = inspectDagBag(path.join(dir, "dags"), { render: RUN, env: { AIRFLOW_VAR_SPARK_TAG: TAG } });
    expect(r.import_errors).toEqual({});
    const task = r.dags["h__silver__hostile__daily"]!.tasks["run__sparkapp__group_dims"]!;
    expect(task.render_error ?? null).toBeNull();
    expect(task.application_error ?? null).toBeNull();
    const doc = task.application as Record<string, any>;
    const args: string[] = doc.spec.arguments;
    const spec = JSON.parse(args[args.indexOf("--spec-json") + 1]!);
    expect(spec.tables[0].silver.filters[0].sql).toBe(HOSTILE);
    // Text with run-time parts (the image tag from a Variable) keeps astral characters whole.
    expect(doc.spec.image).toBe(`registry.local/spark:${TAG}`);
    expect(doc.spec.driver.env.find((e: { name: string }) => e.name === "NOTE").value).toBe(`🚀 ${HOSTILE} 2025-09-01 🚀`);
    // Keys that YAML 1.1 reads as booleans or null stay strings.
    expect(doc.spec.driver.nodeSelector).toEqual({ yes: "on", No: "off", null: "~", TRUE: "y" });
    expect(doc.spec.executor.nodeSelector).toEqual(doc.spec.driver.nodeSelector);
  }, 600_000);
});
