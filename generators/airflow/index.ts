import { readFileSync } from "node:fs";
import Handlebars from "handlebars";
import type { GeneratedFile } from "../core/file-set.ts";
import type { IrGraph } from "../ir/types.ts";
import { dagView } from "./dag-view.ts";

// noEscape: values are already Python source built by the literal builder; HTML escaping would corrupt them.
const template = Handlebars.compile(readFileSync(new URL("./templates/dag.py.hbs", import.meta.url), "utf8"), { noEscape: true, strict: true });

/** Where git-sync's DAG folder expects a pipeline's DAG file. */
export const dagFilePath = (dagId: string): string => `dags/my_dags/${dagId}.py`;

/** One Airflow 3 DAG file per pipeline. Pure: reads only the IR. */
export function emitAirflow(graph: IrGraph): GeneratedFile[] {
  return graph.pipelines.map((p) => ({
    path: dagFilePath(p.dagId),
    // Exactly one trailing newline, whatever the template's last block printed.
    content: `${template(dagView(p, graph.project)).replace(/\n*$/, "")}\n`,
    source: p.file,
  }));
}
