import type { IrMarkerTask } from "../../ir/types.ts";
import type { OperatorWriter } from "./types.ts";

/** Markers and joins: EmptyOperator never occupies a worker slot. */
export const writeMarker: OperatorWriter<IrMarkerTask> = () => ({
  className: "EmptyOperator",
  imports: ["from airflow.providers.standard.operators.empty import EmptyOperator"],
  kwargs: [],
});
