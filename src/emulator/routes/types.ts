/** The shape of a route and what its handler receives. */
import type { TokenGrant } from "../auth-store.js";
import { badRequest, json, type EmuRequest, type EmuResponse } from "../http.js";
import type { EndpointDef } from "../../api/endpoints.js";
import { legacyList, offsetPage, tokenPage } from "../pagination.js";
import { itemsOf, type ItemSpec } from "../shape/kinds.js";
import type { EmulatorState } from "../state.js";

export { ENDPOINTS } from "../../api/endpoints.js";

/** What a route handler receives. */
export interface RouteContext {
  req: EmuRequest;
  params: Record<string, string>;
  query: URLSearchParams;
  state: EmulatorState;
  /** The token's owner on authenticated routes. */
  caller: TokenGrant | undefined;
  /** The catalogue entry of the route (page style, envelope). */
  endpoint: EndpointDef;
}

/** A route of the Sigma API surface. */
export interface RouteDef {
  /** The catalogue entry this route serves (src/api/endpoints.ts): method, path, page style, envelope, item kind. */
  endpoint: EndpointDef;
  method: "GET" | "POST" | "PUT";
  /** OpenAPI-style template, e.g. `/v2/workbooks/{workbookId}`. */
  template: string;
  /** Needs a valid bearer token (every route except the token exchange). */
  auth: boolean;
  /**
   * The answer depends only on the org and the URL (not on the clock or run state), so it may
   * be cached per org version. Keeps list requests cheap.
   */
  cache: boolean;
  /** What a 200 body holds, for the response shape stage; null = never shaped. */
  items: ItemSpec;
  handler: (ctx: RouteContext) => EmuResponse | Promise<EmuResponse>;
}

/** A GET route over org data (authenticated, cacheable) serving a catalogued endpoint. */
export function get(endpoint: EndpointDef, handler: RouteDef["handler"]): RouteDef {
  return { endpoint, method: endpoint.method, template: endpoint.path, auth: true, cache: true, items: itemsOf(endpoint), handler };
}

/** A route whose answer depends on run state or the clock (never cached), serving a catalogued endpoint. */
export function live(endpoint: EndpointDef, handler: RouteDef["handler"]): RouteDef {
  return { endpoint, method: endpoint.method, template: endpoint.path, auth: true, cache: false, items: itemsOf(endpoint), handler };
}

/**
 * A list answer in the route's catalogued page style: an offset envelope with the endpoint's
 * fields, a token envelope, a legacy list (per `legacyLists`) or a bare array.
 */
export function listBody<T>(ctx: RouteContext, items: readonly T[]): unknown {
  const e = ctx.endpoint;
  switch (e.page) {
    case "offset":
      return offsetPage(items, ctx.query, e.envelope ?? { total: false, hasMore: false });
    case "token":
      return tokenPage(items, ctx.query);
    case "legacy":
      return legacyList(items, ctx.query, ctx.state.options.legacyLists);
    case "array":
      return items;
    default:
      throw new Error(`listBody: ${e.method} ${e.path} is not a list (${e.page})`);
  }
}

/** 200 with a JSON body. */
export function ok(value: unknown): EmuResponse {
  return json(200, value);
}

/** A boolean query parameter: undefined when absent, 400 when not true/false. */
export function boolParam(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null || raw === "") return undefined;
  if (raw === "true") return true;
  if (raw === "false") return false;
  throw badRequest(`${name} must be true or false, got "${raw}"`);
}

/** Case-insensitive substring test used by name filters. */
export function containsCi(haystack: string | null | undefined, needle: string): boolean {
  return (haystack ?? "").toLowerCase().includes(needle.toLowerCase());
}
