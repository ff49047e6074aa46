// Stand-ins for DAGs the project triggers but does not generate (config `externalDags`): a DAG
// of that id that succeeds, in the runner's own DAG folder, never in generated/.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export const STUB_TASK_ID = "external_dag_stand_in";

export function writeStubDags(folder: string, dagIds: readonly string[]): void {
  mkdirSync(folder, { recursive: true });
  for (const file of readdirSync(folder)) if (file.endsWith(".py")) rmSync(path.join(folder, file));
  for (const dagId of dagIds) {
    const id = JSON.stringify(dagId);
    writeFileSync(
      path.join(folder, `${dagId.replace(/[^A-Za-z0-9_]/g, "_")}.py`),
      `# Stands in, in a local run only, for the external DAG ${id} (lakehouse.local.json "externalDags").
import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG

with DAG(dag_id=${id}, schedule=None, start_date=pendulum.datetime(2020, 1, 1, tz="UTC"), catchup=False, tags=["local:stand-in"]):
    EmptyOperator(task_id=${JSON.stringify(STUB_TASK_ID)})
`,
    );
  }
}
