import path from "node:path";
import type { Metafile } from "esbuild";

/** One import cycle: files[i] imports files[i + 1] (and the last the first) with specifiers[i]. */
export interface ImportCycle {
  /** Absolute paths, starting with the smallest path of the cycle. */
  readonly files: readonly string[];
  /** The specifier as written in files[i] for its import of the next file. */
  readonly specifiers: readonly string[];
}

/**
 * Import cycles between the bundled files (esbuild's metafile is the import graph). In a cycle
 * one file runs before what it imports is initialised, so a pipeline it names is `undefined`:
 * every cycle is reported, one per strongly connected group of files, smallest path first.
 */
export function importCycles(metafile: Metafile, cwd: string): ImportCycle[] {
  const edges = new Map<string, { to: string; specifier: string }[]>();
  for (const [input, info] of Object.entries(metafile.inputs)) {
    if (input.startsWith("<")) continue; // the generated entry module
    const from = path.resolve(cwd, input);
    const out = info.imports
      .filter((i) => !i.external && !i.path.startsWith("<"))
      .map((i) => ({ to: path.resolve(cwd, i.path), specifier: i.original ?? i.path }));
    edges.set(from, out);
  }
  const cycles: ImportCycle[] = [];
  for (const group of stronglyConnected(edges)) {
    const start = [...group].sort()[0]!;
    const selfLoop = edges.get(start)?.some((e) => e.to === start);
    if (group.size < 2 && !selfLoop) continue;
    cycles.push(pathBack(start, group, edges));
  }
  return cycles.sort((a, b) => (a.files[0]! < b.files[0]! ? -1 : 1));
}

/** Shortest path from `start` back to itself inside `group` (breadth first, edges in import order). */
function pathBack(start: string, group: Set<string>, edges: Map<string, { to: string; specifier: string }[]>): ImportCycle {
  const previous = new Map<string, { from: string; specifier: string }>();
  const queue = [start];
  let end: { from: string; specifier: string } | undefined;
  while (queue.length > 0 && !end) {
    const node = queue.shift()!;
    for (const e of edges.get(node) ?? []) {
      if (!group.has(e.to)) continue;
      if (e.to === start) { end = { from: node, specifier: e.specifier }; break; }
      if (previous.has(e.to)) continue;
      previous.set(e.to, { from: node, specifier: e.specifier });
      queue.push(e.to);
    }
  }
  const files: string[] = [];
  const specifiers: string[] = [];
  let step = end!;
  for (;;) {
    files.unshift(step.from);
    specifiers.unshift(step.specifier);
    if (step.from === start) break;
    step = previous.get(step.from)!;
  }
  return { files, specifiers };
}

/** Tarjan's algorithm, iteratively (a long import chain must not overflow the stack). */
function stronglyConnected(edges: Map<string, { to: string }[]>): Set<string>[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const groups: Set<string>[] = [];
  let counter = 0;
  for (const root of [...edges.keys()].sort()) {
    if (index.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter); low.set(root, counter++); stack.push(root); onStack.add(root);
    while (work.length > 0) {
      const frame = work.at(-1)!;
      const out = edges.get(frame.node) ?? [];
      if (frame.next < out.length) {
        const to = out[frame.next++]!.to;
        if (!index.has(to)) {
          index.set(to, counter); low.set(to, counter++); stack.push(to); onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work.at(-1);
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const group = new Set<string>();
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          group.add(member);
        } while (member !== frame.node);
        groups.push(group);
      }
    }
  }
  return groups;
}
