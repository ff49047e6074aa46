// One manual pipeline with one marker task.
import { manual, pipeline } from "../../../../../dsl/index.ts";

export const hello = pipeline({
  id: "hello__world",
  schedule: manual,
  tasks: (t) => {
    t.marker("done");
  },
});
