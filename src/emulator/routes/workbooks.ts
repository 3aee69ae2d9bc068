/**
 * Workbook routes (API-NOTES §5.2): list, get, pages, elements, columns, SQL, lineage, sources.
 * Envelope fields per Sigma's document: the workbook list has total + hasMore, the per-workbook
 * lists only total; sources is a bare array; element lineage and element query are single objects.
 */
import { HttpError, badRequest, notFound } from "../http.js";
import { FULL, WITH_TOTAL, offsetPage } from "../pagination.js";
import type { WorkbookElementRecord } from "../org/types.js";
import { checkBookmark, checkVersionTag, requireWorkbook } from "./lookups.js";
import type { WorkbookView } from "../org-index.js";
import { boolParam, get, list, ok, one, type RouteContext, type RouteDef } from "./types.js";

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
  return ok(offsetPage(items, ctx.query, FULL));
}

/** Workbook routes. */
export const workbookRoutes: RouteDef[] = [
  get("/v2/workbooks", list("workbook"), listWorkbooks),
  get("/v2/workbooks/{workbookId}", one("workbook"), (ctx) => {
    // taggedSourceUrlId exists only on tenant deployments: the flag is checked, nothing to add.
    boolParam(ctx.query, "includeTaggedSourceUrlId");
    return ok(requireWorkbook(ctx).record.workbook);
  }),
  get("/v2/workbooks/{workbookId}/pages", list("page"), (ctx) => ok(offsetPage(taggedWorkbook(ctx, "tag").record.pages, ctx.query, WITH_TOTAL))),
  get("/v2/workbooks/{workbookId}/pages/{pageId}/elements", list("element"), (ctx) => {
    const view = taggedWorkbook(ctx, "tag");
    const page = view.pages.get(ctx.params.pageId ?? "");
    if (!page) throw notFound(`Page ${ctx.params.pageId} not found in workbook ${ctx.params.workbookId}`);
    return ok(offsetPage(page.map((e) => e.element), ctx.query, WITH_TOTAL));
  }),
  get("/v2/workbooks/{workbookId}/elements", list("element"), (ctx) => {
    const els = taggedWorkbook(ctx, "tagName").record.elements.map((e) => e.element);
    return ok(offsetPage(els, ctx.query, WITH_TOTAL));
  }),
  get("/v2/workbooks/{workbookId}/columns", list("workbookColumn"), (ctx) => ok(offsetPage(requireWorkbook(ctx).record.columns, ctx.query, WITH_TOTAL))),
  get("/v2/workbooks/{workbookId}/elements/{elementId}/columns", list("elementColumn"), (ctx) => ok(offsetPage(requireElement(ctx).columns, ctx.query, WITH_TOTAL))),
  get("/v2/workbooks/{workbookId}/elements/{elementId}/query", one("query"), (ctx) => {
    const el = requireElement(ctx, true);
    // Controls, text and images have no SQL; Sigma's answer is undocumented (guess: 400 like lineage).
    if (!el.query) throw badRequest(`Element ${el.element.elementId} is not a data element and has no query`);
    return ok(el.query);
  }),
  get("/v2/workbooks/{workbookId}/queries", list("query"), (ctx) => {
    const queries = [];
    for (const el of requireWorkbook(ctx).record.elements) if (el.query) queries.push(el.query);
    return ok(offsetPage(queries, ctx.query, WITH_TOTAL));
  }),
  get("/v2/workbooks/{workbookId}/lineage", list("lineageEntry"), (ctx) => {
    const rec = requireWorkbook(ctx).record;
    const entries = ctx.state.options.lineageIds === "sigma" ? (rec.sigmaLineage ?? rec.lineage) : rec.lineage;
    return ok(offsetPage(entries, ctx.query, WITH_TOTAL));
  }),
  get("/v2/workbooks/{workbookId}/lineage/elements/{elementId}", one("elementLineage"), (ctx) => {
    const el = requireElement(ctx);
    const lineage = el.lineage;
    if ("error" in lineage && typeof lineage.error === "number") {
      // 500 is Sigma's ordinary "no lineage" answer (API-NOTES §5.2); UI elements are refused.
      if (lineage.error === 500) throw new HttpError(500, "service_error", "An internal error occurred while computing lineage");
      throw badRequest(`Element ${el.element.elementId} is not a data element; lineage is only available for data elements`);
    }
    // Hand-made orgs may lack the sigma form: they serve their one graph.
    return ok(ctx.state.options.lineageIds === "sigma" ? (el.sigmaLineage ?? lineage) : lineage);
  }),
  get("/v2/workbooks/{workbookId}/sources", list("source"), (ctx) => ok(requireWorkbook(ctx).record.sources)),
];
