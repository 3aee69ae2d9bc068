/**
 * Paginated<T>: one async iterable for Sigma's list styles (sigma-api-facts §4):
 * - "page":  `?limit=1000`, then `?page=<nextPage>` verbatim, until `nextPage` is null/absent;
 * - "token": `?pageSize=1000`, then `?pageToken=<nextPageToken>`, until it is absent or empty;
 * - a legacy bare array is one complete page.
 * A repeated cursor, a page cap or fewer entries than `total` is recorded in `summary.warnings`
 * and logged; nothing is deduplicated here (jobs do that). Entries are read tolerantly
 * (validate.ts readEntry): drift is recorded, and an entry without what sigmactl needs is
 * skipped, counted in `summary.skipped` and warned about, never thrown.
 */
import type { z } from "zod";
import { ResponseValidationError, type RequestInfo } from "../errors.js";
import type { Logger } from "./logger.js";
import type { DriftRecorder } from "./drift.js";
import { readEntry, type ReadContext } from "./validate.js";

/** Cursor style of a list endpoint. */
export type PageStyle = "page" | "token";

/** One page of a list. */
export interface Page<T> {
  entries: T[];
  /** `total` as reported by this page, when Sigma sent it. */
  total?: number | undefined;
  /** Cursor of the next page (null on the last page). */
  cursor: string | null;
  /** Entries of this page that were skipped (they lacked what sigmactl needs). */
  skipped: number;
}

/** What one full iteration saw. */
export interface PaginationSummary {
  pages: number;
  /** Entries the server sent, skipped ones included. */
  received: number;
  /** Entries skipped because they lacked what sigmactl needs (see the client's drift report). */
  skipped: number;
  total?: number | undefined;
  /** True when the list ended normally and nothing suggests missing pages (skipped entries are counted apart). */
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
  /** Method and path template, for the drift report (default: method and concrete path). */
  endpoint?: string | undefined;
  /** Documented schema of an entry (drift detection only). */
  docSchema?: z.ZodType | undefined;
  drift?: DriftRecorder | undefined;
}

/** Reads entries tolerantly: the kept ones and how many were skipped. */
export function readEntries<T>(raw: readonly unknown[], itemSchema: z.ZodType<T>, ctx: ReadContext): { entries: T[]; skipped: number } {
  const entries: T[] = [];
  let skipped = 0;
  for (const e of raw) {
    const r = readEntry(itemSchema, e, ctx);
    if (r.ok) entries.push(r.value);
    else skipped += 1;
  }
  return { entries, skipped };
}

/**
 * Entries read per event-loop turn. Reading a 1000-entry page (reader and documented schemas)
 * takes tens of milliseconds; in one piece it held up every other answer arriving meanwhile,
 * and with them the requests that would follow them.
 */
const ENTRIES_PER_TURN = 100;

/** {@link readEntries}, a large page in pieces with a turn of the event loop between them. */
export async function readEntriesInTurns<T>(raw: readonly unknown[], itemSchema: z.ZodType<T>, ctx: ReadContext): Promise<{ entries: T[]; skipped: number }> {
  if (raw.length <= ENTRIES_PER_TURN) return readEntries(raw, itemSchema, ctx);
  const entries: T[] = [];
  let skipped = 0;
  for (let i = 0; i < raw.length; i += ENTRIES_PER_TURN) {
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const part = readEntries(raw.slice(i, i + ENTRIES_PER_TURN), itemSchema, ctx);
    for (const e of part.entries) entries.push(e);
    skipped += part.skipped;
  }
  return { entries, skipped };
}

/** A list body's entries, before they are read, with its total and next cursor. @throws ResponseValidationError */
function envelopeOf(body: unknown, style: PageStyle, request: RequestInfo): { raw: readonly unknown[]; total?: number | undefined; cursor: string | null } {
  if (Array.isArray(body)) return { raw: body, cursor: null };
  if (typeof body !== "object" || body === null || !Array.isArray((body as { entries?: unknown }).entries)) {
    throw new ResponseValidationError({ request, issues: ["entries: expected a list envelope or an array"] });
  }
  const env = body as { entries: unknown[]; total?: unknown; nextPage?: unknown; nextPageToken?: unknown };
  const next = style === "page" ? env.nextPage : env.nextPageToken;
  const cursor = typeof next === "string" && next !== "" ? next : typeof next === "number" ? String(next) : null;
  const total = typeof env.total === "number" ? env.total : undefined;
  return { raw: env.entries, total, cursor };
}

/**
 * Reads one list body into entries, total and next cursor. Only the envelope can make it
 * throw; entries are read with {@link readEntries}. @throws ResponseValidationError
 */
export function parsePage<T>(body: unknown, style: PageStyle, itemSchema: z.ZodType<T>, request: RequestInfo, ctx?: ReadContext): Page<T> {
  const read = ctx ?? { endpoint: `${request.method} ${request.path.split("?")[0] ?? ""}` };
  const { raw, total, cursor } = envelopeOf(body, style, request);
  const { entries, skipped } = readEntries(raw, itemSchema, read);
  return { entries, total, cursor, skipped };
}

/** {@link parsePage}, reading a large page in pieces ({@link readEntriesInTurns}). */
async function parsePageInTurns<T>(body: unknown, style: PageStyle, itemSchema: z.ZodType<T>, request: RequestInfo, ctx: ReadContext): Promise<Page<T>> {
  const { raw, total, cursor } = envelopeOf(body, style, request);
  const { entries, skipped } = await readEntriesInTurns(raw, itemSchema, ctx);
  return { entries, total, cursor, skipped };
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
    let skipped = 0;
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
        const { endpoint, docSchema, drift } = this.options;
        const page = await parsePageInTurns(body, style, itemSchema, request, { endpoint: endpoint ?? label, docSchema, drift });
        pages += 1;
        received += page.entries.length + page.skipped;
        skipped += page.skipped;
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
      const complete = ended && warnings.length === 0;
      if (skipped > 0) {
        warn(`skipped ${skipped} entr${skipped === 1 ? "y" : "ies"} without what sigmactl needs (see the drift report)`);
      }
      this.summary = { pages, received, skipped, total, complete, warnings };
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
