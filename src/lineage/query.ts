/**
 * Queries on a lineage graph: everything downstream of a node (what breaks if it changes),
 * everything upstream (where its data comes from, down to warehouse tables), with each
 * node's distance, and a count of what was reached by kind.
 */
import type { Direction, LineageGraph, LineageGraphNode, LineageView, NodeKind } from "./model.js";
import { NODE_KINDS } from "./model.js";

/** Options of {@link lineageOf}. */
export interface QueryOptions {
  /** Stop this many edges away from the target (default: no limit). */
  maxDepth?: number | undefined;
}

/** Node id → ids one edge away in `direction`, in graph order. */
export function adjacency(graph: { edges: LineageGraph["edges"] }, direction: Direction): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of graph.edges) {
    const [a, b] = direction === "downstream" ? [e.from, e.to] : [e.to, e.from];
    const list = out.get(a);
    if (list) list.push(b);
    else out.set(a, [b]);
  }
  return out;
}

/** The part of `graph` reachable from node `id` in `direction` (breadth first; each node at its shortest distance). */
export function lineageOf(graph: LineageGraph, id: string, direction: Direction, options: QueryOptions = {}): LineageView {
  if (!graph.nodes.some((n) => n.id === id)) throw new Error(`lineageOf: no node ${id}`);
  const maxDepth = options.maxDepth ?? null;
  const next = adjacency(graph, direction);
  const depth = new Map<string, number>([[id, 0]]);
  let frontier = [id];
  for (let d = 1; frontier.length > 0 && (maxDepth === null || d <= maxDepth); d++) {
    const reached: string[] = [];
    for (const n of frontier) {
      for (const m of next.get(n) ?? []) {
        if (depth.has(m)) continue;
        depth.set(m, d);
        reached.push(m);
      }
    }
    frontier = reached;
  }
  return {
    run: graph.run,
    nodes: graph.nodes.filter((n) => depth.has(n.id)),
    edges: graph.edges.filter((e) => depth.has(e.from) && depth.has(e.to)),
    notes: graph.notes,
    query: { target: id, direction, maxDepth, depth: Object.fromEntries([...depth].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) },
  };
}

/** How many nodes of each kind a view holds (the target of a query not counted), kinds in graph order. */
export function countByKind(view: LineageView): Array<[NodeKind, number]> {
  const counts = new Map<NodeKind, number>();
  for (const n of view.nodes) {
    if (n.id === view.query?.target) continue;
    counts.set(n.kind, (counts.get(n.kind) ?? 0) + 1);
  }
  return NODE_KINDS.filter((k) => counts.has(k)).map((k) => [k, counts.get(k)!]);
}

/** The node with this id in a view or graph. */
export function nodeById(view: { nodes: LineageGraphNode[] }, id: string): LineageGraphNode | undefined {
  return view.nodes.find((n) => n.id === id);
}
