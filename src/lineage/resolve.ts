/**
 * What an id in an element's `sourceIds` stands for, seen from its document: another element
 * of the same document, the document's custom SQL, a warehouse table, a dataset, or a data
 * model. Both id schemes are read: Sigma's (tables and datasets as `inode-<id>`, a data-model
 * element as `<dataModelUrlId>/<suffix>`) and bare ids (table/dataset inodes, data-model ids).
 *
 * A data model is narrowed to the element(s) read when the files allow. Sigma's
 * `<dataModelUrlId>/<suffix>` names one element, but the suffix is opaque: the element is
 * found by the name the per-element graphs (`lineages`) give that node, among the model's
 * elements (`datamodel_elements`), and by the document's sources (`elementIds`) when several
 * share the name. A bare data-model id is narrowed by the per-element graphs' `elementId`s.
 * Either way, a document whose sources list a single element of that model can only read that
 * one. Otherwise the link is to the model as a whole (basis `whole-model`).
 */
import { bareInode } from "./catalog.js";
import type { EdgeBasis, EdgeLevel } from "./model.js";
import { str, strings } from "./run-files.js";
import type { Row } from "./run-files.js";
import type { WireContext } from "./wire-context.js";

/** A workbook or data model being wired. */
export interface DocScope {
  kind: "workbook" | "datamodel";
  id: string;
  name: string;
  /** The document's node id. */
  node: string;
  /** Element id → its node id. */
  elements: Map<string, string>;
  /** customSqlId → custom SQL node id. */
  customSql: Map<string, string>;
  /** Data-model id → the element ids the document's sources say it reads. */
  dmSources: Map<string, string[]>;
}

/** One upstream of an element. */
export interface Upstream {
  node: string;
  level: EdgeLevel;
  basis: EdgeBasis;
  /** The data model it belongs to, for data models and their elements. */
  dataModelId?: string;
}

/** Builds the scope of a document from its sources (custom SQL nodes and data-model element lists). */
export function docScope(ctx: WireContext, kind: DocScope["kind"], id: string, name: string, node: string, sources: Row[]): DocScope {
  const scope: DocScope = { kind, id, name, node, elements: new Map(), customSql: new Map(), dmSources: new Map() };
  for (const s of sources) {
    if (s.type === "custom-sql") {
      const sqlNode = ctx.customSqlNode(node, name, id, s);
      const sqlId = str(s.customSqlId);
      if (sqlNode !== undefined && sqlId !== undefined) scope.customSql.set(sqlId, sqlNode);
    } else if (s.type === "data-model") {
      const dm = str(s.dataModelId);
      if (dm !== undefined) scope.dmSources.set(dm, [...(scope.dmSources.get(dm) ?? []), ...strings(s.elementIds)]);
    }
  }
  return scope;
}

// Node types of an element graph that hold data of their own: the walk stops there. Any other
// node (join, union, pivot, a word sigmactl does not know yet) only passes rows through.
const TERMINAL = new Set(["table", "dataset", "customSQL", "custom-sql", "csv-upload", "semantic-view", "sql-document", "worksheet"]);

/**
 * Whether a graph node is a data model's (legacy: `inode-<dataModelUrlId>` with the element's
 * elementId): by its id when the run knows the data model, by its type word otherwise.
 */
function isDataModelNode(ctx: WireContext, dep: Row, nodeId = str(dep.nodeId) ?? ""): boolean {
  if (dep.type === "data-model") return true;
  return nodeId.startsWith("inode-") && ctx.catalog.dataModelId(nodeId.slice("inode-".length)) !== undefined;
}

/** Data-model elements an element's graph (`lineages`) says it reads directly: data-model id → element ids. */
export function dataModelElementsRead(ctx: WireContext, graph: Row | undefined, elementId: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (graph === undefined || graph.dependencies === null || typeof graph.dependencies !== "object") return out;
  const deps = graph.dependencies as Record<string, Row>;
  const edges = Array.isArray(graph.edges) ? (graph.edges as Row[]) : [];
  // The element's own node carries its elementId (its `type`, "sheet", may drift).
  const sheet = Object.values(deps).find((d) => d.elementId === elementId && (d.type === "sheet" || !isDataModelNode(ctx, d)));
  if (sheet === undefined) return out;
  const seen = new Set<string>();
  let frontier = [str(sheet.nodeId) ?? ""];
  // Bounded: every node is visited once.
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const e of edges) {
      const source = str(e.source);
      if (source === undefined || !frontier.includes(str(e.target) ?? "") || seen.has(source)) continue;
      seen.add(source);
      const dep = deps[source];
      if (dep === undefined) continue;
      if (isDataModelNode(ctx, dep, source)) {
        const dm = ctx.catalog.dataModelId(source.replace(/^inode-/, ""));
        const el = str(dep.elementId);
        if (dm !== undefined && el !== undefined) out.set(dm, [...(out.get(dm) ?? []), el]);
      } else if (str(dep.elementId) === undefined && !source.startsWith("inode-") && !TERMINAL.has(String(dep.type))) next.push(source);
    }
    frontier = next;
  }
  return out;
}

/** The whole data model, when which of its elements is read cannot be told. */
function wholeModel(ctx: WireContext, dm: string): Upstream[] {
  ctx.stats.dataModelDocLinks++;
  return [{ node: ctx.dataModel(dm), level: "document", basis: "whole-model", dataModelId: dm }];
}

/** A data-model element named as Sigma writes it (`<dataModelUrlId>/<suffix>`), by its node's name. */
function resolveDataModelNode(ctx: WireContext, scope: DocScope, dm: string, nodeId: string, elementId: string): Upstream[] {
  // The element's own graph first (its name for the node is the freshest), then any graph of the run.
  const own = scope.kind === "workbook" ? ctx.x.elementGraphs.get(`${scope.id}/${elementId}`) : undefined;
  const deps = own?.dependencies !== null && typeof own?.dependencies === "object" ? (own.dependencies as Record<string, Row>) : undefined;
  const ownName = str(deps?.[nodeId]?.name);
  const names = ownName !== undefined ? [ownName] : ctx.catalog.dataModelNodeNames(nodeId);
  const listed = [...new Set(scope.dmSources.get(dm) ?? [])];
  const element = (el: string, basis: EdgeBasis): Upstream[] => [{ node: ctx.dataModelElement(dm, el), level: "element", basis, dataModelId: dm }];
  if (names.length === 1) {
    const named = ctx.dataModelElementsNamed(dm, names[0]!);
    if (named.length === 1) return element(named[0]!, "name");
    // A name shared by several elements of the model: the document's sources may tell which.
    const narrowed = named.filter((el) => listed.includes(el));
    if (narrowed.length === 1) return element(narrowed[0]!, "name");
    if (named.length > 1) return wholeModel(ctx, dm);
  }
  if (listed.length === 1) return element(listed[0]!, "sources");
  return wholeModel(ctx, dm);
}

/** What `sourceId`, read by element `elementId` of `scope`, stands for. */
export function resolveSource(ctx: WireContext, scope: DocScope, sourceId: string, elementId: string): Upstream[] {
  const own = scope.elements.get(sourceId);
  if (own !== undefined) return [{ node: own, level: "element", basis: "lineage" }];
  const sql = scope.customSql.get(sourceId);
  if (sql !== undefined) return [{ node: sql, level: "element", basis: "lineage" }];
  const { catalog, graph } = ctx;
  // Sigma writes tables and datasets `inode-<id>` in sourceIds; the entries and sources carry the bare id.
  const inode = catalog.isTable(sourceId) ? sourceId : bareInode(sourceId);
  if (catalog.isTable(inode)) return [{ node: graph.node(catalog.tableNode(inode)), level: "element", basis: "lineage" }];
  const dataset = catalog.datasetId(sourceId) ?? catalog.datasetId(bareInode(sourceId));
  if (dataset !== undefined) return [{ node: graph.node(catalog.datasetNode(dataset)), level: "element", basis: "lineage" }];
  const dmOfNode = catalog.dataModelOfNode(sourceId);
  if (dmOfNode !== undefined) return resolveDataModelNode(ctx, scope, dmOfNode, sourceId, elementId);
  const dm = catalog.dataModelId(sourceId);
  if (dm !== undefined) {
    if (scope.kind === "workbook") {
      const read = dataModelElementsRead(ctx, ctx.x.elementGraphs.get(`${scope.id}/${elementId}`), elementId).get(dm);
      if (read !== undefined && read.length > 0) {
        return [...new Set(read)].map((el) => ({ node: ctx.dataModelElement(dm, el), level: "element", basis: "element-lineage", dataModelId: dm }));
      }
    }
    const listed = [...new Set(scope.dmSources.get(dm) ?? [])];
    if (listed.length === 1) return [{ node: ctx.dataModelElement(dm, listed[0]!), level: "element", basis: "sources", dataModelId: dm }];
    return wholeModel(ctx, dm);
  }
  ctx.stats.unresolved++;
  const node = graph.node({
    id: `unresolved:${scope.id}/${sourceId}`,
    kind: "unresolved",
    name: sourceId,
    label: `${scope.name} / unresolved source ${sourceId}`,
    sigmaId: sourceId,
    parent: scope.node,
    inferred: true,
  });
  return [{ node, level: "element", basis: "lineage" }];
}
