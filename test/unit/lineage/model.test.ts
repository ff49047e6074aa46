/**
 * The lineage view model of the reference project and of the medallion golden case: every
 * dataset, edges exactly the datasets' producers and consumers, tasks between them, quality rules
 * (silver filters, dbt tests), medallion order of the layers, determinism.
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileProject } from "../../../generators/compile.ts";
import type { IrGraph } from "../../../generators/ir/types.ts";
import { buildLineageModel, layerRank, taskKey } from "../../../generators/lineage/model.ts";
import { ROOT } from "../lower/helpers.ts";

const SLOW = { timeout: 120_000 };

async function graphOf(root: string): Promise<IrGraph> {
  const result = await compileProject(root, { typecheck: false });
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return result.graph!;
}

let reference: IrGraph;
beforeAll(async () => {
  reference = await graphOf(ROOT);
}, 120_000);

describe("the lineage model of the reference project", () => {
  it("has every dataset of the graph, once, with its location, columns and origin", () => {
    const model = buildLineageModel(reference);
    expect(model.datasets.map((d) => d.id)).toEqual(reference.datasets.map((d) => d.id).sort());
    expect(model.datasets.length).toBeGreaterThan(50);
    for (const d of reference.datasets) {
      const view = model.datasets.find((v) => v.id === d.id)!;
      expect(view.location).toBe(d.location);
      expect(view.columns).toEqual(d.columns.map((c) => ({ ...c })));
      expect(view.origin).toEqual(d.origin ?? null);
    }
    // Every dataset is in exactly one layer group, and the groups follow the medallion.
    expect(model.layers.flatMap((l) => l.datasets).sort()).toEqual(model.datasets.map((d) => d.id));
    const ranks = model.layers.map((l) => layerRank(l.layer));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(model.layers.map((l) => l.layer).slice(0, 3)).toEqual(["source", "raw", "bronze"]);
  });

  it("has one edge per producer (task → dataset) and per consumer (dataset → task), nothing else", () => {
    const model = buildLineageModel(reference);
    const expected = reference.datasets.flatMap((d) => [
      ...d.producers.map((p) => `write ${d.id} ${taskKey(p.dagId, p.taskId)}`),
      ...d.consumers.map((c) => `read ${d.id} ${taskKey(c.dagId, c.taskId)}`),
    ]);
    expect(model.edges.map((e) => `${e.kind} ${e.dataset} ${e.task}`).sort()).toEqual(expected.sort());
    // The tasks' reads and writes agree with the IR's.
    for (const p of reference.pipelines) {
      for (const t of p.tasks) {
        const view = model.tasks.find((v) => v.key === taskKey(p.dagId, t.id));
        if (!t.reads.length && !t.writes.length) {
          expect(view, `${p.dagId}.${t.id} moves no data`).toBeUndefined();
          continue;
        }
        expect(view!.reads).toEqual([...t.reads].sort());
        expect(view!.writes).toEqual([...t.writes].sort());
        expect(view!.pipeline).toBe(p.id);
      }
    }
  });

  it("names the bronze orders task as the producer of bronze:orders, and dbt runs as its consumers", () => {
    const model = buildLineageModel(reference);
    const orders = model.datasets.find((d) => d.id === "bronze:orders")!;
    expect(orders.producers.map((p) => `${p.dagId}.${p.taskId}`)).toEqual(["ampere__bronze__landing_to_delta__daily.run__sparkapp__group_facts-events"]);
    expect(orders.consumers.map((c) => c.dagId)).toContain("ampere__silver_gold__dbt_duckdb__daily");
    expect(orders.origin?.file).toBe("pipelines/sources/ampere-db.ts");
    expect(orders.columns.map((c) => c.name)).toContain("total_amount");
  });

  it("carries the dbt tests of each model's columns as its quality rules", () => {
    const model = buildLineageModel(reference);
    const payments = model.datasets.find((d) => d.id === "dbt:stg_payments")!;
    const model0 = reference.dbt!.models.find((m) => m.name === "stg_payments")!;
    expect(payments.rules.length).toBe(model0.columns.reduce((n, c) => n + c.tests.length, 0));
    expect(payments.rules.every((r) => r.kind === "dbt")).toBe(true);
    expect(payments.rules.find((r) => r.name === "accepted_values")?.column).toBe("payment_status");
    expect(payments.rules.find((r) => r.name === "not_null")).toMatchObject({ column: "order_id", onFail: "error" });
  });

  it("is deterministic: two builds of two compiles are equal, to the byte as JSON", async () => {
    const again = await graphOf(ROOT);
    expect(JSON.stringify(buildLineageModel(again))).toBe(JSON.stringify(buildLineageModel(reference)));
  }, SLOW.timeout);
});

describe("the lineage model of a silver step", () => {
  it("carries the silver quality rules of the silver table, with their SQL and onFail", SLOW, async () => {
    const graph = await graphOf(path.join(ROOT, "test/golden/cases/medallion"));
    const model = buildLineageModel(graph);
    const clients = model.datasets.find((d) => d.id === "silver:clients")!;
    expect(clients.rules.map((r) => r.name)).toEqual(["id_not_null", "name_not_blank"]);
    expect(clients.rules[1]).toMatchObject({ kind: "silver", detail: "trim(client_name) <> ''", onFail: "quarantine" });
    expect(model.layers.map((l) => l.layer)).toContain("silver");
    // The silver task sits between bronze:clients and silver:clients.
    const silverTask = model.tasks.find((t) => t.writes.includes("silver:clients"))!;
    expect(silverTask.reads).toContain("bronze:clients");
    expect(silverTask.writes).toContain("quarantine:clients");
  });
});
