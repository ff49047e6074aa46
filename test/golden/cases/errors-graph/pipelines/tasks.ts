// Task-level graph mistakes: a duplicate id, a cycle, a task of another pipeline, a branch without a path.
import { manual, pipeline, weekday, type Task, type Upstream } from "../../../../../dsl/index.ts";

export const duplicate = pipeline({
  id: "graph__duplicate",
  schedule: manual,
  tasks: (t) => {
    t.marker("load");
    t.marker("load");
  },
});

export const cycle = pipeline({
  id: "graph__cycle",
  schedule: manual,
  tasks: (t) => {
    const firstAfter: Upstream[] = [];
    const first = t.marker("first", { after: firstAfter });
    const second = t.marker("second", { after: [first] });
    firstAfter.push(second);
  },
});

let leaked: Task | undefined;

export const owner = pipeline({
  id: "graph__owner",
  schedule: manual,
  tasks: (t) => {
    leaked = t.marker("owned");
  },
});

export const borrower = pipeline({
  id: "graph__borrower",
  schedule: manual,
  tasks: (t) => {
    t.marker("borrowing", { after: [leaked!] });
  },
});

export const branchy = pipeline({
  id: "graph__branchy",
  schedule: manual,
  tasks: (t) => {
    const check = t.branch("check", { when: weekday("monday") });
    t.marker("pathless", { after: [check] });
  },
});
