import { describe, expect, it } from "vitest";
import { localConfigSchema } from "../../../local/run/config.ts";
import { imageRepository, preflight, type Inspection } from "../../../local/run/preflight.ts";
import type { IrGraph } from "../../../generators/ir/types.ts";

const graph = { pipelines: [{ id: "daily", dagId: "p__daily" }, { id: "init", dagId: "p__init" }, { id: "load", dagId: "p__load" }] } as unknown as IrGraph;

const inspection: Inspection = {
  import_errors: {},
  dags: {
    p__daily: { fileloc: "a.py", schedule: "time", tasks: [{ task_id: "gen", operator: "KubernetesPodOperator", kind: "pod", image: "ghcr.io/x/gen:{{ var.value.get('v') }}" }, { task_id: "trigger__load", operator: "TriggerDagRunOperator", kind: "trigger", trigger_dag_id: "p__load" }] },
    p__init: { fileloc: "b.py", schedule: "none", tasks: [{ task_id: "init", operator: "KubernetesPodOperator", kind: "pod", image: "ghcr.io/x/init:1" }] },
    p__load: { fileloc: "c.py", schedule: "none", tasks: [{ task_id: "dbt", operator: "KubernetesPodOperator", kind: "pod", image: "ghcr.io/x/dbt:1" }, { task_id: "trigger__ext", operator: "TriggerDagRunOperator", kind: "trigger", trigger_dag_id: "elsewhere__dag" }] },
    p__manual: { fileloc: "d.py", schedule: "none", tasks: [{ task_id: "odd", operator: "KubernetesPodOperator", kind: "pod", image: "docker.io/odd/tool:2" }] },
  },
};

const config = (extra: object = {}) => localConfigSchema.parse({ images: { "ghcr.io/x/gen": { command: ["gen"] }, "ghcr.io/x/init": {} }, onFreshState: ["init"], ...extra });
const run = (target: string, extra: object = {}, missingSecrets: { secret: string; key: string }[] = []) =>
  preflight({ target, graph, inspection, config: config(extra), runnableImages: new Set(["ghcr.io/x/dbt", ...Object.keys(config(extra).images)]), missingSecrets });

describe("npm run local: preflight", () => {
  it("'all' runs the time-scheduled DAGs, the fresh-state setup first, and stands in declared external DAGs", () => {
    const { plan, problems } = run("all", { externalDags: { elsewhere__dag: "succeed" } });
    expect(problems).toEqual([]);
    expect(plan).toEqual({ daily: ["p__daily"], setup: ["p__init"], stubs: ["elsewhere__dag"] });
  });

  it("names the trigger task and the DAG nobody generates, with the fix", () => {
    const { problems } = run("all");
    expect(problems).toEqual([
      `DAG p__load, task trigger__ext: triggers DAG 'elsewhere__dag', which this project does not generate; to stand it in locally, add "externalDags": { "elsewhere__dag": "succeed" } to lakehouse.local.json`,
    ]);
  });

  it("names an image nobody maps, only for DAGs that can run", () => {
    expect(run("daily", { externalDags: { elsewhere__dag: "succeed" } }).problems).toEqual([]);
    expect(run("p__manual").problems).toEqual([
      "DAG p__manual, task odd: image 'docker.io/odd/tool' is not built by this project; map it to a local command under \"images\" in lakehouse.local.json",
    ]);
  });

  it("takes a pipeline id or a DAG id, and says which pipelines exist otherwise", () => {
    expect(run("load", { externalDags: { elsewhere__dag: "succeed" } }).plan.daily).toEqual(["p__load"]);
    expect(run("p__load", { externalDags: { elsewhere__dag: "succeed" } }).plan.daily).toEqual(["p__load"]);
    expect(run("nope").problems[0]).toBe("pipeline 'nope' is neither a pipeline id nor a DAG id of this project (pipelines: daily, init, load)");
  });

  it("lists secrets without a local value, and import errors", () => {
    expect(run("init", {}, [{ secret: "api", key: "token" }]).problems).toEqual([`Kubernetes secret 'api' key 'token' has no local value; add it under "secrets" in lakehouse.local.json`]);
    const broken = preflight({ target: "p__init", graph, inspection: { ...inspection, import_errors: { "x.py": "Traceback...\nSyntaxError: bad" } }, config: config(), runnableImages: new Set(["ghcr.io/x/init"]), missingSecrets: [] });
    expect(broken.problems).toEqual(["x.py does not import: SyntaxError: bad"]);
  });

  it("reads an image's repository as the Python side does", () => {
    expect(imageRepository("registry:5000/org/name:tag")).toBe("registry:5000/org/name");
    expect(imageRepository("registry:5000/org/name")).toBe("registry:5000/org/name");
    expect(imageRepository("org/name@sha256:abc")).toBe("org/name");
  });
});
