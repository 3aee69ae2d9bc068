/**
 * Collects nodes and edges without duplicates, then hands out the graph in its one
 * deterministic order (see model.ts), whatever order the files were read in.
 */
import { compareEdges, compareNodes } from "./model.js";
import type { EdgeBasis, EdgeLevel, LineageGraphEdge, LineageGraph, LineageGraphNode, RunInfo } from "./model.js";

/** A mutable graph under construction. */
export class GraphBuilder {
  readonly #nodes = new Map<string, LineageGraphNode>();
  readonly #edges = new Map<string, LineageGraphEdge>();

  /** Adds `node` unless its id exists (a listed node replaces an inferred one). Returns the id. */
  node(node: LineageGraphNode): string {
    const known = this.#nodes.get(node.id);
    if (known === undefined || (known.inferred === true && node.inferred !== true)) this.#nodes.set(node.id, node);
    return node.id;
  }

  /** The node with this id, if any. */
  get(id: string): LineageGraphNode | undefined {
    return this.#nodes.get(id);
  }

  /** Adds "`from` feeds `to`" (an element-level edge wins over a document-level one). */
  edge(from: string, to: string, level: EdgeLevel, basis: EdgeBasis): void {
    if (from === to) return;
    const key = `${from}\u0000${to}`;
    const known = this.#edges.get(key);
    if (known === undefined || (known.level === "document" && level === "element")) this.#edges.set(key, { from, to, level, basis });
  }

  /** True when "`from` feeds `to`" is already there. */
  hasEdge(from: string, to: string): boolean {
    return this.#edges.has(`${from}\u0000${to}`);
  }

  /** The finished graph (edges whose ends are missing are dropped: they cannot be drawn). */
  finish(run: RunInfo, notes: string[]): LineageGraph {
    const nodes = [...this.#nodes.values()].sort(compareNodes);
    const rank = new Map(nodes.map((n, i) => [n.id, i]));
    const edges = [...this.#edges.values()].filter((e) => rank.has(e.from) && rank.has(e.to)).sort(compareEdges(rank));
    return { run, nodes, edges, notes };
  }
}
