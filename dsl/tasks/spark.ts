import { z } from "zod";
import { isKind } from "../values.ts";
import type { Group } from "../medallion/group.ts";
import type { SilverTable } from "../medallion/silver.ts";
import type { PostgresSource, SourceTable } from "../sources/table.ts";
import type { TaskOptions } from "./common.ts";

/** The medallion step a Spark group runs. */
export type SparkStep = "landing" | "bronze" | "silver";

/** Settings of a task that runs one group of tables as a SparkApplication. */
export interface SparkGroupSpec extends TaskOptions {
  readonly step: SparkStep;
  readonly group: Group<SourceTable | SilverTable>;
  /** The source (landing reads it over JDBC). */
  readonly source?: PostgresSource<any>;
}

export const sparkGroupSpecSchema = z
  .object({
    step: z.enum(["landing", "bronze", "silver"]),
    group: z.custom((v) => isKind(v, "group"), { message: "expected group(...)" }),
    source: z.custom((v) => isKind(v, "source"), { message: "expected a source" }).optional(),
  })
  .strict();
