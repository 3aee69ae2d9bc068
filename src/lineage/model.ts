/**
 * The lineage graph: nodes are warehouse tables, custom SQL, datasets, data models and their
 * elements, workbooks, pages and workbook elements; every edge means "feeds" and points from
 * upstream to downstream. Ids are stable across extractions of the same organisation (built
 * from Sigma's own ids) and prefixed by kind, e.g. `element:<workbookId>/<elementId>`.
 */
import type { OutputFormat } from "../shared/row-writer.js";

/** What a node stands for. */
export type NodeKind =
  | "table"
  | "custom-sql"
  | "dataset"
  | "datamodel"
  | "datamodel-element"
  | "workbook"
  | "page"
  | "element"
  | "unresolved";

/** Every kind, upstream kinds first: the order nodes are listed in. */
export const NODE_KINDS: readonly NodeKind[] = [
  "table",
  "custom-sql",
  "dataset",
  "datamodel",
  "datamodel-element",
  "workbook",
  "page",
  "element",
  "unresolved",
];

/** Human names of node kinds: [singular, plural]. */
export const KIND_NAMES: Record<NodeKind, [string, string]> = {
  table: ["table", "tables"],
  "custom-sql": ["custom SQL", "custom SQL sources"],
  dataset: ["dataset", "datasets"],
  datamodel: ["data model", "data models"],
  "datamodel-element": ["data-model element", "data-model elements"],
  workbook: ["workbook", "workbooks"],
  page: ["page", "pages"],
  element: ["element", "elements"],
  unresolved: ["unresolved source", "unresolved sources"],
};

/** One node of the graph. Optional fields are present only when known. */
export interface LineageGraphNode {
  /** Stable id, `<kind>:<Sigma ids>` (tables: `table:<connectionId>/<DB.SCHEMA.TABLE>`, or `table:<inodeId>` without a path). */
  id: string;
  kind: NodeKind;
  /** Sigma's name (tables: `DB.SCHEMA.TABLE`). */
  name: string;
  /** Readable and specific: `connection/DB.SCHEMA.TABLE`, `Workbook / Page / Element`, ... */
  label: string;
  /** Sigma's own id of the object (workbookId, elementId, pageId, inodeId, customSqlId, ...). */
  sigmaId?: string;
  /** The url id (workbooks, data models) or the inode in the url (datasets). */
  urlId?: string;
  /** The node of the document that holds it (pages, elements, data-model elements, custom SQL). */
  parent?: string;
  connectionId?: string;
  /** The connection's name, when the extraction has `connections`. */
  connection?: string;
  /** `[db, schema, table]` of a warehouse table. */
  path?: string[];
  /** Element type (`table`, `visualization`, `pivot-table`, ...). */
  elementType?: string;
  url?: string;
  /** The SQL text of a custom SQL source. */
  definition?: string;
  /** True when the node is only referenced (not listed in the extraction), e.g. a table named in custom SQL. */
  inferred?: boolean;
}

/** How precisely an edge is known. */
export type EdgeLevel = "element" | "document";

/** Where an edge comes from. */
export type EdgeBasis =
  /** `lineage` / `datamodel_lineage` element entries (`sourceIds`). */
  | "lineage"
  /** `lineages` per-element graphs (which data-model element an element reads). */
  | "element-lineage"
  /**
   * A data-model element named in `sourceIds` as Sigma writes it (`<dataModelUrlId>/<suffix>`),
   * found by the name its lineage node carries (narrowed by the document's sources when the
   * name repeats in the model).
   */
  | "name"
  /**
   * Which element of a data model is read could not be narrowed (no name known, a name several
   * of its elements share, several elements listed): linked to the data model as a whole.
   */
  | "whole-model"
  /** `*_sources` files (document-level, or the only data-model element a document uses). */
  | "sources"
  /** Table names parsed from a custom SQL definition. */
  | "sql"
  /** An element feeds its page, a page its workbook, a data-model element its data model. */
  | "contains";

/** "`from` feeds `to`". */
export interface LineageGraphEdge {
  from: string;
  to: string;
  level: EdgeLevel;
  basis: EdgeBasis;
}

/** Which extraction run a graph was built from. */
export interface RunInfo {
  ts: number;
  format: OutputFormat;
  /** False when the run has no summary or its summary reports skipped parts. */
  complete: boolean;
}

/** A whole graph, nodes and edges in a deterministic order. */
export interface LineageGraph {
  run: RunInfo;
  nodes: LineageGraphNode[];
  edges: LineageGraphEdge[];
  /** What limited the graph (missing files, unresolved ids, an incomplete run). */
  notes: string[];
}

/** Direction of a query. */
export type Direction = "downstream" | "upstream";

/** A query's answer: the target, what it reaches, and each node's distance from it. */
export interface LineageQuery {
  target: string;
  direction: Direction;
  /** Depth limit, or null for no limit. */
  maxDepth: number | null;
  /** Node id → hops from the target (0 for the target). */
  depth: Record<string, number>;
}

/** What renderers draw: a whole graph, or the part of it a query reached. */
export interface LineageView {
  run: RunInfo;
  nodes: LineageGraphNode[];
  edges: LineageGraphEdge[];
  notes: string[];
  query?: LineageQuery;
}

// Plain code-unit comparison: localeCompare depends on the machine's locale and ICU data.
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Node order: kind (upstream kinds first), then label, then id. */
export function compareNodes(a: LineageGraphNode, b: LineageGraphNode): number {
  return NODE_KINDS.indexOf(a.kind) - NODE_KINDS.indexOf(b.kind) || cmp(a.label, b.label) || cmp(a.id, b.id);
}

/** Edge order, given each node's rank in the node order. */
export function compareEdges(rank: ReadonlyMap<string, number>): (a: LineageGraphEdge, b: LineageGraphEdge) => number {
  return (a, b) => (rank.get(a.from) ?? 0) - (rank.get(b.from) ?? 0) || (rank.get(a.to) ?? 0) - (rank.get(b.to) ?? 0);
}

/** The view of a whole graph. */
export function wholeGraph(graph: LineageGraph): LineageView {
  return { run: graph.run, nodes: graph.nodes, edges: graph.edges, notes: graph.notes };
}
