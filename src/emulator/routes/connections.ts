/**
 * Connections (sigma-api-facts §5.8): list/get, connection paths (page/limit: databases, schemas and
 * tables, as the document's usage notes say), path of one table (400 when the inode is not a
 * table, a database or schema included; 404 when unknown), POST /v2/connection/{id}/lookup
 * (singular "connection", as in Sigma) and table columns (token paging).
 *
 * Lookup answers {kind: "table"} for a full table path and {kind: "scope"} for a database or
 * schema; segments match exactly, else case-insensitively (warehouses fold case). A scope's
 * inodeId is the one /v2/connections/paths lists for it.
 */
import { badRequest, notFound, readJsonObject } from "../http.js";
import type { WarehouseScope, WarehouseTable } from "../org/types.js";
import { boolParam, containsCi, ENDPOINTS, get, listBody, live, ok, type RouteContext, type RouteDef } from "./types.js";

function sameSegments(a: readonly string[], b: readonly string[], ci: boolean): boolean {
  return a.every((s, i) => (ci ? s.toLowerCase() === b[i]?.toLowerCase() : s === b[i]));
}

function find<T extends WarehouseTable | WarehouseScope>(items: T[], path: string[]): T | undefined {
  const full = items.filter((t) => t.path.length === path.length);
  return full.find((t) => sameSegments(path, t.path, false)) ?? full.find((t) => sameSegments(path, t.path, true));
}

async function lookup(ctx: RouteContext) {
  const id = ctx.params.connectionId ?? "";
  const connection = ctx.state.index.connections.get(id);
  if (!connection) throw notFound(`Connection ${id} not found`);
  const body = await readJsonObject(ctx.req);
  const path = body.path;
  if (!Array.isArray(path) || path.length === 0 || !path.every((s) => typeof s === "string" && s !== "")) {
    throw badRequest("path must be a non-empty array of strings, e.g. [\"DB\", \"SCHEMA\", \"TABLE\"]");
  }
  const segments = path as string[];
  const tables = ctx.state.org.tables.filter((t) => t.connectionId === id);
  const slug = ctx.state.org.orgSlug;
  const table = find(tables, segments);
  if (table) return ok({ kind: "table", inodeId: table.inodeId, url: `https://app.sigmacomputing.com/${slug}/t/${table.inodeId}` });
  const scope = find((ctx.state.org.scopes ?? []).filter((s) => s.connectionId === id), segments);
  if (!scope) throw notFound(`Path ${segments.join(".")} not found in connection ${id}`);
  return ok({ kind: "scope", inodeId: scope.inodeId, url: `https://app.sigmacomputing.com/${slug}/connection/${id}/${scope.path.map(encodeURIComponent).join("/")}` });
}

/** Connection routes. */
export const connectionRoutes: RouteDef[] = [
  get(ENDPOINTS.listConnections, (ctx) => {
    const withArchived = boolParam(ctx.query, "includeArchived") === true;
    const search = ctx.query.get("search");
    const items = ctx.state.org.connections.filter((c) => (withArchived || c.isArchived !== true) && (!search || containsCi(c.name, search)));
    return ok(listBody(ctx, items));
  }),
  get(ENDPOINTS.listConnectionPaths, (ctx) => {
    const only = ctx.query.get("connectionId");
    if (only && !ctx.state.index.connections.has(only)) throw notFound(`Connection ${only} not found`);
    const all = ctx.state.index.connectionPaths();
    return ok(listBody(ctx, only ? all.filter((e) => e.connectionId === only) : all));
  }),
  get(ENDPOINTS.getConnectionPath, (ctx) => {
    const id = ctx.params.inodeId ?? "";
    const table = ctx.state.index.tables.get(id);
    if (table) return ok({ connectionId: table.connectionId, path: table.path });
    if (ctx.state.index.file(id) || ctx.state.index.scopes.has(id)) throw badRequest(`Inode ${id} is not a table`);
    throw notFound(`Inode ${id} not found`);
  }),
  get(ENDPOINTS.listTableColumns, (ctx) => {
    const table = ctx.state.index.tables.get(ctx.params.tableId ?? "");
    if (!table) throw notFound(`Table ${ctx.params.tableId} not found`);
    return ok(listBody(ctx, table.columns));
  }),
  get(ENDPOINTS.getConnection, (ctx) => {
    const c = ctx.state.index.connections.get(ctx.params.connectionId ?? "");
    if (!c) throw notFound(`Connection ${ctx.params.connectionId} not found`);
    return ok(c);
  }),
  live(ENDPOINTS.lookupConnection, lookup),
];
