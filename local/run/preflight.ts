// Before anything starts: what will run, and every reason it could not, each named with the DAG
// and task (an image nobody maps, a trigger of a DAG nobody generates, a secret without value).
import type { IrGraph } from "../../generators/ir/types.ts";
import type { LocalConfig } from "./config.ts";
import type { SecretRef } from "./platform.ts";

/** What lakec_local.control inspect reports of the generated DAG folder. */
export interface Inspection {
  readonly dags: Readonly<Record<string, { readonly fileloc: string; readonly schedule: "time" | "asset" | "none"; readonly tasks: readonly InspectedTask[] }>>;
  readonly import_errors: Readonly<Record<string, string>>;
}

export interface InspectedTask {
  readonly task_id: string;
  readonly operator: string;
  readonly kind?: "spark" | "pod" | "trigger";
  readonly image?: string;
  readonly trigger_dag_id?: string;
}

export interface RunPlan {
  /** DAG ids started by the runner on every day, in this order. */
  readonly daily: readonly string[];
  /** DAG ids started once, before the first day's, when the state is new. */
  readonly setup: readonly string[];
  /** External DAG ids stood in by a DAG that succeeds. */
  readonly stubs: readonly string[];
}

export interface PreflightInput {
  readonly target: string;
  readonly graph: IrGraph;
  readonly inspection: Inspection;
  readonly config: LocalConfig;
  /** Repositories of the images the runner knows how to run (this project's own, and mapped ones). */
  readonly runnableImages: ReadonlySet<string>;
  readonly missingSecrets: readonly SecretRef[];
}

export function preflight(input: PreflightInput): { plan: RunPlan; problems: string[] } {
  const { graph, inspection, config } = input;
  const problems: string[] = [];
  for (const [file, trace] of Object.entries(inspection.import_errors)) problems.push(`${file} does not import: ${lastLine(trace)}`);

  const resolve = (name: string, what: string): string | undefined => {
    if (inspection.dags[name]) return name;
    const pipeline = graph.pipelines.find((p) => p.id === name || p.dagId === name);
    if (pipeline && inspection.dags[pipeline.dagId]) return pipeline.dagId;
    problems.push(`${what} '${name}' is neither a pipeline id nor a DAG id of this project (pipelines: ${graph.pipelines.map((p) => p.id).join(", ")})`);
    return undefined;
  };
  const daily =
    input.target === "all"
      ? Object.keys(inspection.dags).filter((id) => inspection.dags[id]!.schedule === "time").sort()
      : [resolve(input.target, "pipeline")].filter((id): id is string => id !== undefined);
  if (input.target === "all" && daily.length === 0) problems.push("'all' runs the DAGs scheduled by time, and this project has none; name a pipeline instead");
  const setup = config.onFreshState.map((name) => resolve(name, "onFreshState entry")).filter((id): id is string => id !== undefined);

  // Everything that can run from there: triggered DAGs, and any DAG scheduled on assets.
  const reachable = new Set<string>();
  const stubs = new Set<string>();
  const queue = [...setup, ...daily, ...Object.keys(inspection.dags).filter((id) => inspection.dags[id]!.schedule === "asset")];
  while (queue.length) {
    const dagId = queue.shift()!;
    if (reachable.has(dagId)) continue;
    reachable.add(dagId);
    for (const task of inspection.dags[dagId]?.tasks ?? []) {
      const where = `DAG ${dagId}, task ${task.task_id}`;
      if (task.kind === "trigger" && task.trigger_dag_id) {
        const next = task.trigger_dag_id;
        if (inspection.dags[next]) queue.push(next);
        else if (config.externalDags[next]) stubs.add(next);
        else problems.push(`${where}: triggers DAG '${next}', which this project does not generate; to stand it in locally, add "externalDags": { "${next}": "succeed" } to lakehouse.local.json`);
      }
      if (task.kind === "pod" && task.image) {
        const repository = imageRepository(task.image);
        if (!input.runnableImages.has(repository)) {
          problems.push(`${where}: image '${repository}' is not built by this project; map it to a local command under "images" in lakehouse.local.json`);
        }
      }
    }
  }
  for (const ref of input.missingSecrets) problems.push(`Kubernetes secret '${ref.secret}' key '${ref.key}' has no local value; add it under "secrets" in lakehouse.local.json`);
  return { plan: { daily, setup: setup.filter((id) => !daily.includes(id)), stubs: [...stubs].sort() }, problems };
}

/** `registry:5000/org/name:tag` -> `registry:5000/org/name` (as local/airflow/lakec_local/runtime.py). */
export function imageRepository(image: string): string {
  const name = image.split("@")[0]!;
  const slash = name.lastIndexOf("/");
  const colon = name.indexOf(":", slash + 1);
  return colon === -1 ? name : name.slice(0, colon);
}

const lastLine = (text: string) => text.trim().split("\n").at(-1) ?? text;
