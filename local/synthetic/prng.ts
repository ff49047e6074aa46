// A small seeded PRNG of our own (mulberry32 streams keyed by an FNV-1a + fmix32 hash), so the
// same seed and labels always give the same numbers: never Math.random, never the clock.

/** 32-bit hash of the parts (FNV-1a over their text, then murmur3's finaliser for avalanche). */
export function hash32(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  const text = parts.join("\u0000");
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A deterministic uniform number in [0, 1) for the parts, without creating a stream. */
export function unit(...parts: readonly (string | number)[]): number {
  return hash32(...parts) / 4294967296;
}

/**
 * A stream of pseudo-random numbers (mulberry32). Each concern takes its own stream keyed by the
 * seed and labels (`new Rng(seed, "orders", date)`), so adding draws to one concern does not
 * shift the numbers of another.
 * @example
 * const rng = new Rng(42, "clients", "2025-08-01");
 * rng.int(1, 5); // the same every run
 */
export class Rng {
  private state: number;

  constructor(seed: number, ...labels: readonly (string | number)[]) {
    this.state = hash32(seed, ...labels);
  }

  /** Uniform in [0, 1). */
  float(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  /** Uniform in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + this.float() * (hi - lo);
  }

  /** true with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("Rng.pick: no items");
    return items[Math.floor(this.float() * items.length)]!;
  }

  /** An index drawn with the given (non-negative) weights. */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((a, b) => a + b, 0);
    let x = this.float() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i]!;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  /** `k` distinct elements in draw order (partial Fisher-Yates on a copy). */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = [...items];
    const n = Math.min(k, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.float() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, n);
  }

  /** `k` distinct indexes drawn with weights, without replacement. */
  sampleWeighted(weights: readonly number[], k: number): number[] {
    const left = weights.map((w, i) => ({ w, i }));
    const out: number[] = [];
    while (out.length < k && left.length > 0) {
      const at = this.weighted(left.map((x) => x.w));
      out.push(left[at]!.i);
      left.splice(at, 1);
    }
    return out;
  }

  /** A whole count whose mean is `x` (floor plus one with the fractional part's probability). */
  roundRandom(x: number): number {
    const whole = Math.floor(x);
    return whole + (this.chance(x - whole) ? 1 : 0);
  }
}
