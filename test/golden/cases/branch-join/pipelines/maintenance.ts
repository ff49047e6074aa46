// A branch on anyOf(weekday, variableFlag), both paths, a join and an allDone report.
import { allOf, anyOf, daily, pipeline, variableFlag, weekday } from "../../../../../dsl/index.ts";

export const maintenance = pipeline({
  id: "housekeeping__tables__daily",
  schedule: daily,
  tags: ["layer:bronze", "kind:maintenance"],
  tasks: (t) => {
    const start = t.marker("start");
    const check = t.branch("cleanup__check", {
      when: anyOf(weekday("sunday"), variableFlag("force_cleanup")),
      after: [start],
    });
    const go = t.marker("cleanup__optimize", { after: [check.ifTrue] });
    const vacuum = t.marker("cleanup__vacuum", { after: [check.ifTrue] });
    const skip = t.marker("cleanup__skip", { after: [check.ifFalse] });
    const joined = t.join("cleanup__done", { after: [go, vacuum, skip] });
    const deep = t.branch("deep__check", { when: allOf(weekday("monday", "friday"), variableFlag("deep_scan", true)), after: [joined] });
    const scan = t.marker("deep__scan", { after: [deep.ifTrue] });
    t.marker("report", { after: [scan, deep.ifFalse], triggerRule: "allDone" });
  },
});
