/**
 * The credential check runs in linear time on any input: adversarial 1 MB values (shapes that
 * made the old URL regex quadratic) are checked well under a second, and doubling the input at
 * most roughly doubles the time.
 */
import { describe, expect, it } from "vitest";
import { checkLiteralCredentials } from "../../../generators/checks/credentials.ts";
import type { IrGraph } from "../../../generators/ir/types.ts";
import { image, manual, pipeline } from "../../../dsl/index.ts";
import { lowerAll, relativeFile, testProject } from "../lower/helpers.ts";

const FILE = relativeFile(import.meta.url);
const platform = testProject({ images: { tool: image("ghcr.io/acme/tool", { tag: "1.0" }) } });

const SHAPES: Readonly<Record<string, string>> = {
  colons: "a:",
  urls: "a://a:",
  ats: "a://a:@:",
  flags: "--password ",
  assignments: "x=",
  names: "password",
  bearer: "Bearer ",
  dashes: "-",
};

/** One pod whose env value, env name and argument are `unit` repeated to `bytes`. */
function graphOf(unit: string, bytes: number): IrGraph {
  const value = unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
  const p = pipeline({ id: "big", schedule: manual, tasks: (t) => void t.pod("run", { image: platform.images.tool, env: { BIG: value }, args: [value, value] }) });
  return lowerAll(platform, [p], FILE).graph;
}

/** Best of three runs, in ms. */
function timeOf(graph: IrGraph): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    checkLiteralCredentials(graph);
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

const MB = 1 << 20;

describe("credential check time", () => {
  it.each(Object.keys(SHAPES))("is linear for 1 MB and 2 MB of %s", (shape) => {
    const unit = SHAPES[shape]!;
    const one = timeOf(graphOf(unit, MB));
    const two = timeOf(graphOf(unit, 2 * MB));
    expect(one).toBeLessThan(1000);
    // Small absolute slack: at a few ms, timer noise dominates the ratio.
    expect(two).toBeLessThan(3 * one + 20);
  }, 60_000);
});
