// Pipeline-level mistakes: a hand-off loop and a hand-off from a pipeline that is not exported.
import { after, manual, pipeline } from "../../../../../dsl/index.ts";

export const ping = pipeline({
  id: "graph__ping",
  schedule: manual,
  tasks: (t) => {
    t.marker("ping");
  },
});

// Runs after ping and triggers ping again: a loop.
export const pong = pipeline({
  id: "graph__pong",
  schedule: after(ping),
  tasks: (t) => {
    const work = t.marker("pong");
    t.trigger(ping, { after: [work] });
  },
});

// Not exported: LD006 names it here (orphan's after(hidden) gets no second diagnostic).
const hidden = pipeline({
  id: "graph__hidden",
  schedule: manual,
  tasks: (t) => {
    t.marker("hidden");
  },
});

export const orphan = pipeline({
  id: "graph__orphan",
  schedule: after(hidden),
  tasks: (t) => {
    t.marker("orphan");
  },
});
