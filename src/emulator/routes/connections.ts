/**
 * Connections (API-NOTES §5.8): list/get, table paths (page/limit), path of one table
 * (400 when the inode is not a table, 404 when unknown), POST /v2/connection/{id}/lookup
 * (singular "connection", as in Sigma) and table columns (token paging).
 *
 * Lookup answers {kind: "table"} for a full table path and {kind: "scope"} for a database or
 * schema prefix of one; segments match exactly, else case-insensitively (warehouses fold case).
 * Scope inode ids are derived deterministically from the connection and path.
 */
import { badRequest, notFound, readJsonObject } from "../http.js";
import { FULL, offsetPage, tokenPage } from "../pagination.js";
import { Rng as Prng } from "../org/rng.js";
import type { WarehouseTable } from "../org/types.js";
import { boolParam, containsCi, get, live, ok, type RouteContext, type RouteDef } from "./types.js";

function sameSegments(a: readonly string[], b: readonly string[], ci: boolean): boolean {
  return a.every((s, i) => (ci ? s.toLowerCase() === b[i]?.toLowerCase() : s === b[i]));
}

function findTable(tables: WarehouseTable[], path: string[]): WarehouseTable | undefined {
  const full = tables.filter((t) => t.path.length === path.length);
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
  const table = findTable(tables, segments);
  if (table) return ok({ kind: "table", inodeId: table.inodeId, url: `https://app.sigmacomputing.com/${slug}/t/${table.inodeId}` });
  const scope = tables.find((t) => t.path.length > segments.length && sameSegments(segments, t.path, true));
  if (!scope) throw notFound(`Path ${segments.join(".")} not found in connection ${id}`);
  const canonical = scope.path.slice(0, segments.length);
  const inodeId = new Prng(ctx.state.options.seed, `scope:${id}:${canonical.join("\u0000")}`).base62(22);
  return ok({ kind: "scope", inodeId, url: `https://app.sigmacomputing.com/${slug}/connection/${id}/${canonical.map(encodeURIComponent).join("/")}` });
}

/** Connection routes. */
export const connectionRoutes: RouteDef[] = [
  get("/v2/connections", (ctx) => {
    const withArchived = boolParam(ctx.query, "includeArchived") === true;
    const search = ctx.query.get("search");
    const items = ctx.state.org.connections.filter((c) => (withArchived || c.isArchived !== true) && (!search || containsCi(c.name, search)));
    return ok(offsetPage(items, ctx.query, FULL));
  }),
  get("/v2/connections/paths", (ctx) => {
    const only = ctx.query.get("connectionId");
    if (only && !ctx.state.index.connections.has(only)) throw notFound(`Connection ${only} not found`);
    const entries = ctx.state.org.tables
      .filter((t) => !only || t.connectionId === only)
      .map((t) => ({ connectionId: t.connectionId, urlId: t.urlId, path: t.path }));
    return ok(offsetPage(entries, ctx.query, FULL));
  }),
  get("/v2/connections/paths/{inodeId}", (ctx) => {
    const id = ctx.params.inodeId ?? "";
    const table = ctx.state.index.tables.get(id);
    if (table) return ok({ connectionId: table.connectionId, path: table.path });
    if (ctx.state.index.file(id)) throw badRequest(`Inode ${id} is not a table`);
    throw notFound(`Inode ${id} not found`);
  }),
  get("/v2/connections/tables/{tableId}/columns", (ctx) => {
    const table = ctx.state.index.tables.get(ctx.params.tableId ?? "");
    if (!table) throw notFound(`Table ${ctx.params.tableId} not found`);
    return ok(tokenPage(table.columns, ctx.query));
  }),
  get("/v2/connections/{connectionId}", (ctx) => {
    const c = ctx.state.index.connections.get(ctx.params.connectionId ?? "");
    if (!c) throw notFound(`Connection ${ctx.params.connectionId} not found`);
    return ok(c);
  }),
  live("POST", "/v2/connection/{connectionId}/lookup", lookup),
];
