import type { DbtProject } from "../../dsl/dbt/project.ts";
import type { SilverTable } from "../../dsl/medallion/silver.ts";
import type { SourceTable } from "../../dsl/sources/table.ts";
import { validate } from "../../dsl/internal/issues.ts";
import { dbtProjectNumbersSchema, dbtSourceNumbersSchema, modelNumbersSchema } from "../../dsl/dbt/numbers.ts";
import { isKind } from "../../dsl/values.ts";
import type { LowerContext } from "./context.ts";

/**
 * Checks the numbers of the dbt project, its models and sources (DS001), and reports the issues
 * of the source tables its sources read. Numbers are written into profiles.yml and the pod's
 * environment, so they must be numbers.
 */
export function checkDbtNumbers(decl: DbtProject, ctx: LowerContext): void {
  ctx.reportIssues(validate(dbtProjectNumbersSchema, decl, `dbt project '${decl.name}'`, decl.origin));
  for (const m of decl.models ?? []) ctx.reportIssues(validate(modelNumbersSchema, m, `model '${m?.name}'`, m?.origin));
  for (const src of decl.sources ?? []) {
    ctx.reportIssues(validate(dbtSourceNumbersSchema, src, `dbt source '${src?.name}'`, src?.origin));
    for (const t of Object.values(src?.tables ?? {})) {
      const dataset = t?.dataset as SourceTable | SilverTable | undefined;
      ctx.reportIssues(isKind(dataset, "silver-table") ? (dataset as SilverTable).table?.issues : (dataset as SourceTable | undefined)?.issues);
    }
  }
}
