// Top-level code of this file throws while it is imported: LD001, and good.ts still loads.
import { manual, pipeline } from "../../../../../dsl/index.ts";

const settings: Record<string, string> = {};

function required(name: string): string {
  const value = settings[name];
  if (value === undefined) throw new Error(`setting '${name}' is not configured`);
  return value;
}

export const broken = pipeline({
  id: required("broken_pipeline_id"),
  schedule: manual,
  tasks: (t) => {
    t.marker("never");
  },
});
