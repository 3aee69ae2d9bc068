/**
 * Dataset routes (deprecated in Sigma, still served; API-NOTES §5.3): list (total + hasMore),
 * get, sources (bare array; 409 inode_archived when a source cannot be resolved, as observed
 * live by DataHub). Dataset materialization lives in materializations.ts.
 */
import { HttpError } from "../http.js";
import { FULL, offsetPage } from "../pagination.js";
import { requireDataset } from "./lookups.js";
import { boolParam, get, list, ok, one, type RouteDef } from "./types.js";

/** Dataset routes. */
export const datasetRoutes: RouteDef[] = [
  get("/v2/datasets", list("dataset"), (ctx) => {
    boolParam(ctx.query, "skipPermissionCheck");
    return ok(offsetPage(ctx.state.org.datasets.map((d) => d.dataset), ctx.query, FULL));
  }),
  get("/v2/datasets/{datasetId}", one("dataset"), (ctx) => ok(requireDataset(ctx).dataset)),
  get("/v2/datasets/{datasetId}/sources", list("source"), (ctx) => {
    const record = requireDataset(ctx);
    if (record.sourcesArchived) throw new HttpError(409, "inode_archived", `A source of dataset ${record.dataset.datasetId} is archived`);
    return ok(record.sources);
  }),
];
