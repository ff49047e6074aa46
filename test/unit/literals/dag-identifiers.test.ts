/**
 * Python names in a generated DAG file: the variable pyIdentifier gives each task must not
 * shadow a module-level name (imports, helper functions, `dag`), and each branch must get its
 * own helper function. Checked with CPython's `ast` on the emitted file.
 */
import { describe, expect, it } from "vitest";
import { image, manual, pipeline, variableFlag } from "../../../dsl/index.ts";
import { emitAirflow } from "../../../generators/airflow/index.ts";
import { pyStr } from "../../../generators/literals/python.ts";
import { lowerAll, relativeFile, testProject } from "../lower/helpers.ts";
import { runPythonJson } from "./python-runner.ts";

const FILE = relativeFile(import.meta.url);
const PYTHON = process.env["LAKEC_BASE_PYTHON"] ?? "python3";

interface Names {
  moduleNames: string[];
  functions: string[];
  taskVars: Record<string, string>;
  callables: Record<string, string>;
  returns: Record<string, string[][]>;
}

/** Parses a DAG file and reports the names it binds. */
function inspect(source: string): Names {
  return runPythonJson<Names>(
    PYTHON,
    `
import ast, json
tree = ast.parse(${pyStr(source)})
module_names, functions, task_vars, callables, returns = [], [], {}, {}, {}
for node in tree.body:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        module_names += [(a.asname or a.name).split(".")[0] for a in node.names if a.name != "annotations"]
    elif isinstance(node, ast.FunctionDef):
        functions.append(node.name)
        returns[node.name] = [[e.value for e in r.value.elts] for r in ast.walk(node) if isinstance(r, ast.Return) and isinstance(r.value, ast.List)]
    elif isinstance(node, ast.With):
        module_names += [i.optional_vars.id for i in node.items if isinstance(i.optional_vars, ast.Name)]
        for stmt in node.body:
            if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call):
                kw = {k.arg: k.value for k in stmt.value.keywords}
                task_id = kw["task_id"].value
                task_vars[task_id] = stmt.targets[0].id
                if "python_callable" in kw:
                    callables[task_id] = kw["python_callable"].id
print(json.dumps({"moduleNames": module_names + functions, "functions": functions, "taskVars": task_vars, "callables": callables, "returns": returns}))
`,
  );
}

describe("task variables in a generated DAG file", () => {
  const platform = testProject({ images: { tool: image("ghcr.io/acme/tool") } });

  it("do not shadow imported names such as pendulum, k8s or the operator classes", () => {
    const p = pipeline({
      id: "shadowing",
      schedule: manual,
      tasks: (t) => {
        const a = t.pod("pendulum", { image: platform.images.tool });
        const b = t.marker("EmptyOperator", { after: [a] });
        const c = t.marker("k8s", { after: [b], retryDelaySeconds: 5 }); // uses pendulum.duration(...)
        const d = t.marker("DAG", { after: [c] });
        t.marker("KubernetesPodOperator", { after: [d] });
      },
    });
    const { graph, diagnostics } = lowerAll(platform, [p], FILE);
    expect(diagnostics).toEqual([]);
    const names = inspect(emitAirflow(graph)[0]!.content);
    const clashes = Object.entries(names.taskVars).filter(([, v]) => names.moduleNames.includes(v));
    expect(clashes).toEqual([]);
  });

  it("do not shadow helper functions", () => {
    const p = pipeline({
      id: "helpers",
      schedule: manual,
      tasks: (t) => {
        const b = t.branch("check", { when: variableFlag("flag") });
        t.marker("_variable_flag", { after: [b.ifTrue] });
        t.marker("_choose__check", { after: [b.ifFalse] });
      },
    });
    const names = inspect(emitAirflow(lowerAll(platform, [p], FILE).graph)[0]!.content);
    const clashes = Object.entries(names.taskVars).filter(([, v]) => names.functions.includes(v));
    expect(clashes).toEqual([]);
  });
});

describe("branch helper functions", () => {
  it("are distinct for branch ids that differ only in characters Python names cannot hold", () => {
    const platform = testProject();
    const p = pipeline({
      id: "branches",
      schedule: manual,
      tasks: (t) => {
        const x = t.branch("a-b", { when: variableFlag("x") });
        const y = t.branch("a_b", { when: variableFlag("y") });
        t.marker("x_true", { after: [x.ifTrue] });
        t.marker("x_false", { after: [x.ifFalse] });
        t.marker("y_true", { after: [y.ifTrue] });
        t.marker("y_false", { after: [y.ifFalse] });
      },
    });
    const names = inspect(emitAirflow(lowerAll(platform, [p], FILE).graph)[0]!.content);
    expect(new Set(names.functions).size).toBe(names.functions.length);
    expect(names.returns[names.callables["a-b"]!]!.sort()).toEqual([["x_false"], ["x_true"]]);
    expect(names.returns[names.callables["a_b"]!]!.sort()).toEqual([["y_false"], ["y_true"]]);
  });
});
