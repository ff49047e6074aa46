// An exported pipeline; the one that runs after it (downstream.ts) is not exported, so its
// DAG and the trigger task here would vanish without a word: LD006 names it.
import { manual, pipeline } from "../../../../../dsl/index.ts";

export const upstream = pipeline({
  id: "ux__upstream",
  schedule: manual,
  tasks: (t) => {
    t.marker("done");
  },
});
