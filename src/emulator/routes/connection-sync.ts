/**
 * POST /v2/connections/{connectionId}/sync?useServiceAccount (sigma-api-facts §5.8): body `{path}`,
 * a warehouse path to a database, schema or table of the connection, or `[]` for the whole
 * connection; answers `{}` as the document declares, and counts the sync in the emulator's
 * stats (`connectionSyncs`).
 *
 * Choices (the document is silent): `path` is required, as the document's request schema says
 * (a body without it is 400; `[]` is the whole connection); segments match exactly, else
 * case-insensitively, as lookup does; a path that resolves to nothing is 404 `not_found`, like
 * lookup and like Sigma for a schema the connection's role cannot see (sigma-api-facts §5.8).
 * Stored procedures are not modelled, so their paths are 404.
 */
import { badRequest, notFound, readJsonObject } from "../http.js";
import type { WarehouseScope, WarehouseTable } from "../org/types.js";
import { boolParam, ENDPOINTS, live, ok, type RouteContext, type RouteDef } from "./types.js";

function resolve(items: ReadonlyArray<WarehouseTable | WarehouseScope>, path: readonly string[]): string[] | undefined {
  const same = (a: readonly string[], ci: boolean) => a.length === path.length && a.every((s, i) => (ci ? s.toLowerCase() === path[i]?.toLowerCase() : s === path[i]));
  return (items.find((t) => same(t.path, false)) ?? items.find((t) => same(t.path, true)))?.path;
}

async function sync(ctx: RouteContext) {
  const id = ctx.params.connectionId ?? "";
  if (!ctx.state.index.connections.has(id)) throw notFound(`Connection ${id} not found`);
  const useServiceAccount = boolParam(ctx.query, "useServiceAccount") === true;
  const body = await readJsonObject(ctx.req);
  const path = body.path;
  if (path === undefined) throw badRequest('path is required: a warehouse path such as ["DB", "SCHEMA"], or [] to sync the whole connection');
  if (!Array.isArray(path) || !path.every((s) => typeof s === "string" && s !== "")) {
    throw badRequest('path must be an array of non-empty strings, e.g. ["DB", "SCHEMA", "TABLE"], or [] for the whole connection');
  }
  let resolved: string[] = [];
  if (path.length > 0) {
    const org = ctx.state.org;
    const items = [...(org.scopes ?? []).filter((s) => s.connectionId === id), ...org.tables.filter((t) => t.connectionId === id)];
    const found = resolve(items, path as string[]);
    if (!found) throw notFound(`Path ${(path as string[]).join(".")} not found in connection ${id}`);
    resolved = found;
  }
  ctx.state.syncs.record(id, resolved, useServiceAccount, ctx.state.clock.now());
  return ok({});
}

/** The connection sync route. */
export const connectionSyncRoutes: RouteDef[] = [live(ENDPOINTS.syncConnection, sync)];
