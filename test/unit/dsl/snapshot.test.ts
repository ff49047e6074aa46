/** Builders keep what they validated: a frozen copy read once, handles kept by identity. */
import { describe, expect, it } from "vitest";
import { image, k8sSecret, manual, pipeline, project } from "../../../dsl/index.ts";
import { snapshot } from "../../../dsl/internal/snapshot.ts";

describe("snapshot", () => {
  it("reads every property once, copies plain data and freezes it", () => {
    let reads = 0;
    const input = { nested: { get n() { return ++reads; } }, list: [1, { a: "x" }] };
    const copy = snapshot(input);
    expect(copy).toEqual({ nested: { n: 1 }, list: [1, { a: "x" }] });
    expect(copy.nested.n).toBe(1);
    expect(reads).toBe(1);
    expect(Object.isFrozen(copy) && Object.isFrozen(copy.nested) && Object.isFrozen(copy.list) && Object.isFrozen(copy.list[1])).toBe(true);
    expect(copy.nested).not.toBe(input.nested);
  });

  it("keeps DSL objects and functions by identity", () => {
    const img = image("ghcr.io/acme/x");
    const fn = () => 1;
    const copy = snapshot({ images: { img }, fn });
    expect(copy.images.img).toBe(img);
    expect(copy.fn).toBe(fn);
  });

  it("keeps shared and cyclic references as they are", () => {
    const shared = { v: 1 };
    const cyclic: Record<string, unknown> = { shared, again: shared };
    cyclic.self = cyclic;
    const copy = snapshot(cyclic) as typeof cyclic;
    expect(copy.again).toBe(copy.shared);
    expect(copy.self).toBe(copy);
  });
});

describe("builders", () => {
  it("return frozen objects whose later reads match what was validated", () => {
    let reads = 0;
    const spec = { id: "acme", startDate: "2025-01-01", namespace: "ns", get retries() { return reads++ ? "1; import os" : 3; }, secrets: { s: k8sSecret("a", "b") } };
    const p = project(spec as never) as unknown as { issues: unknown[]; retries: number; secrets: Record<string, unknown> };
    expect(p.issues).toEqual([]);
    expect([p.retries, p.retries]).toEqual([3, 3]);
    expect(reads).toBe(1);
    expect(Object.isFrozen(p)).toBe(true);
    expect(p.secrets.s).toBe(spec.secrets.s);
    expect(() => ((p as { retries: number }).retries = 9)).toThrow(TypeError);
  });

  it("freeze tasks once the tasks function returned, with forward references resolved", () => {
    const late: unknown[] = [];
    const pl = pipeline({
      id: "p",
      schedule: manual,
      tasks: (t) => {
        t.marker("b", { after: late as never });
        late.push(t.marker("a"));
      },
    });
    const [b, a] = pl.tasks;
    expect(b!.options.after).toEqual([a]);
    expect(b!.options.after![0]).toBe(a);
    expect(Object.isFrozen(b) && Object.isFrozen(b!.options) && Object.isFrozen(pl.tasks)).toBe(true);
    late.length = 0;
    expect(b!.options.after).toHaveLength(1);
  });
});
