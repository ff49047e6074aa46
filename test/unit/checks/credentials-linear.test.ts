/**
 * The credential check runs in linear time on any input. The old URL regex took 5 s on 40,000
 * characters and grew with the square of the length: on the 2 MB adversarial values below it would
 * run for hours, a linear scan takes a fraction of a second. The bound is far from both, so a
 * shared, loaded machine cannot make it flaky (a wall-clock ratio could).
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

/** One run, in ms. */
function timeOf(graph: IrGraph): number {
  const start = performance.now();
  checkLiteralCredentials(graph);
  return performance.now() - start;
}

const MB = 1 << 20;

describe("credential check time", () => {
  it.each(Object.keys(SHAPES))("checks 2 MB of %s in seconds, not hours", (shape) => {
    expect(timeOf(graphOf(SHAPES[shape]!, 2 * MB))).toBeLessThan(10_000);
  }, 60_000);
});
