// Runs after both upstream pipelines: scheduled on their assets.
import { after, pipeline } from "../../../../../dsl/index.ts";
import { orders, payments } from "./sources.ts";

export const revenue = pipeline({
  id: "gold__revenue",
  schedule: after(orders, payments),
  tags: ["layer:gold"],
  tasks: (t) => {
    t.marker("build");
  },
});
