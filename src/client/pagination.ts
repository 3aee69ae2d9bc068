/**
 * Paginated<T>: one async iterable for Sigma's list styles (API-NOTES §4):
 * - "page":  `?limit=1000`, then `?page=<nextPage>` verbatim, until `nextPage` is null/absent;
 * - "token": `?pageSize=1000`, then `?pageToken=<nextPageToken>`, until it is absent or empty;
 * - a legacy bare array is one complete page.
 * A repeated cursor, a page cap or fewer entries than `total` is recorded in `summary.warnings`
 * and logged; nothing is deduplicated here (jobs do that).
 */
import type { z } from "zod";
import { ResponseValidationError, type RequestInfo } from "../errors.js";
import type { Logger } from "./logger.js";
import { validateResponse } from "./validate.js";

/** Cursor style of a list endpoint. */
export type PageStyle = "page" | "token";

/** One page of a list. */
export interface Page<T> {
  entries: T[];
  /** `total` as reported by this page, when Sigma sent it. */
  total?: number | undefined;
  /** Cursor of the next page (null on the last page). */
  cursor: string | null;
}

/** What one full iteration saw. */
export interface PaginationSummary {
  pages: number;
  received: number;
  total?: number | undefined;
  /** True when the list ended normally and nothing suggests missing entries. */
  complete: boolean;
  warnings: string[];
}

/** Fetches the raw body of the page at `cursor` (undefined = first page). */
export type PageFetcher = (cursor: string | undefined, signal?: AbortSignal) => Promise<{ body: unknown; request: RequestInfo }>;

/** Options of {@link Paginated}. */
export interface PaginatedOptions<T> {
  style: PageStyle;
  itemSchema: z.ZodType<T>;
  fetchPage: PageFetcher;
  logger?: Logger | undefined;
  /** Hard stop against servers that never end (default 10 000 pages). */
  maxPages?: number;
  signal?: AbortSignal | undefined;
}

/** Reads one list body into entries, total and next cursor. @throws ResponseValidationError */
export function parsePage<T>(body: unknown, style: PageStyle, itemSchema: z.ZodType<T>, request: RequestInfo): Page<T> {
  if (Array.isArray(body)) {
    return { entries: body.map((e, i) => validateResponse(itemSchema, e, request, [i])), cursor: null };
  }
  if (typeof body !== "object" || body === null || !Array.isArray((body as { entries?: unknown }).entries)) {
    throw new ResponseValidationError({ request, issues: ["entries: expected a list envelope or an array"] });
  }
  const env = body as { entries: unknown[]; total?: unknown; nextPage?: unknown; nextPageToken?: unknown };
  const entries = env.entries.map((e, i) => validateResponse(itemSchema, e, request, ["entries", i]));
  const raw = style === "page" ? env.nextPage : env.nextPageToken;
  const cursor = typeof raw === "string" && raw !== "" ? raw : typeof raw === "number" ? String(raw) : null;
  const total = typeof env.total === "number" ? env.total : undefined;
  return { entries, total, cursor };
}

/** An async iterable over every entry of a list, with `.pages()`, `.toArray()` and `.summary`. */
export class Paginated<T> implements AsyncIterable<T> {
  /** Set when an iteration ends (normally, by a guard, or because the consumer stopped). */
  summary: PaginationSummary | undefined;

  constructor(private readonly options: PaginatedOptions<T>) {}

  /** Iterates page by page. Each call starts again from the first page. */
  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    const { style, itemSchema, fetchPage, logger, signal } = this.options;
    const maxPages = this.options.maxPages ?? 10_000;
    const seen = new Set<string>();
    const warnings: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    let received = 0;
    let total: number | undefined;
    let ended = false;
    let label = "";
    const warn = (msg: string): void => {
      warnings.push(msg);
      logger?.warn(`${label}: ${msg}`);
    };
    try {
      while (true) {
        const { body, request } = await fetchPage(cursor, signal);
        label ||= `${request.method} ${request.path.split("?")[0] ?? ""}`;
        const page = parsePage(body, style, itemSchema, request);
        pages += 1;
        received += page.entries.length;
        if (page.total !== undefined) total = page.total;
        yield page;
        if (page.cursor === null) {
          ended = true;
          break;
        }
        if (seen.has(page.cursor) || page.cursor === cursor) {
          warn(`server repeated cursor ${JSON.stringify(page.cursor)} after ${pages} pages; stopped to avoid a loop`);
          break;
        }
        if (pages >= maxPages) {
          warn(`stopped after ${maxPages} pages; the list may be longer`);
          break;
        }
        seen.add(page.cursor);
        cursor = page.cursor;
      }
      if (ended && total !== undefined && received < total) {
        warn(`received ${received} entries but the server reported total ${total}`);
      }
    } finally {
      this.summary = { pages, received, total, complete: ended && warnings.length === 0, warnings };
    }
  }

  /** Iterates entries across pages (`for await (const wb of client.workbooks.list())`). */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.entries;
  }

  /** Collects entries, stopping after `limit` of them when given. */
  async toArray(options: { limit?: number } = {}): Promise<T[]> {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const out: T[] = [];
    if (limit <= 0) return out;
    for await (const item of this) {
      out.push(item);
      if (out.length >= limit) break;
    }
    return out;
  }
}
