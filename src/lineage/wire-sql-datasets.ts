/**
 * The two document-level sources of lineage that have no element entries: datasets (their
 * `dataset_sources`: warehouse tables and other datasets) and custom SQL (the tables its text
 * names, matched to the tables of its connection).
 */
import { str } from "./run-files.js";
import { tableRefs } from "./sql-tables.js";
import type { WireContext } from "./wire-context.js";

/** Adds every dataset and what it reads. */
export function wireDatasets(ctx: WireContext): void {
  const { x, catalog, graph } = ctx;
  const ids = new Set<string>(catalog.datasetIds());
  for (const id of x.sources.dataset.keys()) ids.add(id);
  for (const id of ids) {
    const node = graph.node(catalog.datasetNode(catalog.datasetId(id) ?? id));
    for (const s of x.sources.dataset.get(id) ?? []) {
      if (s.type === "table") {
        const inode = str(s.inodeId) ?? str(s.tableId);
        if (inode !== undefined) graph.edge(graph.node(catalog.tableNode(inode)), node, "document", "sources");
      } else if (s.type === "dataset") {
        const up = catalog.datasetId(str(s.datasetId) ?? str(s.inodeId) ?? "");
        if (up !== undefined) graph.edge(graph.node(catalog.datasetNode(up)), node, "document", "sources");
      } else ctx.unsupported(s.type);
    }
  }
}

/** Known tables of each connection: full path and `schema.table` (lower case) → inode(s). */
function tableIndex(ctx: WireContext): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  for (const [inode, connectionId, path] of ctx.catalog.tablesWithPath()) {
    const byName = out.get(connectionId) ?? new Map<string, string[]>();
    const keys = new Set([path.join("."), path.slice(-2).join(".")].map((k) => k.toLowerCase()));
    for (const k of keys) byName.set(k, [...(byName.get(k) ?? []), inode]);
    out.set(connectionId, byName);
  }
  return out;
}

/**
 * Links each custom SQL to the tables its text names: a known table of the same connection
 * (by `db.schema.table`, or `schema.table` when only one table matches), else, for a fully
 * qualified name, a table node inferred from the text. Single-part names are left alone:
 * they may be CTEs, and which schema they mean depends on the session.
 */
export function wireCustomSql(ctx: WireContext): void {
  const index = tableIndex(ctx);
  const { graph, catalog } = ctx;
  for (const [node, { connectionId, definition }] of ctx.customSql) {
    if (connectionId === undefined) continue;
    const known = index.get(connectionId);
    for (const parts of tableRefs(definition)) {
      if (parts.length < 2) continue;
      const key = parts.slice(-3).join(".").toLowerCase();
      const hits = known?.get(key) ?? [];
      if (hits.length === 1) graph.edge(graph.node(catalog.tableNode(hits[0]!)), node, "element", "sql");
      else if (parts.length >= 3) graph.edge(graph.node(catalog.tableNodeAt(connectionId, parts.slice(-3), true)), node, "element", "sql");
      else ctx.stats.sqlUnmatched++;
    }
  }
}
