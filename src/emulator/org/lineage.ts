/**
 * Lineage and sources derived from data elements' upstreams: one element's graph, a document's
 * lineage entries, and the document's sources in the workbook (bare array, `inodeId`) or
 * data-model (token envelope, `tableId`/`datasetId`) shapes.
 *
 * Id conventions (shared with the routes): graph nodes for tables, datasets and data models are
 * `inode-<urlId>` (a table's urlId equals its inode id); `sourceIds`/`dataSourceIds` hold element
 * ids, table/dataset inode ids, data-model ids, or a custom SQL's `customSqlId` (the id of the
 * hidden element holding the SQL, named by the document's custom-sql source). No element lists
 * itself, so following `sourceIds` always terminates.
 */
import type { DataModelSourceDoc as DataModelSource, ElementLineageDoc as ElementLineage, LineageEntryDoc as LineageEntry, WorkbookSourceDoc as WorkbookSource } from "../../schemas/index.js";
import type { TableInfo } from "./connections.js";
import type { DataModelInfo, DatasetInfo, DataNode, GraphNode, Upstream } from "./upstream.js";

// Node objects are shared between graphs: one per table, dataset, data-model element.
const tableNodes = new WeakMap<TableInfo, GraphNode>();
const datasetNodes = new WeakMap<DatasetInfo, GraphNode>();
const dmNodes = new WeakMap<DataNode, GraphNode>();

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
function dataModelNode(dm: DataModelInfo, el: DataNode): GraphNode {
  let n = dmNodes.get(el);
  if (!n) dmNodes.set(el, (n = { nodeId: `inode-${dm.urlId}`, type: "data-model", name: dm.name, elementId: el.elementId }));
  return n;
}

/** The lineage graph of one workbook element: its sheet, its upstream elements and sources. */
export function elementGraph(node: DataNode): ElementLineage {
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
        link(put(dataModelNode(up.dm, up.element)).nodeId, target);
        return;
      case "custom-sql":
        link(put({ nodeId: up.nodeId, type: "customSQL", name: "Custom SQL" }).nodeId, target);
        return;
      case "join": {
        const j = put({ nodeId: up.nodeId, type: "join", name: "Join" });
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

/** Ids of what an element reads directly. */
function directSourceIds(up: Upstream): string[] {
  switch (up.kind) {
    case "table":
      return [up.table.rec.inodeId];
    case "dataset":
      return [up.dataset.urlId];
    case "data-model":
      return [up.dm.rec.dataModel.dataModelId];
    case "custom-sql":
      return [up.customSqlId];
    case "join":
      return [up.left.rec.inodeId, up.right.rec.inodeId];
    case "union":
      return up.tables.map((t) => t.rec.inodeId);
    case "element":
      return [up.parent.elementId];
  }
}

/** Ids of the data sources at the root of an element's lineage (through element parents). */
function rootSourceIds(up: Upstream): string[] {
  return up.kind === "element" ? rootSourceIds(up.parent.upstream) : directSourceIds(up);
}

/** The non-element upstreams of a set of nodes, in order. */
function sourceUpstreams(nodes: DataNode[]): Upstream[] {
  const out: Upstream[] = [];
  for (const n of nodes) if (n.upstream.kind !== "element") out.push(n.upstream);
  return out;
}

/** A document's lineage entries: one per data element, then one per distinct source. */
export function lineageEntries(nodes: DataNode[]): LineageEntry[] {
  const elements: LineageEntry[] = nodes.map((n) => ({
    type: "element",
    elementId: n.elementId,
    sourceIds: directSourceIds(n.upstream),
    dataSourceIds: rootSourceIds(n.upstream),
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
