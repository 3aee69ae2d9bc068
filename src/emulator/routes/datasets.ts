/**
 * Dataset routes (deprecated in Sigma, still served; sigma-api-facts §5.3): list (total + hasMore),
 * get, sources (bare array; 409 inode_archived when a source cannot be resolved, as observed
 * live by DataHub). Dataset materialization lives in materializations.ts.
 */
import { HttpError } from "../http.js";
import { requireDataset } from "./lookups.js";
import { boolParam, ENDPOINTS, get, listBody, ok, type RouteDef } from "./types.js";

/** Dataset routes. */
export const datasetRoutes: RouteDef[] = [
  get(ENDPOINTS.listDatasets, (ctx) => {
    boolParam(ctx.query, "skipPermissionCheck");
    return ok(listBody(ctx, ctx.state.org.datasets.map((d) => d.dataset)));
  }),
  get(ENDPOINTS.getDataset, (ctx) => ok(requireDataset(ctx).dataset)),
  get(ENDPOINTS.listDatasetSources, (ctx) => {
    const record = requireDataset(ctx);
    if (record.sourcesArchived) throw new HttpError(409, "inode_archived", `A source of dataset ${record.dataset.datasetId} is archived`);
    return ok(record.sources);
  }),
];
