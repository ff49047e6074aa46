import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS: under NodeNext its default import is typed as the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const REPO = fileURLToPath(new URL("../../..", import.meta.url));
/** Upstream schemas kept in the repository with their licences (test/schemas/README.md). */
export const SCHEMAS_DIR = path.join(REPO, "test", "schemas");

/**
 * A stricter copy of a Kubernetes CRD schema: every node with `properties` is closed, so a typo
 * such as `spec.drvier` fails (the CRD itself leaves objects open; see test/schemas/README.md).
 */
export function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (!node || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === "enum" || k === "default" ? v : closeObjects(v);
  if ("properties" in out && !("additionalProperties" in out) && !out["x-kubernetes-preserve-unknown-fields"]) out.additionalProperties = false;
  return out;
}

let sparkValidator: ValidateFunction | undefined;
/** Validator of SparkApplication manifests (compiled once; the schema is large). */
export function sparkApplicationValidator(): ValidateFunction {
  if (!sparkValidator) {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const schema = JSON.parse(readFileSync(path.join(SCHEMAS_DIR, "spark-operator", "sparkapplication.v1beta2.schema.json"), "utf8"));
    sparkValidator = ajv.compile(closeObjects(schema) as object);
  }
  return sparkValidator!;
}

/** Validator of job specs against the contract the PySpark jobs read. */
export function jobSpecValidator(): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true });
  return ajv.compile(JSON.parse(readFileSync(path.join(REPO, "spark-jobs", "jobspec.schema.json"), "utf8")));
}
