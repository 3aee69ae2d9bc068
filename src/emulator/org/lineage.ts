/**
 * Lineage and sources derived from data elements' upstreams: one element's graph, a document's
 * lineage entries, and the document's sources in the workbook (bare array, `inodeId`) or
 * data-model (token envelope, `tableId`/`datasetId`) shapes.
 *
 * Two id schemes (`LineageIds`), both computed at generation so either can be served:
 * * `sigma` (the evidence, sigma-api-facts §5.2 "Ids in lineage"): a data-model element's graph node
 *   is `<dataModelUrlId>/<suffix>`, named after the element, without `elementId`; `sourceIds`
 *   and `dataSourceIds` name tables and datasets `inode-<id>` and data-model elements by that
 *   same node id; join nodes carry no `name`.
 * * `legacy` (the emulator's first scheme): graph nodes for tables, datasets and data models are
 *   `inode-<urlId>` (a data-model node carries the element's `elementId`); `sourceIds` hold
 *   bare table/dataset inode ids and data-model ids.
 * In both, element ids and a custom SQL's `customSqlId` (the id of the hidden element holding
 * the SQL, named by the document's custom-sql source) appear as they are, and source entries
 * and `/sources` are the same. No element lists itself, so following `sourceIds` terminates.
 */
import type { DataModelSourceDoc as DataModelSource, ElementLineageDoc as ElementLineage, LineageEntryDoc as LineageEntry, WorkbookSourceDoc as WorkbookSource } from "../../schemas/index.js";
import type { TableInfo } from "./connections.js";
import type { DataModelInfo, DatasetInfo, DataNode, GraphNode, Upstream } from "./upstream.js";

/** Which lineage id scheme is served: Sigma's (evidenced, default) or the emulator's first one. */
export type LineageIds = "sigma" | "legacy";

/** Every scheme, default first. */
export const LINEAGE_ID_SCHEMES: readonly LineageIds[] = ["sigma", "legacy"];

const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// FNV-1a over UTF-16 code units with a chosen offset basis: two of them give 64 bits.
function fnv(text: string, basis: number): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * The `<suffix>` of a data-model element's Sigma lineage node id. The evidence says only that
 * it is there; the emulator derives a 10-character base62 id from the data model's id and the
 * element's id (stable across documents and runs, never the elementId itself, not invertible),
 * without drawing from the seeded id stream, so the legacy scheme stays byte-identical.
 */
export function dataModelNodeSuffix(dataModelId: string, elementId: string): string {
  const key = `${dataModelId}/${elementId}`;
  let a = fnv(key, 0x811c9dc5);
  let b = fnv(key, 0x050c5d1f);
  let out = "";
  for (let i = 0; i < 10; i++) {
    // Mix both halves so every character depends on the whole key.
    const r = (a ^ Math.imul(b, 31)) >>> 0;
    out += B62[r % 62];
    a = Math.imul(a ^ (a >>> 15), 0x2c1b3c6d) >>> 0;
    b = Math.imul(b ^ (b >>> 13), 0x297a2d39) >>> 0;
  }
  if (out === elementId) out = `${out.slice(1)}x`; // never equal to the elementId (cannot cheat)
  return out;
}

/** The lineage node id of data-model element `elementId` in a scheme. */
export function dataModelNodeId(scheme: LineageIds, dm: { dataModelId: string; urlId: string }, elementId: string): string {
  return scheme === "sigma" ? `${dm.urlId}/${dataModelNodeSuffix(dm.dataModelId, elementId)}` : `inode-${dm.urlId}`;
}

// Node objects are shared between graphs: one per table, dataset, data-model element and scheme.
const tableNodes = new WeakMap<TableInfo, GraphNode>();
const datasetNodes = new WeakMap<DatasetInfo, GraphNode>();
const dmNodes = { legacy: new WeakMap<DataNode, GraphNode>(), sigma: new WeakMap<DataNode, GraphNode>() };

function tableNode(t: TableInfo): GraphNode {
  let n = tableNodes.get(t);
  if (!n) tableNodes.set(t, (n = { nodeId: `inode-${t.rec.inodeId}`, type: "table", name: t.name }));
  return n;
}
function datasetNode(d: DatasetInfo): GraphNode {
  let n = datasetNodes.get(d);
  if (!n) datasetNodes.set(d, (n = { nodeId: `inode-${d.urlId}`, type: "dataset", name: d.name }));
  return n;
}
function dataModelNode(dm: DataModelInfo, el: DataNode, scheme: LineageIds): GraphNode {
  let n = dmNodes[scheme].get(el);
  if (!n) {
    const nodeId = dataModelNodeId(scheme, { dataModelId: dm.rec.dataModel.dataModelId, urlId: dm.urlId }, el.elementId);
    n =
      scheme === "sigma"
        ? { nodeId, type: "data-model", name: el.name }
        : { nodeId, type: "data-model", name: dm.name, elementId: el.elementId };
    dmNodes[scheme].set(el, n);
  }
  return n;
}

/** The lineage graph of one workbook element: its sheet, its upstream elements and sources. */
export function elementGraph(node: DataNode, scheme: LineageIds = "legacy"): ElementLineage {
  const dependencies: Record<string, GraphNode> = {};
  const edges: ElementLineage["edges"] = [];
  const put = (n: GraphNode) => (dependencies[n.nodeId] = n);
  const link = (source: string, target: string) => edges.push({ source, target, type: "source" });

  const walk = (up: Upstream, target: string): void => {
    switch (up.kind) {
      case "table":
        link(put(tableNode(up.table)).nodeId, target);
        return;
      case "dataset":
        link(put(datasetNode(up.dataset)).nodeId, target);
        return;
      case "data-model":
        link(put(dataModelNode(up.dm, up.element, scheme)).nodeId, target);
        return;
      case "custom-sql":
        link(put({ nodeId: up.nodeId, type: "customSQL", name: "Custom SQL" }).nodeId, target);
        return;
      case "join": {
        // Sigma's join nodes may have no name (sigma-api-facts §5.2): the sigma scheme leaves it out.
        const j = put(scheme === "sigma" ? { nodeId: up.nodeId, type: "join" } : { nodeId: up.nodeId, type: "join", name: "Join" });
        link(put(tableNode(up.left)).nodeId, j.nodeId);
        link(put(tableNode(up.right)).nodeId, j.nodeId);
        link(j.nodeId, target);
        return;
      }
      case "union": {
        const u = put({ nodeId: up.nodeId, type: "union", name: "Union" });
        for (const t of up.tables) link(put(tableNode(t)).nodeId, u.nodeId);
        link(u.nodeId, target);
        return;
      }
      case "element":
        link(put(up.parent.sheet).nodeId, target);
        walk(up.parent.upstream, up.parent.sheet.nodeId);
        return;
    }
  };
  put(node.sheet);
  walk(node.upstream, node.sheet.nodeId);
  return { dependencies, edges };
}

/** Ids of what an element reads directly, in a scheme. */
function directSourceIds(up: Upstream, scheme: LineageIds): string[] {
  // Sigma prefixes warehouse tables and datasets with `inode-`, as its graph node ids.
  const inode = (id: string) => (scheme === "sigma" ? `inode-${id}` : id);
  switch (up.kind) {
    case "table":
      return [inode(up.table.rec.inodeId)];
    case "dataset":
      return [inode(up.dataset.urlId)];
    case "data-model":
      return scheme === "sigma" ? [dataModelNode(up.dm, up.element, scheme).nodeId] : [up.dm.rec.dataModel.dataModelId];
    case "custom-sql":
      return [up.customSqlId];
    case "join":
      return [inode(up.left.rec.inodeId), inode(up.right.rec.inodeId)];
    case "union":
      return up.tables.map((t) => inode(t.rec.inodeId));
    case "element":
      return [up.parent.elementId];
  }
}

/** Ids of the data sources at the root of an element's lineage (through element parents). */
function rootSourceIds(up: Upstream, scheme: LineageIds): string[] {
  return up.kind === "element" ? rootSourceIds(up.parent.upstream, scheme) : directSourceIds(up, scheme);
}

/** The non-element upstreams of a set of nodes, in order. */
function sourceUpstreams(nodes: DataNode[]): Upstream[] {
  const out: Upstream[] = [];
  for (const n of nodes) if (n.upstream.kind !== "element") out.push(n.upstream);
  return out;
}

/** A document's lineage entries: one per data element, then one per distinct source (the same in both schemes). */
export function lineageEntries(nodes: DataNode[], scheme: LineageIds = "legacy"): LineageEntry[] {
  const elements: LineageEntry[] = nodes.map((n) => ({
    type: "element",
    elementId: n.elementId,
    sourceIds: directSourceIds(n.upstream, scheme),
    dataSourceIds: rootSourceIds(n.upstream, scheme),
  }));
  const sources = collectSources<LineageEntry>(nodes, {
    table: (t) => ({ type: "table", connectionId: t.connection.connectionId, name: t.name, inodeId: t.rec.inodeId }),
    dataset: (d) => ({ type: "dataset", connectionId: d.connection.connectionId, name: d.name, inodeId: d.urlId }),
    dataModel: (dm) => ({ type: "data-model", connectionId: null, name: dm.name, dataModelId: dm.rec.dataModel.dataModelId }),
    customSql: (up) => ({ type: "customSQL", connectionId: up.connectionId, name: "Custom SQL", definition: up.definition }),
  });
  return [...elements, ...sources];
}

// Walks the direct sources once (each table, dataset, data model once; data-model element ids
// merged); `shape` renders each kind.
function collectSources<T>(
  nodes: DataNode[],
  shape: {
    table: (t: TableInfo) => T;
    dataset: (d: DatasetInfo) => T;
    dataModel: (dm: DataModelInfo, elementIds: string[]) => T;
    customSql: (up: Extract<Upstream, { kind: "custom-sql" }>) => T;
  },
): T[] {
  const out: T[] = [];
  const seen = new Set<string>();
  const dmElements = new Map<string, string[]>();
  const addTable = (t: TableInfo) => {
    if (seen.has(t.rec.inodeId)) return;
    seen.add(t.rec.inodeId);
    out.push(shape.table(t));
  };
  for (const up of sourceUpstreams(nodes)) {
    if (up.kind === "table") addTable(up.table);
    else if (up.kind === "join") [up.left, up.right].forEach(addTable);
    else if (up.kind === "union") up.tables.forEach(addTable);
    else if (up.kind === "dataset") {
      if (!seen.has(up.dataset.urlId)) {
        seen.add(up.dataset.urlId);
        out.push(shape.dataset(up.dataset));
      }
    } else if (up.kind === "custom-sql") out.push(shape.customSql(up));
    else if (up.kind === "data-model") {
      const id = up.dm.rec.dataModel.dataModelId;
      let ids = dmElements.get(id);
      if (!ids) {
        dmElements.set(id, (ids = []));
        out.push(shape.dataModel(up.dm, ids));
      }
      if (!ids.includes(up.element.elementId)) ids.push(up.element.elementId);
    }
  }
  return out;
}

/** Workbook sources (bare array of `/v2/workbooks/{id}/sources`). */
export function workbookSources(nodes: DataNode[]): WorkbookSource[] {
  return collectSources<WorkbookSource>(nodes, {
    table: (t) => ({ type: "table", inodeId: t.rec.inodeId }),
    dataset: (d) => ({ type: "dataset", inodeId: d.urlId, url: d.rec.dataset.url }),
    dataModel: (dm, elementIds) => ({ type: "data-model", dataModelId: dm.rec.dataModel.dataModelId, elementIds }),
    customSql: (up) => ({ type: "custom-sql", connectionId: up.connectionId, definition: up.definition, customSqlId: up.customSqlId }),
  });
}

/** Data-model sources (entries of `/v2/dataModels/{id}/sources`). */
export function dataModelSources(nodes: DataNode[]): DataModelSource[] {
  return collectSources<DataModelSource>(nodes, {
    table: (t) => ({ type: "table", tableId: t.rec.inodeId }),
    dataset: (d) => ({ type: "dataset", datasetId: d.rec.dataset.datasetId }),
    dataModel: (dm, elementIds) => ({ type: "data-model", dataModelId: dm.rec.dataModel.dataModelId, elementIds }),
    customSql: (up) => ({ type: "custom-sql", connectionId: up.connectionId, definition: up.definition, customSqlId: up.customSqlId }),
  });
}
