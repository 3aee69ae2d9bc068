/**
 * What an id in an element's `sourceIds` stands for, seen from its document: another element
 * of the same document, the document's custom SQL, a warehouse table, a dataset, or a data
 * model. A data model is narrowed to the element(s) read when the files allow: the per-element
 * graphs (`lineages`) name them, and a document whose sources list a single element of that
 * model can only read that one. Otherwise the link is to the model as a whole.
 */
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

// Node types of an element graph that only pass rows through.
const PASS_THROUGH = new Set(["join", "union", "pivot", "transpose", "lookup"]);

/** Data-model elements an element's graph (`lineages`) says it reads directly: data-model id → element ids. */
export function dataModelElementsRead(ctx: WireContext, graph: Row | undefined, elementId: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (graph === undefined || graph.dependencies === null || typeof graph.dependencies !== "object") return out;
  const deps = graph.dependencies as Record<string, Row>;
  const edges = Array.isArray(graph.edges) ? (graph.edges as Row[]) : [];
  const sheet = Object.values(deps).find((d) => d.type === "sheet" && d.elementId === elementId);
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
      if (dep.type === "data-model") {
        const dm = ctx.catalog.dataModelId(source.replace(/^inode-/, ""));
        const el = str(dep.elementId);
        if (dm !== undefined && el !== undefined) out.set(dm, [...(out.get(dm) ?? []), el]);
      } else if (PASS_THROUGH.has(String(dep.type))) next.push(source);
    }
    frontier = next;
  }
  return out;
}

/** What `sourceId`, read by element `elementId` of `scope`, stands for. */
export function resolveSource(ctx: WireContext, scope: DocScope, sourceId: string, elementId: string): Upstream[] {
  const own = scope.elements.get(sourceId);
  if (own !== undefined) return [{ node: own, level: "element", basis: "lineage" }];
  const sql = scope.customSql.get(sourceId);
  if (sql !== undefined) return [{ node: sql, level: "element", basis: "lineage" }];
  const { catalog, graph } = ctx;
  if (catalog.isTable(sourceId)) return [{ node: graph.node(catalog.tableNode(sourceId)), level: "element", basis: "lineage" }];
  const dataset = catalog.datasetId(sourceId);
  if (dataset !== undefined) return [{ node: graph.node(catalog.datasetNode(dataset)), level: "element", basis: "lineage" }];
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
    ctx.stats.dataModelDocLinks++;
    return [{ node: ctx.dataModel(dm), level: "document", basis: "lineage", dataModelId: dm }];
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
