/**
 * lineage.mmd and lineage.html of the reference project: a subgraph per layer, the edges of the
 * graph, byte-determinism, and hostile names (quotes, `<`, `</script>`, Mermaid keywords, line
 * breaks) that can neither break the Mermaid syntax nor end the page's script element.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { compileProject } from "../../../generators/compile.ts";
import type { IrGraph } from "../../../generators/ir/types.ts";
import { escapeHtml, renderHtml, scriptJson } from "../../../generators/lineage/html.ts";
import { mermaidIds, mermaidLabel, renderMermaid } from "../../../generators/lineage/mermaid.ts";
import { buildLineageModel, type LineageModel } from "../../../generators/lineage/model.ts";
import { ROOT } from "../lower/helpers.ts";
import { HOSTILE, hostileGraph } from "./hostile.ts";

let graph: IrGraph;
let model: LineageModel;
beforeAll(async () => {
  const result = await compileProject(ROOT, { typecheck: false });
  graph = result.graph!;
  model = buildLineageModel(graph);
}, 120_000);

/** Node id of a Mermaid node declaration whose label is `label`. */
function nodeId(mmd: string, label: string): string {
  const line = mmd.split("\n").find((l) => l.includes(`[${mermaidLabel(label)}]`) || l.includes(`([${mermaidLabel(label)}])`));
  if (!line) throw new Error(`no node labelled ${label}`);
  return line.trim().split(/[[(]/)[0]!;
}

describe("lineage.mmd", () => {
  it("has a subgraph per layer holding its datasets, tasks as nodes and the graph's edges", () => {
    const mmd = renderMermaid(model);
    expect(mmd.startsWith("%% Lineage of project ampere")).toBe(true);
    expect(mmd.split("\n")[1]).toBe("flowchart LR");
    for (const layer of model.layers) {
      expect(mmd).toContain(`  subgraph layer_${layer.layer}["${layer.layer}"]\n`);
    }
    expect(mmd.match(/^ {2}subgraph /gm)?.length).toBe(model.layers.length);
    expect(mmd.match(/^ {2}end$/gm)?.length).toBe(model.layers.length);
    for (const d of model.datasets) expect(mmd).toContain(`[${mermaidLabel(d.id)}]`);
    // The bronze orders task writes bronze:orders; the daily dbt build reads it.
    const bronzeTask = nodeId(mmd, "ampere__bronze__landing_to_delta__daily.run__sparkapp__group_facts-events");
    const orders = nodeId(mmd, "bronze:orders");
    expect(orders).toBe("d_bronze_orders");
    expect(mmd).toContain(`\n  ${bronzeTask} --> ${orders}\n`);
    expect(mmd).toContain(`\n  ${orders} --> ${nodeId(mmd, "ampere__silver_gold__dbt_duckdb__daily.run__silver_gold__dbt_build")}\n`);
    expect(mmd.match(/^ {2}\w+ --> \w+$/gm)?.length).toBe(model.edges.length);
  });

  it("is deterministic to the byte", async () => {
    const again = buildLineageModel((await compileProject(ROOT, { typecheck: false })).graph!);
    expect(renderMermaid(again)).toBe(renderMermaid(model));
  }, 120_000);

  it("sanitises ids (letters, digits, _) and keeps colliding names apart", () => {
    const ids = mermaidIds("d", ["bronze:a.b", "bronze:a_b", "bronze:a-b", "end"]);
    expect(new Set(ids.values()).size).toBe(4);
    for (const id of ids.values()) expect(id).toMatch(/^d_[A-Za-z0-9_]+$/);
    expect(ids.get("end")).toBe("d_end");
    // An id depends only on its own name and its colliders: stable across unrelated additions.
    expect(mermaidIds("d", ["bronze:a.b", "bronze:a_b", "zzz"]).get("bronze:a.b")).toBe(mermaidIds("d", ["bronze:a_b", "bronze:a.b"]).get("bronze:a.b"));
  });

  it("escapes hostile labels: no quote, bracket, < or line break survives inside a label", () => {
    expect(mermaidLabel(`a"b<c>]#`)).toBe(`"a#34;b#60;c#62;#93;#35;"`);
    const mmd = renderMermaid(buildLineageModel(hostileGraph(graph)));
    expect(mmd).not.toContain("<");
    for (const line of mmd.split("\n").filter((l) => l.includes('"'))) {
      // Node and subgraph declarations: id, then exactly one quoted label without inner quotes.
      expect(line).toMatch(/^ {2,4}(subgraph )?\w+(\[|\(\[)"[^"\n]*"(\]|\]\))$/);
    }
    expect(mmd).toContain(`[${mermaidLabel(`silver:${HOSTILE}`)}]`);
    // A layer named "end\nsubgraph x" stays one label; the only `end` lines close subgraphs.
    expect(mmd.match(/^ {2}end$/gm)?.length).toBe(mmd.match(/^ {2}subgraph /gm)?.length);
  });
});

describe("lineage.html", () => {
  it("embeds the model as JSON that parses back, with every dataset, and names no URL", () => {
    const html = renderHtml(model);
    const json = /<script type="application\/json" id="lineage-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(model)));
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/); // the SVG namespace is a name, not a request
    expect(html).not.toMatch(/<(link|script|img|iframe)[^>]+(src|href)="(?!data:)/i);
    expect(html).toContain("Content-Security-Policy");
  });

  it("is deterministic to the byte", async () => {
    const again = buildLineageModel((await compileProject(ROOT, { typecheck: false })).graph!);
    expect(renderHtml(again)).toBe(renderHtml(model));
  }, 120_000);

  it("escapes hostile names: no </script or <!-- in the data, the title is text", () => {
    const hostile = buildLineageModel(hostileGraph(graph));
    const html = renderHtml(hostile);
    expect(html.match(/<\/script/gi)?.length).toBe(2); // the data element's and the script's own
    expect(html.match(/<script/gi)?.length).toBe(2);
    expect(html).not.toContain("<!--");
    expect(html).toContain(`<title>Lineage \u2014 &#60;b&#62;&#34;p&#34;&#60;/b&#62;x&#34;&#60;/script&#62;`);
    const json = /<script type="application\/json" id="lineage-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    const parsed = JSON.parse(json) as LineageModel;
    expect(parsed.datasets.find((d) => d.name === HOSTILE)?.columns[0]?.name).toBe(`c</script>${HOSTILE}`);
    expect(scriptJson("</script>\u2028")).toBe('"\\u003c/script\\u003e\\u2028"');
    expect(escapeHtml(`<a href="x">&'`)).toBe("&#60;a href=&#34;x&#34;&#62;&#38;&#39;");
  });
});
