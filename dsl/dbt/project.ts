import { captureOrigin, KIND, type Origin } from "../internal/origin.ts";
import { snapshot } from "../internal/snapshot.ts";
import { registerBuilt } from "../internal/registry.ts";
import type { ImageHandle, SecretHandle } from "../values.ts";
import type { DbtModel } from "./model.ts";
import type { DbtSource } from "./sources.ts";

/** The PostgreSQL serving database gold marts are published to. */
export interface ServingDatabase {
  readonly host: string;
  /** @default 5432 */
  readonly port?: number;
  readonly database: string;
  readonly user: SecretHandle;
  readonly password: SecretHandle;
}

/** Settings of the generated dbt project (written to `generated/dbt/`). */
export interface DbtProjectSpec {
  /** dbt project and profile name: letters, digits and `_`, not starting with a digit, at most 63 characters. */
  readonly name: string;
  /** Image with dbt-duckdb and the generated project at `/app/dbt`. */
  readonly image: ImageHandle;
  /** Delta tables the models read. */
  readonly sources: readonly DbtSource[];
  /** Every model of the project. */
  readonly models: readonly DbtModel[];
  /** DuckDB warehouse file and limits (path and memory limit are free text, kept verbatim). @default { path: "/tmp/<name>.duckdb", threads: 2 } */
  readonly duckdb?: { readonly path?: string; readonly threads?: number; readonly memoryLimit?: string };
  /** Where published marts go. @default none */
  readonly serving?: ServingDatabase;
  /**
   * Where run artifacts (manifest.json, run_results.json) are uploaded, under
   * `logical_date=D/invocation_id=I/`: `s3://bucket/prefix` (through the lake's `AWS_*` settings)
   * or `file:///dir`; any other location makes the dbt task fail before its build.
   * e.g. `s3://ampere-gold-ops/dbt`. @default not uploaded
   */
  readonly artifacts?: string;
}

export interface DbtProject extends DbtProjectSpec {
  readonly [KIND]: "dbt-project";
  readonly origin: Origin | undefined;
}

/**
 * Declares the dbt project: its sources, models, warehouse and serving database.
 * @example
 * export const warehouse = dbtProject({
 *   name: "ampere", image: platform.images.dbt, sources: [silverSrc], models: [fctOrders],
 *   serving: { host: "postgres-service", database: "serving", user: platform.secrets.pgUser, password: platform.secrets.pgPassword },
 *   artifacts: "s3://ampere-gold-ops/dbt",
 * });
 */
export function dbtProject(spec: DbtProjectSpec): DbtProject {
  // Read once: what lowering checks is what the compiler writes.
  return registerBuilt(Object.freeze({ ...snapshot(spec), [KIND]: "dbt-project" as const, origin: captureOrigin() }));
}
