import type { IrPipeline, IrProject, IrTask } from "../ir/types.ts";
import { py, pyIdentifier, pyStr, pyValue } from "../literals/python.ts";
import { intLiteral } from "../literals/numbers.ts";
import { writeBranch } from "./operators/branch.ts";
import { writeHttp, writeHttpPoll } from "./operators/http.ts";
import { writeMarker } from "./operators/marker.ts";
import { writePod } from "./operators/pod.ts";
import { writeTrigger } from "./operators/trigger.ts";
import { writeSpark } from "./operators/spark.ts";
import type { OperatorContext, OperatorView } from "./operators/types.ts";

const RESERVED_NAMES = [
  "pendulum", "os", "k8s", "dag", "DAG", "Asset", "Variable", "Secret", "annotations",
  "EmptyOperator", "KubernetesPodOperator", "TriggerDagRunOperator", "BranchPythonOperator",
  "HttpOperator", "HttpSensor", "SparkKubernetesOperator", "str", "isinstance", "dict",
];

/** Everything the DAG template prints, already rendered as Python source. */
export interface DagView {
  readonly header: string;
  readonly docstring: string | undefined;
  readonly imports: readonly string[];
  readonly helpers: readonly string[];
  readonly dagKwargs: readonly string[];
  readonly tasks: readonly { variable: string; className: string; kwargs: readonly string[] }[];
  readonly edges: readonly string[];
}

function operatorFor(task: IrTask, ctx: OperatorContext): OperatorView {
  switch (task.kind) {
    case "marker": return writeMarker(task, ctx);
    case "pod": return writePod(task, ctx);
    case "trigger": return writeTrigger(task, ctx);
    case "branch": return writeBranch(task, ctx);
    case "http": return writeHttp(task, ctx);
    case "httpPoll": return writeHttpPoll(task, ctx);
    case "spark": return writeSpark(task, ctx);
    // A dbt run is a pod with the dbt image and the generated runner.
    case "dbt": return writePod({ ...task, kind: "pod", startupTimeoutSeconds: 300 }, ctx);
  }
}

function scheduleCode(p: IrPipeline): string {
  switch (p.schedule.kind) {
    case "cron": return pyStr(p.schedule.cron);
    case "preset": return pyStr(p.schedule.preset);
    case "assets": return `[${p.schedule.assets.map((a) => `Asset(${pyStr(a)})`).join(", ")}]`;
    default: return "None";
  }
}

/** Settings every task shares, passed once through default_args. */
function defaultArgs(p: IrPipeline): string {
  return pyValue({
    owner: p.owner,
    retries: py(intLiteral(p.retries, `retries of pipeline '${p.id}'`)),
    retry_delay: py(`pendulum.duration(seconds=${intLiteral(p.retryDelaySeconds, `retryDelaySeconds of pipeline '${p.id}'`)})`),
    depends_on_past: p.dependsOnPast,
  });
}

/** Common task settings: only what differs from the defaults is written. */
function commonKwargs(task: IrTask): string[] {
  const out: string[] = [];
  if (task.triggerRule !== "all_success") out.push(`trigger_rule=${pyStr(task.triggerRule)}`);
  if (task.retries !== undefined) out.push(`retries=${intLiteral(task.retries, `retries of task '${task.id}'`)}`);
  if (task.retryDelaySeconds !== undefined) out.push(`retry_delay=pendulum.duration(seconds=${intLiteral(task.retryDelaySeconds, `retryDelaySeconds of task '${task.id}'`)})`);
  if (task.dependsOnPast !== undefined) out.push(`depends_on_past=${task.dependsOnPast ? "True" : "False"}`);
  if (task.doc !== undefined) out.push(`doc_md=${pyStr(task.doc)}`);
  // Lineage and data-aware scheduling: the datasets the task reads and writes, as Airflow assets.
  if (task.inlets.length) out.push(`inlets=[${task.inlets.map((o) => `Asset(${pyStr(o)})`).join(", ")}]`);
  if (task.outlets.length) out.push(`outlets=[${task.outlets.map((o) => `Asset(${pyStr(o)})`).join(", ")}]`);
  return out;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function dagView(p: IrPipeline, project: IrProject): DagView {
  const imports = new Set(["import pendulum", "from airflow.sdk import DAG"]);
  const helpers = new Map<string, string>();
  // Module-level names the file imports or defines: task variables must not shadow them.
  const taken = new Set<string>(RESERVED_NAMES);
  const variables = new Map<string, string>();
  for (const task of p.tasks) variables.set(task.id, pyIdentifier(task.id, taken));
  const tasks = p.tasks.map((task) => {
    const variable = variables.get(task.id)!;
    const view = operatorFor(task, { project, pipeline: p, variable });
    for (const line of view.imports) imports.add(line);
    for (const [name, code] of Object.entries(view.helpers ?? {})) helpers.set(name, code);
    if (task.inlets.length || task.outlets.length) imports.add("from airflow.sdk import Asset");
    return {
      variable,
      className: view.className,
      kwargs: [`task_id=${pyStr(task.id)}`, ...view.kwargs.map(([k, v]) => `${k}=${v}`), ...commonKwargs(task)],
    };
  });
  if (p.schedule.kind === "assets") imports.add("from airflow.sdk import Asset");
  if (p.tasks.some((t) => t.kind === "spark")) imports.add("import os");
  const edges = p.tasks
    .filter((t) => t.upstream.length)
    .map((t) => {
      const ups = t.upstream.map((u) => variables.get(u)!);
      return `${ups.length === 1 ? ups[0] : `[${ups.join(", ")}]`} >> ${variables.get(t.id)}`;
    });
  const dagKwargs = [
    `dag_id=${pyStr(p.dagId)}`,
    `schedule=${scheduleCode(p)}`,
    `start_date=pendulum.datetime(${p.startDate.split("-").map((n) => intLiteral(Number(n), "start date")).join(", ")}, tz="UTC")`,
    `catchup=${p.catchup ? "True" : "False"}`,
    `max_active_runs=${intLiteral(p.maxActiveRuns, `maxActiveRuns of pipeline '${p.id}'`, 1)}`,
    `tags=${pyValue([...p.tags])}`,
    `default_args=${defaultArgs(p)}`,
    // Spark tasks load their SparkApplication YAML from generated/dags (this file's parent folder).
    ...(p.tasks.some((t) => t.kind === "spark") ? ["template_searchpath=[os.path.dirname(os.path.dirname(os.path.abspath(__file__)))]"] : []),
    ...(p.description !== undefined ? [`description=${pyStr(firstLine(p.description))}`, `doc_md=${pyStr(p.description)}`] : []),
  ];
  // Module imports first, then `from` imports, each group sorted: stable and isort-like.
  const sorted = [...imports].sort((a, b) => Number(a.startsWith("from")) - Number(b.startsWith("from")) || byText(a, b));
  return {
    header: `# Generated from ${p.file} by the lakehouse pipeline compiler. Do not edit: change the pipeline and run \`npm run compile\`.`,
    docstring: pyStr(`${p.dagId}: ${firstLine(p.description ?? "")}`.replace(/: $/, "")),
    imports: sorted,
    helpers: [...helpers.keys()].sort(byText).map((name) => helpers.get(name)!),
    dagKwargs,
    tasks,
    edges,
  };
}

function firstLine(text: string): string {
  return text.split(/\r?\n/)[0]!.trim();
}
