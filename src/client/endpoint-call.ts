/**
 * Calls to catalogued endpoints (src/api/endpoints.ts): the path, method, page style, retry rule
 * and drift label come from the catalogue entry, the schemas from the entry's item kind
 * (items.ts), so a resource method only names the entry and its parameters.
 */
import { endpointLabel, fillPath as fillTemplate, type EndpointDef } from "../api/endpoints.js";
import { UserError } from "../errors.js";
import type { z } from "zod";
import { asSent, type RawObject } from "./as-sent.js";
import type { RawResponse, SigmaClient } from "./client.js";
import { ITEMS, type ItemOf } from "./items.js";
import type { Paginated } from "./pagination.js";
import type { Query } from "./url.js";

/** Path parameters of an endpoint, by their template names (`{workbookId}` → `workbookId`). */
export type PathParams = Record<string, string>;

/** What a call may add to the catalogue entry. */
export interface EndpointCallOptions {
  query?: Query | undefined;
  /** JSON body (POSTs). */
  body?: unknown;
  signal?: AbortSignal | undefined;
}

/** The concrete path: each parameter URL-encoded; an empty or dot-only id would change the path's meaning. */
function fillPath(template: string, params: PathParams): string {
  for (const v of Object.values(params)) {
    if (v === "" || v === "." || v === "..") throw new UserError(`invalid id in request path: ${JSON.stringify(v)}`);
  }
  return fillTemplate(template, params);
}

type ListStyle = { page: "offset" | "token" };
type Kind<E extends EndpointDef> = E["item"];

function transport(e: EndpointDef) {
  return {
    // Work-starting POSTs are replayed only when Sigma provably did not start them.
    idempotent: e.retry !== "refused-only",
    // Sigma's "no lineage" 500 looks like a transient one: asked once more, no more.
    retryOn500: e.retry === "no-500" ? ("once" as const) : true,
  };
}

// One implementation per answer style; `schema` is the item's reader, or its as-sent wrapper.
function call(client: SigmaClient, e: EndpointDef, params: PathParams, schema: z.ZodType, options: EndpointCallOptions): Promise<unknown> {
  return client.request({
    method: e.method,
    path: fillPath(e.path, params),
    query: options.query,
    body: options.body,
    schema,
    docSchema: ITEMS[e.item].doc,
    endpoint: endpointLabel(e),
    signal: options.signal,
    ...transport(e),
  });
}

function list(client: SigmaClient, e: EndpointDef & ListStyle, params: PathParams, schema: z.ZodType, options: Omit<EndpointCallOptions, "body">): Paginated<unknown> {
  return client.paginate(fillPath(e.path, params), {
    style: e.page === "offset" ? "page" : "token",
    itemSchema: schema,
    docSchema: ITEMS[e.item].doc,
    endpoint: endpointLabel(e),
    query: options.query,
    signal: options.signal,
  });
}

function array(client: SigmaClient, e: EndpointDef & { page: "array" }, params: PathParams, schema: z.ZodType, options: Omit<EndpointCallOptions, "body">): Promise<unknown[]> {
  return client.requestArray({
    method: e.method,
    path: fillPath(e.path, params),
    query: options.query,
    itemSchema: schema,
    docSchema: ITEMS[e.item].doc,
    endpoint: endpointLabel(e),
    signal: options.signal,
    ...transport(e),
  });
}

/** One JSON answer of `e` (`page: "object"`), read with its item kind's reader schema. */
export function callEndpoint<E extends EndpointDef>(client: SigmaClient, e: E, params: PathParams, options: EndpointCallOptions = {}): Promise<ItemOf<Kind<E>>> {
  return call(client, e, params, ITEMS[e.item].reader, options) as Promise<ItemOf<Kind<E>>>;
}

/** Every entry of a paginated list `e` (offset or token style, as the catalogue says). */
export function listEndpoint<E extends EndpointDef & ListStyle>(
  client: SigmaClient,
  e: E,
  params: PathParams,
  options: Omit<EndpointCallOptions, "body"> = {},
): Paginated<ItemOf<Kind<E>>> {
  return list(client, e, params, ITEMS[e.item].reader, options) as Paginated<ItemOf<Kind<E>>>;
}

/** The entries of a bare-array answer `e` (`page: "array"`), each read on its own. */
export function arrayEndpoint<E extends EndpointDef & { page: "array" }>(
  client: SigmaClient,
  e: E,
  params: PathParams,
  options: Omit<EndpointCallOptions, "body"> = {},
): Promise<Array<ItemOf<Kind<E>>>> {
  return array(client, e, params, ITEMS[e.item].reader, options) as Promise<Array<ItemOf<Kind<E>>>>;
}

/** The bytes of a file answer `e` (`page: "bytes"`), unparsed. */
export function bytesEndpoint(client: SigmaClient, e: EndpointDef & { page: "bytes" }, params: PathParams, options: Omit<EndpointCallOptions, "body"> = {}): Promise<RawResponse> {
  return client.requestBytes({
    method: e.method,
    path: fillPath(e.path, params),
    query: options.query,
    endpoint: endpointLabel(e),
    signal: options.signal,
    ...transport(e),
  });
}

/** {@link listEndpoint}, each entry kept exactly as Sigma sent it. */
export function listAsSent(client: SigmaClient, e: EndpointDef & ListStyle, params: PathParams, options: Omit<EndpointCallOptions, "body"> = {}): Paginated<RawObject> {
  return list(client, e, params, asSent(ITEMS[e.item].reader), options) as Paginated<RawObject>;
}

/** {@link callEndpoint}, the body kept exactly as Sigma sent it. */
export function callAsSent(client: SigmaClient, e: EndpointDef, params: PathParams, options: EndpointCallOptions = {}): Promise<RawObject> {
  return call(client, e, params, asSent(ITEMS[e.item].reader), options) as Promise<RawObject>;
}

/** {@link arrayEndpoint}, each entry kept exactly as Sigma sent it. */
export function arrayAsSent(client: SigmaClient, e: EndpointDef & { page: "array" }, params: PathParams, options: Omit<EndpointCallOptions, "body"> = {}): Promise<RawObject[]> {
  return array(client, e, params, asSent(ITEMS[e.item].reader), options) as Promise<RawObject[]>;
}
