// `export` forgotten: LD006 at the pipeline( call, one diagnostic (no GR007 for the reference).
import { after, pipeline } from "../../../../../dsl/index.ts";
import { upstream } from "./upstream.ts";

const downstream = pipeline({
  id: "ux__downstream",
  schedule: after(upstream),
  tasks: (t) => {
    t.marker("start");
  },
});
