/**
 * Wires workbooks and data models: the document, its pages and elements (each element feeds
 * its page, each page its workbook; a data-model element feeds its model), element-level
 * edges from the lineage entries' `sourceIds`, then a document-level edge for every source in
 * `*_sources` that no element accounts for, so nothing a document reads is ever lost, even
 * when the run has no lineage files at all.
 */
import type { LineageGraphNode } from "./model.js";
import { docScope, resolveSource } from "./resolve.js";
import type { DocScope } from "./resolve.js";
import { str, strings } from "./run-files.js";
import type { Row } from "./run-files.js";
import type { WireContext } from "./wire-context.js";

/** Every id of a document kind that any file mentions, list order first. */
function documentIds(listed: Row[], idKey: string, ...maps: Array<Map<string, unknown>>): string[] {
  const ids = listed.map((r) => str(r[idKey])).filter((id): id is string => id !== undefined);
  const seen = new Set(ids);
  for (const m of maps) {
    for (const id of m.keys()) {
      if (seen.has(id)) continue;
      seen.add(id);
      ids.push(id);
    }
  }
  return ids;
}

/** Element-level edges from the lineage entries, then the document-level fallback. */
function wireLineage(ctx: WireContext, scope: DocScope, entries: Row[], sources: Row[]): void {
  const reached = new Set<string>();
  const reachedModels = new Set<string>();
  for (const e of entries) {
    // The union is told apart by its id fields (only element entries carry elementId): `type`
    // words drift in real bodies.
    const el = str(e.elementId);
    const target = el === undefined ? undefined : scope.elements.get(el);
    if (el === undefined || target === undefined) continue;
    for (const sid of strings(e.sourceIds)) {
      for (const up of resolveSource(ctx, scope, sid, el)) {
        ctx.graph.edge(up.node, target, up.level, up.basis);
        reached.add(up.node);
        if (up.dataModelId !== undefined) reachedModels.add(up.dataModelId);
      }
    }
  }
  const { graph, catalog } = ctx;
  const feedDoc = (node: string) => {
    if (!reached.has(node)) graph.edge(node, scope.node, "document", "sources");
  };
  for (const s of sources) {
    if (s.type === "table") {
      const inode = str(s.inodeId) ?? str(s.tableId);
      if (inode !== undefined) feedDoc(graph.node(catalog.tableNode(inode)));
    } else if (s.type === "dataset") {
      const id = catalog.datasetId(str(s.datasetId) ?? str(s.inodeId) ?? "");
      if (id !== undefined) feedDoc(graph.node(catalog.datasetNode(id)));
    } else if (s.type === "custom-sql") {
      const node = scope.customSql.get(str(s.customSqlId) ?? "");
      if (node !== undefined) feedDoc(node);
    } else if (s.type === "data-model") {
      const dm = str(s.dataModelId);
      if (dm === undefined || reachedModels.has(dm)) continue;
      const els = [...new Set(strings(s.elementIds))];
      if (els.length === 0) feedDoc(ctx.dataModel(dm));
      for (const el of els) feedDoc(ctx.dataModelElement(dm, el));
    } else ctx.unsupported(s.type);
  }
}

/** Adds every data model with its elements and lineage. */
export function wireDataModels(ctx: WireContext): void {
  const { x, catalog } = ctx;
  const ids = documentIds(x.dataModels, "dataModelId", x.sources.datamodel, x.lineage.datamodel, x.dmElements);
  for (const id of ids) {
    const node = ctx.dataModel(id);
    const name = catalog.dataModelName(id);
    const sources = x.sources.datamodel.get(id) ?? [];
    const entries = x.lineage.datamodel.get(id) ?? [];
    const scope = docScope(ctx, "datamodel", id, name, node, sources);
    for (const r of x.dmElements.get(id) ?? []) {
      const el = str(r.elementId);
      if (el !== undefined) scope.elements.set(el, ctx.dataModelElement(id, el));
    }
    // Lineage names elements the element list may lack (or the run has no element list).
    for (const e of entries) {
      const el = str(e.elementId);
      if (el !== undefined && !scope.elements.has(el)) scope.elements.set(el, ctx.dataModelElement(id, el));
    }
    wireLineage(ctx, scope, entries, sources);
  }
}

/** Adds every workbook with its pages, elements and lineage. */
export function wireWorkbooks(ctx: WireContext): void {
  const { x, graph } = ctx;
  const listed = new Map(x.workbooks.map((w) => [str(w.workbookId) ?? "", w]));
  const ids = documentIds(x.workbooks, "workbookId", x.sources.workbook, x.lineage.workbook, x.elements, x.pages);
  for (const id of ids) {
    const w = listed.get(id);
    const name = str(w?.name) ?? id;
    const urlId = str(w?.workbookUrlId);
    const url = str(w?.url);
    const node = graph.node({
      id: `workbook:${id}`,
      kind: "workbook",
      name,
      label: name,
      sigmaId: id,
      ...(urlId !== undefined ? { urlId } : {}),
      ...(url !== undefined ? { url } : {}),
      ...(w === undefined ? { inferred: true } : {}),
    });
    const sources = x.sources.workbook.get(id) ?? [];
    const entries = x.lineage.workbook.get(id) ?? [];
    const scope = docScope(ctx, "workbook", id, name, node, sources);

    const pages = new Map<string, string>();
    const pageNode = (pageId: string, pageName: string | undefined, inferred: boolean) => {
      const known = pages.get(pageId);
      if (known !== undefined) return known;
      const p = graph.node({
        id: `page:${id}/${pageId}`,
        kind: "page",
        name: pageName ?? pageId,
        label: `${name} / ${pageName ?? pageId}`,
        sigmaId: pageId,
        parent: node,
        ...(inferred ? { inferred: true } : {}),
      });
      graph.edge(p, node, "element", "contains");
      pages.set(pageId, p);
      return p;
    };
    for (const p of x.pages.get(id) ?? []) {
      const pageId = str(p.pageId);
      if (pageId !== undefined) pageNode(pageId, str(p.name), false);
    }
    const elementNode = (el: string, row: Row | undefined) => {
      const pageId = str(row?.page_id);
      const page = pageId === undefined ? undefined : pageNode(pageId, undefined, true);
      const pageName = page === undefined ? undefined : graph.get(page)?.name;
      const elName = str(row?.name) ?? el;
      const type = str(row?.type);
      const n: LineageGraphNode = {
        id: `element:${id}/${el}`,
        kind: "element",
        name: elName,
        label: [name, pageName, elName].filter((s) => s !== undefined).join(" / "),
        sigmaId: el,
        parent: node,
        ...(type !== undefined ? { elementType: type } : {}),
        ...(row === undefined ? { inferred: true } : {}),
      };
      const e = graph.node(n);
      graph.edge(e, page ?? node, "element", "contains");
      scope.elements.set(el, e);
    };
    for (const r of x.elements.get(id) ?? []) {
      const el = str(r.elementId);
      if (el !== undefined && !scope.elements.has(el)) elementNode(el, r);
    }
    for (const e of entries) {
      const el = str(e.elementId);
      if (el !== undefined && !scope.elements.has(el)) elementNode(el, undefined);
    }
    wireLineage(ctx, scope, entries, sources);
  }
}
