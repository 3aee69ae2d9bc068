/**
 * The JSON format: `{run, query?, counts, nodes, edges, notes}`, keys in a fixed order so the
 * same extraction always gives the same bytes. Nodes of a query carry their `depth`.
 */
import type { LineageGraphEdge, LineageGraphNode, LineageView } from "./model.js";
import { countByKind } from "./query.js";

// Key order of a node; absent fields are left out.
const NODE_KEYS = [
  "id",
  "kind",
  "name",
  "label",
  "sigmaId",
  "urlId",
  "parent",
  "connectionId",
  "connection",
  "path",
  "elementType",
  "url",
  "definition",
  "inferred",
] as const satisfies ReadonlyArray<keyof LineageGraphNode>;

/** A node as a plain object with keys in the documented order. */
export function nodeJson(n: LineageGraphNode, depth?: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of NODE_KEYS) if (n[k] !== undefined) out[k] = n[k];
  if (depth !== undefined) out.depth = depth;
  return out;
}

function edgeJson(e: LineageGraphEdge): Record<string, unknown> {
  return { from: e.from, to: e.to, level: e.level, basis: e.basis };
}

/** The JSON document of a view, as an object. */
export function viewJson(view: LineageView): Record<string, unknown> {
  const q = view.query;
  return {
    run: { ts: view.run.ts, format: view.run.format, complete: view.run.complete },
    ...(q !== undefined ? { query: { target: q.target, direction: q.direction, maxDepth: q.maxDepth } } : {}),
    counts: Object.fromEntries(countByKind(view)),
    nodes: view.nodes.map((n) => nodeJson(n, q?.depth[n.id])),
    edges: view.edges.map(edgeJson),
    notes: view.notes,
  };
}

/** Renders `view` as JSON (2-space indent, trailing newline). */
export function renderJson(view: LineageView): string {
  return `${JSON.stringify(viewJson(view), null, 2)}\n`;
}
