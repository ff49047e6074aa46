// The generator's own PRNG: the same seed and labels give the same numbers on every machine and
// Node version (pinned values), other seeds or labels give others.
import { describe, expect, it } from "vitest";
import { hash32, Rng } from "../../../local/synthetic/prng.ts";

const draws = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.float());

describe("seeded PRNG", () => {
  it("repeats itself for the same seed and labels", () => {
    expect(draws(new Rng(42, "orders", "2025-08-02"), 20)).toEqual(draws(new Rng(42, "orders", "2025-08-02"), 20));
  });

  it("differs for another seed or another label", () => {
    const base = draws(new Rng(42, "orders", "2025-08-02"), 5);
    expect(draws(new Rng(43, "orders", "2025-08-02"), 5)).not.toEqual(base);
    expect(draws(new Rng(42, "orders", "2025-08-03"), 5)).not.toEqual(base);
    expect(draws(new Rng(42, "clients", "2025-08-02"), 5)).not.toEqual(base);
  });

  it("is pinned: these numbers never change (or every generated data set would)", () => {
    expect(hash32(42, "orders", "2025-08-02")).toBe(3806342639);
    const rng = new Rng(42, "pin");
    expect(Array.from({ length: 4 }, () => rng.int(0, 1_000_000))).toEqual([493263, 792765, 815298, 447303]);
  });

  it("keeps draws in range and samples without repeats", () => {
    const rng = new Rng(7, "range");
    for (let i = 0; i < 2000; i++) {
      const x = rng.int(3, 9);
      expect(x).toBeGreaterThanOrEqual(3);
      expect(x).toBeLessThanOrEqual(9);
      const f = rng.float();
      expect(f >= 0 && f < 1).toBe(true);
    }
    const picked = rng.sample([...Array(50).keys()], 20);
    expect(new Set(picked).size).toBe(20);
    const weighted = rng.sampleWeighted([1, 0, 5, 2, 0.5], 4);
    expect(new Set(weighted).size).toBe(4);
    expect(rng.sample([1, 2], 5)).toHaveLength(2);
  });

  it("roundRandom keeps the mean", () => {
    const rng = new Rng(1, "mean");
    const n = 20_000;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += rng.roundRandom(0.3);
    expect(sum / n).toBeGreaterThan(0.28);
    expect(sum / n).toBeLessThan(0.32);
  });
});
