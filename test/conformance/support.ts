/**
 * Conformance harness: talks to an in-process emulator through `emu.fetch`, validates every
 * response against Sigma's OpenAPI document (the oracle) and against our zod schemas, and
 * collects every mismatch instead of stopping at the first, so one run reports them all.
 */
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import type { z } from "zod";
import { ApiErrorBodySchema } from "../../src/schemas/index.js";
import { createEmulator } from "../../src/emulator/index.js";
import { loadOpenApi, type SigmaOpenApi, type Tolerance } from "../helpers/openapi.js";

/** The emulator as these tests use it. */
export type Emulator = Awaited<ReturnType<typeof createEmulator>>;
/** Options of createEmulator. */
export type EmulatorOptions = NonNullable<Parameters<typeof createEmulator>[0]>;

/** One HTTP answer. */
export interface Answer {
  status: number;
  contentType: string;
  body: unknown;
}

/** Sizes every conformance suite runs against. */
export const SIZES = ["tiny", "small"] as const;
/** One of {@link SIZES}. */
export type Size = (typeof SIZES)[number];
/** Page sizes: a small one (many pages) and the client's own (one page). */
export const SMALL_LIMIT = 2;
export const LARGE_LIMIT = 1000;
/**
 * Where the emulator deliberately follows real Sigma rather than the document. Each one is
 * narrow (operation, path, keyword, value) and counted in `Conformance.tolerated`.
 */
export const TOLERANCES: readonly Tolerance[] = [
  {
    operationId: "listDatasetMaterializations",
    instancePath: /^\/entries\/\d+\/error$/,
    keyword: "type",
    when: (v) => v === null,
    reason: "the document requires an error object on every run; sigma-api-facts §5.1 (dataset materialization docs) shows null for successful runs",
  },
];

// A page walk longer than this is a pagination bug (cursor loop), not a big org.
const MAX_PAGES = 2000;

/** Connects to an emulator, gets a token and validates answers. */
export class Conformance {
  readonly mismatches: string[] = [];
  /** Responses checked so far (against the document, or as error envelopes): a test that checked nothing must not pass. */
  checked = 0;
  /** Document errors excused by {@link TOLERANCES}. */
  readonly tolerated: string[] = [];
  private token = "";
  private started: { emu: Emulator; api: SigmaOpenApi } | undefined;

  /** Starts an emulator of `size` (in-process, no socket) and exchanges its credentials for a token. */
  static async start(size: Size, extra: Omit<EmulatorOptions, "size"> = {}): Promise<Conformance> {
    const c = new Conformance();
    await c.open(size, extra);
    return c;
  }

  /** The emulator under test (once started). */
  get emu(): Emulator {
    return this.ready().emu;
  }

  /** Sigma's OpenAPI document (once started). */
  get api(): SigmaOpenApi {
    return this.ready().api;
  }

  private ready(): { emu: Emulator; api: SigmaOpenApi } {
    if (!this.started) throw new Error("the conformance emulator is not started (beforeAll failed?)");
    return this.started;
  }

  private async open(size: Size, extra: Omit<EmulatorOptions, "size">): Promise<void> {
    const api = loadOpenApi();
    // Diagnostics go to `logs` rather than the test output.
    const logs: string[] = [];
    // Strict shape, explicitly: the document is the oracle only for the document's own shapes
    // (the real and chaotic shapes stray from it on purpose; test/emulator/shapes.test.ts).
    const emu = await createEmulator({ seed: 7, shape: "strict", log: (line) => logs.push(line), ...extra, size });
    this.started = { emu, api };
    const tok = await this.tokenRequest(`grant_type=client_credentials&client_id=${encodeURIComponent(emu.clientId)}&client_secret=${encodeURIComponent(emu.clientSecret)}`);
    this.expectValid("POST", "/v2/auth/token", tok);
    const access = (tok.body as { access_token?: unknown } | null)?.access_token;
    if (typeof access !== "string") throw new Error(`token exchange failed: ${tok.status} ${JSON.stringify(tok.body)}`);
    this.token = access;
  }

  /**
   * The lifecycle every route suite shares, registered in the calling `describe`: starts an
   * emulator of `size` before the suite, forgets mismatches before each test, stops it after.
   */
  static forSuite(size: Size, extra: Omit<EmulatorOptions, "size"> = {}): Conformance {
    const c = new Conformance();
    beforeAll(() => c.open(size, extra));
    afterAll(() => c.close());
    beforeEach(() => c.reset());
    return c;
  }

  /** `POST /v2/auth/token` with a form body. */
  async tokenRequest(form: string): Promise<Answer> {
    return this.raw("POST", "/v2/auth/token", {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form,
    });
  }

  /** A request with the bearer token (or `auth` override: null = no Authorization header). */
  async call(method: string, path: string, body?: unknown, auth?: string | null): Promise<Answer> {
    const headers: Record<string, string> = {};
    const bearer = auth === undefined ? this.token : auth;
    if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    return this.raw(method, path, { headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  private async raw(method: string, path: string, init: { headers: Record<string, string>; body?: string | undefined }): Promise<Answer> {
    const res = await this.emu.fetch(`${this.emu.url}${path}`, { method, headers: init.headers, body: init.body });
    const contentType = res.headers.get("content-type") ?? "";
    const text = await res.text();
    let body: unknown = text;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        // Kept as text: the status/content-type checks report it.
      }
    }
    return { status: res.status, contentType, body };
  }

  /**
   * Records a mismatch unless `answer` has the `expected` status, a JSON content type, and a body
   * valid against the document's schema for the operation (and against `zodSchema`, when given).
   * Returns whether the answer was fully valid.
   */
  expectValid(method: string, path: string, answer: Answer, zodSchema?: z.ZodType, expected = 200): boolean {
    const where = `${method} ${path}`;
    if (answer.status !== expected) {
      this.mismatches.push(`${where}: status ${answer.status}, expected ${expected}: ${short(answer.body)}`);
      return false;
    }
    if (!answer.contentType.includes("application/json")) {
      this.mismatches.push(`${where}: content-type "${answer.contentType}", expected application/json`);
    }
    const res = this.api.validateResponse(method, path, expected, answer.body, TOLERANCES);
    this.checked++;
    this.tolerated.push(...res.tolerated.map((t) => `${where}: ${t}`));
    if (!res.ok) this.mismatches.push(`[openapi ${res.operation.operationId}] ${where}: ${res.errors.slice(0, 6).join("; ")}`);
    let zodOk = true;
    if (zodSchema) {
      const z = zodSchema.safeParse(answer.body);
      if (!z.success) {
        zodOk = false;
        const issues = z.error.issues.slice(0, 6).map((i) => `${i.path.join(".")}: ${i.message}`);
        this.mismatches.push(`[zod] ${where}: ${issues.join("; ")}`);
      }
    }
    return res.ok && zodOk;
  }

  /**
   * Records a mismatch unless `answer` is a JSON error with `status` and Sigma's envelope
   * `{code, message, requestId}` (all strings).
   */
  expectError(method: string, path: string, answer: Answer, status: number | number[]): void {
    const where = `${method} ${path}`;
    this.checked++;
    const allowed = Array.isArray(status) ? status : [status];
    if (!allowed.includes(answer.status)) {
      this.mismatches.push(`${where}: status ${answer.status}, expected ${allowed.join("|")}: ${short(answer.body)}`);
      return;
    }
    if (!answer.contentType.includes("application/json")) {
      this.mismatches.push(`${where}: error content-type "${answer.contentType}", expected application/json`);
    }
    const parsed = ApiErrorBodySchema.safeParse(answer.body);
    const b = (parsed.success ? parsed.data : {}) as Record<string, unknown>;
    for (const key of ["code", "message", "requestId"]) {
      if (typeof b[key] !== "string" || b[key] === "") this.mismatches.push(`${where}: error body lacks a string "${key}": ${short(answer.body)}`);
    }
  }

  /**
   * Walks an offset-paginated list (`limit`, then `page=nextPage`) or a token one (`pageSize`,
   * then `pageToken=nextPageToken`), validating every page. Returns all entries.
   */
  async walk(path: string, style: "page" | "token", size: number, itemSchema?: z.ZodType, pageSchema?: z.ZodType): Promise<unknown[]> {
    const all: unknown[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    let total: number | undefined;
    for (let n = 0; n < MAX_PAGES; n++) {
      const sep = path.includes("?") ? "&" : "?";
      const q = style === "page" ? `limit=${size}${cursor ? `&page=${encodeURIComponent(cursor)}` : ""}` : `pageSize=${size}${cursor ? `&pageToken=${encodeURIComponent(cursor)}` : ""}`;
      const url = `${path}${sep}${q}`;
      const answer = await this.call("GET", url);
      if (!this.expectValid("GET", url, answer, pageSchema)) return all;
      const body = answer.body as { entries: unknown[]; nextPage?: string | null; nextPageToken?: string; total?: number };
      if (itemSchema) body.entries.forEach((e, i) => this.checkItem(`GET ${url} entries[${i}]`, e, itemSchema));
      all.push(...body.entries);
      if (body.entries.length > size) this.mismatches.push(`GET ${url}: ${body.entries.length} entries, more than the page size ${size}`);
      if (typeof body.total === "number") {
        if (total !== undefined && total !== body.total) this.mismatches.push(`GET ${url}: total changed from ${total} to ${body.total}`);
        total = body.total;
      }
      const next = style === "page" ? body.nextPage : body.nextPageToken;
      if (next === null || next === undefined) {
        if (total !== undefined && total !== all.length) this.mismatches.push(`GET ${path}: total ${total} but ${all.length} entries received`);
        return all;
      }
      if (body.entries.length < size) this.mismatches.push(`GET ${url}: short page (${body.entries.length} < ${size}) before the end`);
      if (seen.has(next)) {
        this.mismatches.push(`GET ${url}: cursor ${next} repeated`);
        return all;
      }
      seen.add(next);
      cursor = next;
    }
    this.mismatches.push(`GET ${path}: more than ${MAX_PAGES} pages`);
    return all;
  }

  /** Walks a list with a small and a large page size; records a mismatch when the two disagree. */
  async walkBoth(path: string, style: "page" | "token", itemSchema?: z.ZodType): Promise<unknown[]> {
    const small = await this.walk(path, style, SMALL_LIMIT, itemSchema);
    const large = await this.walk(path, style, LARGE_LIMIT, itemSchema);
    if (JSON.stringify(small) !== JSON.stringify(large)) {
      this.mismatches.push(`GET ${path}: limit ${SMALL_LIMIT} walk (${small.length}) differs from limit ${LARGE_LIMIT} walk (${large.length})`);
    }
    return large;
  }

  private checkItem(where: string, item: unknown, schema: z.ZodType): void {
    const r = schema.safeParse(item);
    if (!r.success) this.mismatches.push(`[zod] ${where}: ${r.error.issues.slice(0, 4).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }

  /** Forgets mismatches and counts (call before each test). */
  reset(): void {
    this.mismatches.length = 0;
    this.checked = 0;
  }

  /** Fails with every mismatch, or when fewer than `min` responses were checked. */
  assertClean(min: number): void {
    if (process.env.CONFORMANCE_DEBUG) console.log(`checked ${this.checked} (min ${min}), tolerated ${this.tolerated.length}`);
    expect(this.mismatches).toEqual([]);
    expect(this.checked, "responses checked").toBeGreaterThanOrEqual(min);
  }

  /** Stops the emulator. */
  async close(): Promise<void> {
    await this.started?.emu.close();
  }
}

/** A short rendering of a body for mismatch messages. */
export function short(body: unknown): string {
  const s = typeof body === "string" ? body : JSON.stringify(body);
  return s === undefined ? "<empty>" : s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

/** Path segment encoding for ids taken from responses. */
export function seg(id: unknown): string {
  if (typeof id !== "string" || id === "") throw new Error(`expected a non-empty string id, got ${JSON.stringify(id)}`);
  return encodeURIComponent(id);
}
