import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { compileProject } from "../../../generators/compile.ts";
import type { GeneratedFile } from "../../../generators/core/file-set.ts";
import { jobSpecValidator, SCHEMAS_DIR, sparkApplicationValidator } from "./schemas.ts";

const REPO = fileURLToPath(new URL("../../..", import.meta.url));
const DNS1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Stands in for Airflow's rendering: every run-time part sits inside a double-quoted scalar. */
const renderPlaceholders = (yaml: string) => yaml.replace(/\{\{.*?\}\}/g, "RENDERED");

let files: GeneratedFile[] = [];
beforeAll(async () => {
  const out = await compileProject(REPO, { typecheck: false });
  expect(out.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  files = [...out.files];
}, 60_000);

describe("SparkApplication YAML of the reference pipelines", () => {
  const apps = () => files.filter((f) => f.path.startsWith("dags/sparkapplications/"));

  it("exists for every landing and bronze group", () => {
    expect(apps().map((f) => path.basename(f.path)).sort()).toEqual([
      "bronze-facts-events.yaml",
      "bronze-snapshots-mutable-dims.yaml",
      "landing-facts-events.yaml",
      "landing-snapshots-mutable-dims.yaml",
    ]);
  });

  it("validates against the Spark Operator CRD schema with objects closed", () => {
    const validate = sparkApplicationValidator();
    for (const file of apps()) {
      const doc = YAML.parse(renderPlaceholders(file.content));
      const ok = validate(doc);
      expect({ file: file.path, errors: ok ? [] : validate.errors }).toEqual({ file: file.path, errors: [] });
      expect(doc.apiVersion).toBe("sparkoperator.k8s.io/v1beta2");
      expect(doc.kind).toBe("SparkApplication");
      expect(doc.metadata.name).toMatch(DNS1123);
      expect(doc.metadata.name.length).toBeLessThanOrEqual(47);
      for (const value of Object.values(doc.spec.sparkConf)) expect(typeof value).toBe("string");
    }
  });

  it("carries credentials only as secretKeyRefs", () => {
    for (const file of apps()) {
      const doc = YAML.parse(renderPlaceholders(file.content));
      for (const role of ["driver", "executor"]) {
        for (const env of doc.spec[role].env) {
          if (/KEY|PASSWORD|USER/.test(env.name)) {
            expect(env.value).toBeUndefined();
            expect(env.valueFrom.secretKeyRef.name).toMatch(DNS1123);
          }
        }
      }
      expect(file.content).not.toMatch(/access\.key|secret\.key/);
    }
  });

  it("passes the job spec inline, identical to the committed spec file, and it matches the contract", () => {
    const validate = jobSpecValidator();
    for (const file of apps()) {
      const doc = YAML.parse(renderPlaceholders(file.content));
      const args: string[] = doc.spec.arguments;
      const inline = JSON.parse(args[args.indexOf("--spec-json") + 1]!);
      const specFile = files.find((f) => f.path === file.path.replace("sparkapplications/", "jobspecs/").replace(/\.yaml$/, ".json"))!;
      const { $comment, ...spec } = JSON.parse(specFile.content);
      expect($comment).toMatch(/^Generated from pipelines\//);
      expect(inline).toEqual(spec);
      expect({ file: specFile.path, ok: validate(spec), errors: validate.errors ?? null }).toEqual({ file: specFile.path, ok: true, errors: null });
      expect(args.slice(-4, -3)).toEqual(["--run-date"]);
      expect(args.slice(-2, -1)).toEqual(["--run-id"]);
    }
  });

  it("lands every source table exactly once and bronze-applies every one exactly once", () => {
    const tablesOf = (step: string) =>
      files
        .filter((f) => f.path.startsWith(`dags/jobspecs/${step}-`))
        .flatMap((f) => JSON.parse(f.content).tables.map((t: { name: string }) => t.name))
        .sort();
    expect(tablesOf("landing")).toHaveLength(16);
    expect(new Set(tablesOf("landing")).size).toBe(16);
    expect(tablesOf("bronze")).toEqual(tablesOf("landing"));
  });

  it("rejects a typo in a manifest (the closed schema has teeth)", () => {
    const validate = sparkApplicationValidator();
    const doc = YAML.parse(renderPlaceholders(apps()[0]!.content));
    doc.spec.drvier = doc.spec.driver;
    expect(validate(doc)).toBe(false);
    const bad = YAML.parse(renderPlaceholders(apps()[0]!.content));
    bad.spec.driver.cores = "1";
    expect(validate(bad)).toBe(false);
  });
});

describe("committed generated/", () => {
  it("holds exactly what a compile produces", () => {
    for (const file of files) expect({ path: file.path, content: readFileSync(path.join(REPO, "generated", file.path), "utf8") }).toEqual({ path: file.path, content: file.content });
  });
});

describe("the Spark Operator schema kept in the repository", () => {
  const example = (name: string) => YAML.parse(readFileSync(path.join(SCHEMAS_DIR, "spark-operator", "examples", name), "utf8"));
  it("accepts the valid example and rejects each invalid one, and a typo in a closed object", () => {
    const validate = sparkApplicationValidator();
    expect(validate(example("valid-minimal.yaml"))).toBe(true);
    for (const bad of ["invalid-driver-cores-string.yaml", "invalid-missing-required.yaml", "invalid-sparkconf-non-string.yaml"]) {
      expect(validate(example(bad)), bad).toBe(false);
    }
    const typo = example("valid-minimal.yaml");
    typo.spec.drvier = typo.spec.driver;
    expect(validate(typo)).toBe(false);
  });
});
