/**
 * Workbook routes (sigma-api-facts §5.2): list, get, pages, elements, columns, SQL, lineage, sources.
 * Envelope fields per Sigma's document: the workbook list has total + hasMore, the per-workbook
 * lists only total; sources is a bare array; element lineage and element query are single objects.
 */
import { HttpError, badRequest, notFound } from "../http.js";
import type { WorkbookElementRecord } from "../org/types.js";
import { checkBookmark, checkVersionTag, requireWorkbook } from "./lookups.js";
import type { WorkbookView } from "../org-index.js";
import { boolParam, ENDPOINTS, get, listBody, ok, type RouteContext, type RouteDef } from "./types.js";

/** The workbook, with the `tag`/`tagName` and `bookmarkId` parameters its route accepts checked. */
function taggedWorkbook(ctx: RouteContext, tagParam: "tag" | "tagName"): WorkbookView {
  const view = requireWorkbook(ctx);
  checkVersionTag(ctx, tagParam, view.record.workbook.tags);
  checkBookmark(ctx);
  return view;
}

function requireElement(ctx: RouteContext, tagged = false): WorkbookElementRecord {
  const view = tagged ? taggedWorkbook(ctx, "tagName") : requireWorkbook(ctx);
  const id = ctx.params.elementId ?? "";
  const el = view.elements.get(id);
  if (!el) throw notFound(`Element ${id} not found in workbook ${view.record.workbook.workbookId}`);
  return el;
}

function listWorkbooks(ctx: RouteContext) {
  const all = boolParam(ctx.query, "skipPermissionCheck") === true;
  const archived = boolParam(ctx.query, "isArchived") === true;
  const excludeTags = boolParam(ctx.query, "excludeTags") === true;
  boolParam(ctx.query, "excludeExplorations"); // validated; the emulated org has no explorations
  const items = [];
  for (const r of ctx.state.org.workbooks) {
    if (r.hiddenFromCaller && !all) continue;
    if ((r.workbook.isArchived === true) !== archived) continue;
    if (excludeTags && r.workbook.tags) {
      const { tags: _tags, ...rest } = r.workbook;
      items.push(rest);
    } else items.push(r.workbook);
  }
  return ok(listBody(ctx, items));
}

/** Workbook routes. */
export const workbookRoutes: RouteDef[] = [
  get(ENDPOINTS.listWorkbooks, listWorkbooks),
  get(ENDPOINTS.getWorkbook, (ctx) => {
    // taggedSourceUrlId exists only on tenant deployments: the flag is checked, nothing to add.
    boolParam(ctx.query, "includeTaggedSourceUrlId");
    return ok(requireWorkbook(ctx).record.workbook);
  }),
  get(ENDPOINTS.listWorkbookPages, (ctx) => ok(listBody(ctx, taggedWorkbook(ctx, "tag").record.pages))),
  get(ENDPOINTS.listWorkbookPageElements, (ctx) => {
    const view = taggedWorkbook(ctx, "tag");
    const page = view.pages.get(ctx.params.pageId ?? "");
    if (!page) throw notFound(`Page ${ctx.params.pageId} not found in workbook ${ctx.params.workbookId}`);
    return ok(listBody(ctx, page.map((e) => e.element)));
  }),
  get(ENDPOINTS.listWorkbookElements, (ctx) => {
    const els = taggedWorkbook(ctx, "tagName").record.elements.map((e) => e.element);
    return ok(listBody(ctx, els));
  }),
  get(ENDPOINTS.listWorkbookColumns, (ctx) => ok(listBody(ctx, requireWorkbook(ctx).record.columns))),
  get(ENDPOINTS.listElementColumns, (ctx) => ok(listBody(ctx, requireElement(ctx).columns))),
  get(ENDPOINTS.getElementQuery, (ctx) => {
    const el = requireElement(ctx, true);
    // Controls, text and images have no SQL; Sigma's answer is undocumented (guess: 400 like lineage).
    if (!el.query) throw badRequest(`Element ${el.element.elementId} is not a data element and has no query`);
    return ok(el.query);
  }),
  get(ENDPOINTS.listWorkbookQueries, (ctx) => {
    const queries = [];
    for (const el of requireWorkbook(ctx).record.elements) if (el.query) queries.push(el.query);
    return ok(listBody(ctx, queries));
  }),
  get(ENDPOINTS.listWorkbookLineage, (ctx) => {
    const rec = requireWorkbook(ctx).record;
    const entries = ctx.state.options.lineageIds === "sigma" ? (rec.sigmaLineage ?? rec.lineage) : rec.lineage;
    return ok(listBody(ctx, entries));
  }),
  get(ENDPOINTS.getElementLineage, (ctx) => {
    const el = requireElement(ctx);
    const lineage = el.lineage;
    if ("error" in lineage && typeof lineage.error === "number") {
      // 500 is Sigma's ordinary "no lineage" answer (sigma-api-facts §5.2); UI elements are refused.
      if (lineage.error === 500) throw new HttpError(500, "service_error", "An internal error occurred while computing lineage");
      throw badRequest(`Element ${el.element.elementId} is not a data element; lineage is only available for data elements`);
    }
    // Hand-made orgs may lack the sigma form: they serve their one graph.
    return ok(ctx.state.options.lineageIds === "sigma" ? (el.sigmaLineage ?? lineage) : lineage);
  }),
  get(ENDPOINTS.listWorkbookSources, (ctx) => ok(requireWorkbook(ctx).record.sources)),
];
