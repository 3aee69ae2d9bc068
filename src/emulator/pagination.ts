/**
 * Sigma's three list behaviours (sigma-api-facts §4): offset `page`/`limit` envelopes, token
 * `pageToken`/`pageSize` envelopes, and the legacy `/v2` lists that answer a bare array when
 * `limit` is absent (before 2026-06-02; `legacyLists: "array"`) or paginate with the default
 * page size (after; `legacyLists: "paginated"`, the default).
 */
import { badRequest } from "./http.js";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./limits.js";

/** Which optional fields an offset envelope carries, per Sigma's document for that endpoint. */
export interface EnvelopeFields {
  total: boolean;
  hasMore: boolean;
}

/** `entries`, `nextPage`, `total` and `hasMore` (workbooks, files, /v2.1 lists...). */
export const FULL: EnvelopeFields = { total: true, hasMore: true };
/** `entries`, `nextPage`, `total` (workbook pages, elements, columns, lineage...). */
export const WITH_TOTAL: EnvelopeFields = { total: true, hasMore: false };
/** `entries`, `nextPage` only (legacy /v2 lists called with `limit`). */
export const BARE: EnvelopeFields = { total: false, hasMore: false };

/** How legacy /v2 lists answer when `limit` is absent. */
export type LegacyListMode = "paginated" | "array";

function parseSize(raw: string | null, name: string): number {
  if (raw === null || raw === "") return DEFAULT_PAGE_SIZE;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw badRequest(`${name} must be a positive integer, got "${raw}"`);
  return Math.min(n, MAX_PAGE_SIZE);
}

/** Parses `limit` and `page` (a decimal offset, as Sigma's `nextPage` values are). */
export function parsePage(query: URLSearchParams): { offset: number; limit: number } {
  const limit = parseSize(query.get("limit"), "limit");
  const page = query.get("page");
  if (page === null || page === "") return { offset: 0, limit };
  if (!/^\d{1,15}$/.test(page)) throw badRequest(`page must be a value returned in nextPage, got "${page}"`);
  return { offset: Number(page), limit };
}

/** One offset page of `items` as Sigma's envelope. */
export function offsetPage<T>(items: readonly T[], query: URLSearchParams, fields: EnvelopeFields): Record<string, unknown> {
  const { offset, limit } = parsePage(query);
  const entries = items.slice(offset, offset + limit);
  const end = offset + entries.length;
  const more = end < items.length;
  const out: Record<string, unknown> = { entries, nextPage: more ? String(end) : null };
  if (fields.total) out.total = items.length;
  if (fields.hasMore) out.hasMore = more;
  return out;
}

/**
 * A legacy /v2 list (members, teams, workspaces): bare array when `limit` is absent in "array"
 * mode; otherwise `{entries, nextPage}` (the document's paginated variant has no `total`).
 */
export function legacyList<T>(items: readonly T[], query: URLSearchParams, mode: LegacyListMode): unknown {
  if (mode === "array" && !query.has("limit")) return items;
  return offsetPage(items, query, BARE);
}

function encodeToken(offset: number): string {
  return Buffer.from(`o:${offset}`).toString("base64url");
}

function decodeToken(token: string): number {
  const text = Buffer.from(token, "base64url").toString("utf8");
  const m = /^o:(\d{1,15})$/.exec(text);
  if (!m) throw badRequest("pageToken is not a token returned in nextPageToken");
  return Number(m[1]);
}

/** One token page: `{entries, nextPageToken}` with `nextPageToken` absent on the last page. */
export function tokenPage<T>(items: readonly T[], query: URLSearchParams): Record<string, unknown> {
  const size = parseSize(query.get("pageSize"), "pageSize");
  const token = query.get("pageToken");
  const offset = token ? decodeToken(token) : 0;
  const entries = items.slice(offset, offset + size);
  const end = offset + entries.length;
  return end < items.length ? { entries, nextPageToken: encodeToken(end) } : { entries };
}
