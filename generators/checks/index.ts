import { sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.ts";
import type { IrGraph } from "../ir/types.ts";
import { checkLiteralCredentials } from "./credentials.ts";
import { checkDatasets } from "./datasets.ts";
import { checkNames } from "./names.ts";
import { checkTables } from "./tables.ts";
import { checkValues } from "./values.ts";

/** A check is a pure function from the IR to diagnostics. Add new rules here. */
export type Check = (graph: IrGraph) => Diagnostic[];

export const CHECKS: readonly Check[] = [checkNames, checkLiteralCredentials, checkTables, checkValues, checkDatasets];

/** Runs every check and returns all diagnostics, sorted. */
export function runChecks(graph: IrGraph): Diagnostic[] {
  return sortDiagnostics(CHECKS.flatMap((check) => check(graph)));
}
