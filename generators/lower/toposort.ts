/**
 * Kahn's topological sort; ties keep declaration order so output reads like the source.
 * Returns the order, or the nodes of one cycle when there is one.
 */
export function toposort(ids: readonly string[], upstreamOf: (id: string) => readonly string[]): { order: string[]; cycle?: string[] } {
  const index = new Map(ids.map((id, i) => [id, i]));
  const indegree = new Map(ids.map((id) => [id, upstreamOf(id).filter((u) => index.has(u)).length]));
  const downstream = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const id of ids) for (const up of upstreamOf(id)) downstream.get(up)?.push(id);
  const ready = ids.filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  while (ready.length) {
    ready.sort((a, b) => index.get(a)! - index.get(b)!);
    const next = ready.shift()!;
    order.push(next);
    for (const down of downstream.get(next)!) {
      const left = indegree.get(down)! - 1;
      indegree.set(down, left);
      if (left === 0) ready.push(down);
    }
  }
  if (order.length === ids.length) return { order };
  return { order, cycle: findCycle(ids.filter((id) => !order.includes(id)), upstreamOf) };
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
