/**
 * Kahn's topological sort; ties keep declaration order so output reads like the source.
 * Returns the order, or the nodes of one cycle when there is one.
 */
export function toposort(ids: readonly string[], upstreamOf: (id: string) => readonly string[]): { order: string[]; cycle?: string[] } {
  const index = new Map(ids.map((id, i) => [id, i]));
  const indegree = new Map(ids.map((id) => [id, upstreamOf(id).filter((u) => index.has(u)).length]));
  const downstream = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const id of ids) for (const up of upstreamOf(id)) downstream.get(up)?.push(id);
  // Ready nodes in declaration order: a min-heap keyed by declaration index.
  const ready = new MinHeap<string>((a, b) => index.get(a)! - index.get(b)!);
  for (const id of ids) if (indegree.get(id) === 0) ready.push(id);
  const order: string[] = [];
  while (ready.size) {
    const next = ready.pop()!;
    order.push(next);
    for (const down of downstream.get(next)!) {
      const left = indegree.get(down)! - 1;
      indegree.set(down, left);
      if (left === 0) ready.push(down);
    }
  }
  if (order.length === ids.length) return { order };
  const done = new Set(order);
  return { order, cycle: findCycle(ids.filter((id) => !done.has(id)), upstreamOf) };
}

/** Walks upstream edges among the remaining nodes until one repeats: that loop is a cycle. */
function findCycle(remaining: readonly string[], upstreamOf: (id: string) => readonly string[]): string[] {
  const left = new Set(remaining);
  const path: string[] = [];
  let node = remaining[0]!;
  while (!path.includes(node)) {
    path.push(node);
    node = upstreamOf(node).find((u) => left.has(u))!;
  }
  return path.slice(path.indexOf(node)).reverse();
}

/** A small binary min-heap. */
class MinHeap<T> {
  private readonly items: T[] = [];
  constructor(private readonly less: (a: T, b: T) => number) {}
  get size(): number {
    return this.items.length;
  }
  push(item: T): void {
    const a = this.items;
    a.push(item);
    for (let i = a.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (this.less(a[i]!, a[parent]!) >= 0) break;
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }
  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length && last !== undefined) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l]!, a[m]!) < 0) m = l;
        if (r < a.length && this.less(a[r]!, a[m]!) < 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}
