/**
 * Data-model routes (API-NOTES §5.4): list (total + hasMore), get, elements/columns/lineage
 * (total only), sources (token paging). Materialization routes live in materializations.ts.
 */
import { FULL, WITH_TOTAL, offsetPage, tokenPage } from "../pagination.js";
import { checkVersionTag, requireDataModel } from "./lookups.js";
import { boolParam, get, list, ok, one, type RouteContext, type RouteDef } from "./types.js";

function listDataModels(ctx: RouteContext) {
  const excludeTags = boolParam(ctx.query, "excludeTags") === true;
  boolParam(ctx.query, "skipPermissionCheck"); // validated; the caller is an admin who sees all
  const items = ctx.state.org.dataModels.map((r) => {
    if (!excludeTags || !r.dataModel.tags) return r.dataModel;
    const { tags: _tags, ...rest } = r.dataModel;
    return rest;
  });
  return ok(offsetPage(items, ctx.query, FULL));
}

/** Data-model routes. */
export const dataModelRoutes: RouteDef[] = [
  get("/v2/dataModels", list("dataModel"), listDataModels),
  get("/v2/dataModels/{dataModelId}", one("dataModel"), (ctx) => {
    const dm = requireDataModel(ctx).dataModel;
    if (boolParam(ctx.query, "excludeTags") !== true || !dm.tags) return ok(dm);
    const { tags: _tags, ...rest } = dm;
    return ok(rest);
  }),
  get("/v2/dataModels/{dataModelId}/elements", list("element"), (ctx) => {
    const record = requireDataModel(ctx);
    checkVersionTag(ctx, "tagName", record.dataModel.tags);
    return ok(offsetPage(record.elements, ctx.query, WITH_TOTAL));
  }),
  get("/v2/dataModels/{dataModelId}/columns", list("workbookColumn"), (ctx) => ok(offsetPage(requireDataModel(ctx).columns, ctx.query, WITH_TOTAL))),
  get("/v2/dataModels/{dataModelId}/lineage", list("lineageEntry"), (ctx) => {
    const rec = requireDataModel(ctx);
    const entries = ctx.state.options.lineageIds === "sigma" ? (rec.sigmaLineage ?? rec.lineage) : rec.lineage;
    return ok(offsetPage(entries, ctx.query, WITH_TOTAL));
  }),
  get("/v2/dataModels/{dataModelId}/sources", list("source"), (ctx) => ok(tokenPage(requireDataModel(ctx).sources, ctx.query))),
];
