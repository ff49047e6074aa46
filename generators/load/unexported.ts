import { KIND } from "../../dsl/internal/origin.ts";
import type { Pipeline } from "../../dsl/pipeline.ts";
import type { DbtProject } from "../../dsl/dbt/project.ts";
import { error, type Diagnostic } from "../diagnostics/diagnostic.ts";

/**
 * LD006 for each pipeline or dbt project a file built but did not export, at its `pipeline(` /
 * `dbtProject(` call: without it the DAG (and the trigger task in its upstream DAG) would vanish
 * without a word.
 */
export function unexportedDiagnostics(unexported: readonly { value: Pipeline | DbtProject; file: string }[]): Diagnostic[] {
  return unexported.map(({ value, file }) => {
    const where = { file, line: value.origin?.line ?? 1, column: value.origin?.column ?? 1 };
    if (value[KIND] === "dbt-project") {
      const name = (value as DbtProject).name;
      return error("LD006", `dbt project '${name}' is declared in ${file} but not exported`, where, "export it: `export const warehouse = dbtProject({ ... })`");
    }
    const id = (value as Pipeline).id;
    return error("LD006", `pipeline '${id}' is declared in ${file} but not exported: it would get no DAG and no hand-off from or to it`, where, "export it: `export const myPipeline = pipeline({ ... })`");
  });
}
