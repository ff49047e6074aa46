// Collects the datasets lowering meets and which task reads or writes each. A dataset is
// declared by the DSL object it derives from (a source table, a silver(...), a dbt model, the
// lake settings); the same object met again (a table landed, then applied to bronze) is the
// same dataset, while two objects meeting at one id or one location are a conflict.
import { error } from "../../diagnostics/diagnostic.ts";
import type { DatasetFormat, IrDataset, IrDatasetRead, IrTaskRef } from "../../ir/datasets.ts";
import type { IrPipeline, SourceRef } from "../../ir/types.ts";
import type { LowerContext } from "../context.ts";
import { datasetAssetUri, openLineageName } from "./asset-uri.ts";

/** A dataset as declared: everything but the tasks around it. */
export type DatasetDecl = Omit<IrDataset, "producers" | "consumers" | "assetUri" | "openLineage">;

interface TaskIo {
  readonly reads: Map<string, DatasetFormat>;
  readonly writes: Set<string>;
}

const taskKey = (t: IrTaskRef) => `${t.dagId}\u0000${t.taskId}`;
const byTask = (a: IrTaskRef, b: IrTaskRef) => (taskKey(a) < taskKey(b) ? -1 : taskKey(a) > taskKey(b) ? 1 : 0);
const where = (o: SourceRef | undefined) => (o ? `${o.file}:${o.line}` : "an unknown place");

export class DatasetCollector {
  private readonly decls = new Map<string, { readonly dataset: DatasetDecl; readonly declaredBy: object }>();
  private readonly idAt = new Map<string, string>();
  private readonly io = new Map<string, TaskIo>();
  /** Pairs of declaring objects already reported: one clash of two tables is one diagnostic, not one per layer. */
  private readonly clashes = new Map<object, Set<object>>();

  constructor(private readonly ctx: LowerContext) {}

  /** Registers a dataset (once per declaring object) and returns its id. */
  declare(dataset: DatasetDecl, declaredBy: object): string {
    const known = this.decls.get(dataset.id);
    if (known) {
      // Two silver(...) with one target are reported by GR022 (checks/tables.ts); anything else here.
      if (known.declaredBy !== declaredBy && dataset.layer !== "silver" && dataset.layer !== "quarantine" && this.firstClash(known.declaredBy, declaredBy)) {
        this.ctx.report(error("GR025", `${dataset.layer} table '${dataset.name}' (${dataset.location}) is declared twice: at ${where(known.dataset.origin)} and at ${where(dataset.origin)}`, dataset.origin));
      }
      // External only when every declaration says so: a step of the project writing it wins.
      if (known.dataset.external && !dataset.external) this.decls.set(dataset.id, { ...known, dataset: { ...known.dataset, external: false } });
      return dataset.id;
    }
    const other = this.idAt.get(dataset.location);
    if (other !== undefined) {
      const first = this.decls.get(other)!;
      if (this.firstClash(first.declaredBy, declaredBy)) {
        this.ctx.report(error("GR025", `datasets '${other}' and '${dataset.id}' are both at ${dataset.location}`, dataset.origin, `first declared at ${where(first.dataset.origin)}`));
      }
    } else {
      this.idAt.set(dataset.location, dataset.id);
    }
    this.decls.set(dataset.id, { dataset, declaredBy });
    return dataset.id;
  }

  /** `task` reads dataset `id`, expecting it in `format`. */
  read(task: IrTaskRef, id: string, format: DatasetFormat): void {
    this.ioOf(task).reads.set(id, format);
  }

  write(task: IrTaskRef, id: string): void {
    this.ioOf(task).writes.add(id);
  }

  /** The declared dataset of an id, if any. */
  get(id: string): DatasetDecl | undefined {
    return this.decls.get(id)?.dataset;
  }

  /** Dataset ids a task reads and writes, sorted. */
  taskIo(task: IrTaskRef): { reads: string[]; writes: string[] } {
    const io = this.io.get(taskKey(task));
    return { reads: [...(io?.reads.keys() ?? [])].sort(), writes: [...(io?.writes ?? [])].sort() };
  }

  /** Every declared dataset with the tasks of the final pipelines around it, sorted by id. */
  datasets(pipelines: readonly IrPipeline[]): IrDataset[] {
    const producers = new Map<string, IrTaskRef[]>();
    const consumers = new Map<string, IrDatasetRead[]>();
    const add = <T extends IrTaskRef>(map: Map<string, T[]>, id: string, ref: T) => map.set(id, [...(map.get(id) ?? []), ref]);
    for (const p of pipelines) {
      for (const t of p.tasks) {
        const ref = { dagId: p.dagId, taskId: t.id };
        const io = this.taskIo(ref);
        for (const id of io.writes) add(producers, id, ref);
        for (const [id, format] of this.io.get(taskKey(ref))?.reads ?? []) add(consumers, id, { ...ref, format });
      }
    }
    return [...this.decls.values()]
      .map(({ dataset }) => ({ ...dataset, assetUri: datasetAssetUri(dataset.location), openLineage: openLineageName(dataset.location), producers: (producers.get(dataset.id) ?? []).sort(byTask), consumers: (consumers.get(dataset.id) ?? []).sort(byTask) }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** True the first time two declaring objects clash. */
  private firstClash(a: object, b: object): boolean {
    const seen = this.clashes.get(a) ?? new Set<object>();
    this.clashes.set(a, seen);
    if (seen.has(b)) return false;
    seen.add(b);
    return true;
  }

  private ioOf(task: IrTaskRef): TaskIo {
    const key = taskKey(task);
    let io = this.io.get(key);
    if (!io) this.io.set(key, (io = { reads: new Map(), writes: new Set() }));
    return io;
  }
}
