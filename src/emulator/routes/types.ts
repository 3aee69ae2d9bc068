/** The shape of a route and what its handler receives. */
import type { TokenGrant } from "../auth-store.js";
import { badRequest, json, type EmuRequest, type EmuResponse } from "../http.js";
import type { ItemSpec } from "../shape/kinds.js";
import type { EmulatorState } from "../state.js";

export { list, one, UNSHAPED } from "../shape/kinds.js";

/** What a route handler receives. */
export interface RouteContext {
  req: EmuRequest;
  params: Record<string, string>;
  query: URLSearchParams;
  state: EmulatorState;
  /** The token's owner on authenticated routes. */
  caller: TokenGrant | undefined;
}

/** A route of the Sigma API surface. */
export interface RouteDef {
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

/** A GET route over org data (authenticated, cacheable) whose body holds `items`. */
export function get(template: string, items: ItemSpec, handler: RouteDef["handler"]): RouteDef {
  return { method: "GET", template, auth: true, cache: true, items, handler };
}

/** A route whose answer depends on run state or the clock (never cached), whose body holds `items`. */
export function live(method: RouteDef["method"], template: string, items: ItemSpec, handler: RouteDef["handler"]): RouteDef {
  return { method, template, auth: true, cache: false, items, handler };
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
