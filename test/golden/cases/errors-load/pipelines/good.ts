// A valid pipeline beside the broken file.
import { manual, pipeline } from "../../../../../dsl/index.ts";

export const good = pipeline({
  id: "load__good",
  schedule: manual,
  tasks: (t) => {
    t.marker("fine");
  },
});
