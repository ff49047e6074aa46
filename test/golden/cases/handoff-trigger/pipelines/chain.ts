// B runs after A with the default trigger hand-off: A gets trigger__<B> after its final tasks.
import { after, cron, pipeline } from "../../../../../dsl/index.ts";

export const raw = pipeline({
  id: "raw__orders__daily",
  schedule: cron("0 3 * * *"),
  tasks: (t) => {
    const land = t.marker("land");
    t.marker("land__manifest", { after: [land] });
    t.marker("land__success_flag", { after: [land] });
  },
});

export const bronze = pipeline({
  id: "bronze__orders__daily",
  schedule: after(raw),
  tasks: (t) => {
    t.marker("apply");
  },
});
