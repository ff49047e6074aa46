/** Hostile names for the lineage renderers: quotes, markup, `</script>`, Mermaid keywords, line breaks. */
import type { IrDataset } from "../../../generators/ir/datasets.ts";
import type { IrGraph } from "../../../generators/ir/types.ts";

/** Ends the data element, runs a script, loads an image (a request), all if not escaped. */
export const HOSTILE = `x"</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">`;

/**
 * `graph` plus a silver dataset with hostile names (and a task of the first pipeline writing it),
 * a dataset whose layer would close a Mermaid subgraph, and a hostile project id.
 */
export function hostileGraph(graph: IrGraph): IrGraph {
  const writer = graph.pipelines[0]!;
  const task = { ...writer.tasks[0]!, id: `t"<end>`, writes: [`silver:${HOSTILE}`], reads: [] };
  const dataset: IrDataset = {
    ...graph.datasets[0]!,
    id: `silver:${HOSTILE}`, layer: "silver", name: HOSTILE, location: `s3a://b/<!--"'&${HOSTILE}`, external: false,
    columns: [{ name: `c</script>${HOSTILE}`, type: `map<string,"x">`, nullable: true, system: false }],
    producers: [{ dagId: writer.dagId, taskId: task.id }], consumers: [],
  };
  const end: IrDataset = { ...dataset, id: "end", layer: "end\nsubgraph x" as string as IrDataset["layer"], name: "end", producers: [], consumers: [] };
  return {
    ...graph,
    project: { ...graph.project, id: `<b>"p"</b>${HOSTILE}` },
    pipelines: [{ ...writer, tasks: [...writer.tasks, task] }, ...graph.pipelines.slice(1)],
    datasets: [...graph.datasets, dataset, end],
  };
}
