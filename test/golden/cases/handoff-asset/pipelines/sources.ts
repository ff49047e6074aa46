// Two upstream pipelines; with handoff "asset" their final tasks publish assets.
import { daily, hourly, pipeline } from "../../../../../dsl/index.ts";

export const orders = pipeline({
  id: "bronze__orders",
  schedule: daily,
  tasks: (t) => {
    const load = t.marker("load");
    t.marker("load__check", { after: [load] });
  },
});

export const payments = pipeline({
  id: "bronze__payments",
  schedule: hourly,
  tasks: (t) => {
    t.marker("load");
    t.marker("audit");
  },
});
