/**
 * Data-model routes (sigma-api-facts §5.4): list (total + hasMore), get, elements/columns/lineage
 * (total only), sources (token paging). Materialization routes live in materializations.ts.
 */
import { checkVersionTag, requireDataModel } from "./lookups.js";
import { boolParam, ENDPOINTS, get, listBody, ok, type RouteContext, type RouteDef } from "./types.js";

function listDataModels(ctx: RouteContext) {
  const excludeTags = boolParam(ctx.query, "excludeTags") === true;
  boolParam(ctx.query, "skipPermissionCheck"); // validated; the caller is an admin who sees all
  const items = ctx.state.org.dataModels.map((r) => {
    if (!excludeTags || !r.dataModel.tags) return r.dataModel;
    const { tags: _tags, ...rest } = r.dataModel;
    return rest;
  });
  return ok(listBody(ctx, items));
}

/** Data-model routes. */
export const dataModelRoutes: RouteDef[] = [
  get(ENDPOINTS.listDataModels, listDataModels),
  get(ENDPOINTS.getDataModel, (ctx) => {
    const dm = requireDataModel(ctx).dataModel;
    if (boolParam(ctx.query, "excludeTags") !== true || !dm.tags) return ok(dm);
    const { tags: _tags, ...rest } = dm;
    return ok(rest);
  }),
  get(ENDPOINTS.listDataModelElements, (ctx) => {
    const record = requireDataModel(ctx);
    checkVersionTag(ctx, "tagName", record.dataModel.tags);
    return ok(listBody(ctx, record.elements));
  }),
  get(ENDPOINTS.listDataModelColumns, (ctx) => ok(listBody(ctx, requireDataModel(ctx).columns))),
  get(ENDPOINTS.listDataModelLineage, (ctx) => {
    const rec = requireDataModel(ctx);
    const entries = ctx.state.options.lineageIds === "sigma" ? (rec.sigmaLineage ?? rec.lineage) : rec.lineage;
    return ok(listBody(ctx, entries));
  }),
  get(ENDPOINTS.listDataModelSources, (ctx) => ok(listBody(ctx, requireDataModel(ctx).sources))),
];
