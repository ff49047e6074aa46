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
        const rendered = task.rendered!["application_file"] as string;
        const doc = YAML.parse(rendered);
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
