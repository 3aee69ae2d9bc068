/**
 * SigmaClient: one request core behind a fixed transport pipeline, resources as properties.
 *
 *   auth → retry → rate limit → timeout → fetch
 *
 * The limiter sits inside the retry loop: a slot is held for one attempt, never through a
 * back-off or a Retry-After wait.
 *
 * Responses are read with the reader schemas of src/schemas (only what sigmactl needs); how they
 * differ from Sigma's documented schemas is recorded as drift (`client.drift()`), never
 * rejected. A list entry without what sigmactl needs is skipped and counted; a single body
 * without it is a ResponseValidationError. A non-2xx answer is a SigmaApiError subclass.
 */
import type { z } from "zod";
import { ConfigError, ResponseValidationError } from "../errors.js";
import { registerSecret } from "../redact.js";
import type { WhoAmI } from "../schemas/index.js";
import { TokenProvider } from "./auth.js";
import { checkNumericOptions } from "./client-options.js";
import { StatsRecorder, type ClientStats } from "./client-stats.js";
import { normalizeBaseUrl } from "./base-url.js";
import { DriftRecorder, type DriftLine } from "./drift.js";
import { excerpt, apiErrorFromResponse } from "./http-error.js";
import { silentLogger, type Logger } from "./logger.js";
import { Paginated, readEntries, type PageStyle } from "./pagination.js";
import { authLayer } from "./transport/auth-layer.js";
import { fetchHandler } from "./transport/fetch-handler.js";
import { AdaptiveLimiter } from "./transport/limiter.js";
import { linkSignals } from "./transport/linked-signal.js";
import { compose } from "./transport/pipeline.js";
import { rateLimitLayer } from "./transport/rate-limit-layer.js";
import { retryLayer } from "./transport/retry-layer.js";
import type { RetryPolicy } from "./transport/retry-policy.js";
import { sleep as realSleep } from "./transport/sleep.js";
import { timeoutLayer } from "./transport/timeout-layer.js";
import { newTrace, type Clock, type FetchLike, type Handler } from "./transport/types.js";
import { OpaqueCursor, queryString, type Query } from "./url.js";
import { readBody } from "./validate.js";
import { ENDPOINTS } from "../api/endpoints.js";
import { callEndpoint } from "./endpoint-call.js";
import { Connections } from "./resources/connections.js";
import { DataModels } from "./resources/data-models.js";
import { Datasets } from "./resources/datasets.js";
import { Files } from "./resources/files.js";
import { Members } from "./resources/members.js";
import { Queries } from "./resources/queries.js";
import { Teams } from "./resources/teams.js";
import { AccountTypes, Tags } from "./resources/tags.js";
import { Workbooks } from "./resources/workbooks.js";
import { Workspaces } from "./resources/workspaces.js";
import { nodeFetch } from "./transport/node-fetch.js";

export type { ClientStats } from "./client-stats.js";

/** Options of {@link SigmaClient}; a ClientConfig from resolveConfig() fits. */
export interface SigmaClientOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Fetch implementation (default: node:http for reads, globalThis.fetch for the rest; the emulator's in-process `emu.fetch` works). */
  fetch?: FetchLike | undefined;
  /**
   * Send the client secret and tokens over plain http:// to a host that is not loopback (a test
   * proxy, a private emulator). Off by default: http is refused except for 127.0.0.0/8,
   * localhost and ::1, and for an in-process fetch (the emulator's `emu.fetch`), which sends nothing.
   */
  allowInsecureHttp?: boolean | undefined;
  /** Clock for token expiry and Retry-After dates (default Date.now). */
  now?: (() => number) | undefined;
  /** Sleep used between retries (default: timers). */
  sleep?: Clock["sleep"] | undefined;
  /** Random source for backoff jitter (default Math.random). */
  random?: (() => number) | undefined;
  /** Per-attempt timeout in ms (default 60 000). */
  timeoutMs?: number | undefined;
  /** Retries of a failed idempotent request (default 5). */
  maxRetries?: number | undefined;
  /** Other retry tunables (backoff base/cap, Retry-After cap, 429 floor). */
  retryPolicy?: Partial<RetryPolicy> | undefined;
  /** Maximum requests in flight (default 8); 429s make the client pace itself at a learnt rate (limiter.ts). */
  concurrency?: number | undefined;
  logger?: Logger | undefined;
  /** Cancels every request of this client (e.g. a job's signal). */
  signal?: AbortSignal | undefined;
  userAgent?: string | undefined;
}

/** HTTP methods used against Sigma. */
export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

/** One API call. */
export interface RequestOptions<T> {
  method: HttpMethod;
  /** Path with its version prefix, e.g. `/v2/workbooks` (build it with the `path` template). */
  path: string;
  query?: Query | undefined;
  /** JSON body. */
  body?: unknown;
  /** Reader schema of the 2xx body (what sigmactl needs); without one the body is returned unchecked. */
  schema?: z.ZodType<T> | undefined;
  /** Documented schema of the body: differences are recorded as drift, never rejected. */
  docSchema?: z.ZodType | undefined;
  /** Method and path template for the drift report, e.g. `GET /v2/datasets/{datasetId}` (default: method and concrete path). */
  endpoint?: string | undefined;
  /** Override the method's idempotency (a read-only POST may be marked idempotent; materialize is not). */
  idempotent?: boolean | undefined;
  /** False where a 500 is an ordinary answer; "once" where it usually is but may be transient (element lineage). */
  retryOn500?: boolean | "once" | undefined;
  signal?: AbortSignal | undefined;
}

/** A 2xx answer read as bytes, never parsed (file downloads). */
export interface RawResponse {
  status: number;
  /** The Content-Type header ("" when absent). */
  contentType: string;
  body: Uint8Array;
}

/** Options of {@link SigmaClient.requestArray}: a bare-array answer read entry by entry. */
export interface RequestArrayOptions<T> extends Omit<RequestOptions<T[]>, "schema" | "docSchema"> {
  itemSchema: z.ZodType<T>;
  /** Documented schema of one entry (drift only). */
  docSchema?: z.ZodType | undefined;
}

/** Options of {@link SigmaClient.paginate}. */
export interface PaginateOptions<T> {
  style: PageStyle;
  /** Reader schema of one entry: an entry it rejects is skipped and counted. */
  itemSchema: z.ZodType<T>;
  /** Documented schema of one entry (drift only). */
  docSchema?: z.ZodType | undefined;
  /** Method and path template for the drift report (default: `GET` and the concrete path). */
  endpoint?: string | undefined;
  query?: Query | undefined;
  signal?: AbortSignal | undefined;
}

const IDEMPOTENT = new Set<HttpMethod>(["GET", "HEAD", "PUT", "DELETE"]);

/** The mark of a fetch that never leaves the process (the emulator's `emu.fetch`; src/emulator/transport-fetch.ts). */
const IN_PROCESS_FETCH = Symbol.for("sigmactl.inProcessFetch");

function isInProcessFetch(fetch: FetchLike | undefined): boolean {
  return fetch !== undefined && (fetch as unknown as Record<symbol, unknown>)[IN_PROCESS_FETCH] === true;
}
const PAGE_SIZE = 1000;

/** The Sigma REST API client. */
export class SigmaClient {
  /** Normalized base URL (no trailing slash, no `/v2`). */
  readonly baseUrl: string;
  readonly logger: Logger;
  readonly workbooks = new Workbooks(this);
  readonly dataModels = new DataModels(this);
  readonly datasets = new Datasets(this);
  readonly members = new Members(this);
  readonly teams = new Teams(this);
  readonly workspaces = new Workspaces(this);
  readonly files = new Files(this);
  readonly connections = new Connections(this);
  readonly queries = new Queries(this);
  readonly tags = new Tags(this);
  readonly accountTypes = new AccountTypes(this);
  /** The clock retries wait on; resources that poll (exportAndDownload) use it too. */
  readonly clock: Clock;

  private readonly send: Handler;
  private readonly tokens: TokenProvider;
  private readonly limiter: AdaptiveLimiter;
  private readonly now: () => number;
  private readonly signal: AbortSignal | undefined;
  private readonly userAgent: string;
  private readonly recorder: StatsRecorder;
  private readonly driftRecorder: DriftRecorder;

  /** @throws ConfigError on an unusable base URL, empty credentials or out-of-range numeric options. */
  constructor(options: SigmaClientOptions) {
    registerSecret(options.clientSecret);
    // Plain http:// to a remote host would carry the secret unencrypted: refused here too, not
    // only at the CLI's config edge, unless the caller names the risk or nothing leaves the process.
    const allowInsecure = options.allowInsecureHttp === true || isInProcessFetch(options.fetch);
    const base = normalizeBaseUrl(options.baseUrl, { allowInsecure });
    if (!base.ok) {
      throw new ConfigError(
        `invalid baseUrl option: ${base.problem}` +
          (base.problem.startsWith("refusing plain http") ? " (the allowInsecureHttp option accepts it, for test setups only)" : ""),
      );
    }
    if (!options.clientId || !options.clientSecret) throw new ConfigError("the clientId and clientSecret options must not be empty");
    checkNumericOptions(options);
    this.baseUrl = base.url;
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
    this.signal = options.signal;
    this.userAgent = options.userAgent ?? "sigmactl";
    const clock: Clock = { now: this.now, sleep: options.sleep ?? realSleep };
    this.clock = clock;
    this.limiter = new AdaptiveLimiter({ concurrency: options.concurrency, clock });
    this.recorder = new StatsRecorder(this.limiter, this.logger, this.now);
    // Lines are listed by the caller at the end (counts are only known then): `client.drift()`.
    this.driftRecorder = new DriftRecorder();
    const fetchImpl: FetchLike = options.fetch ?? nodeFetch;
    const bottom = compose([timeoutLayer({ timeoutMs: options.timeoutMs })], fetchHandler(fetchImpl));
    const policy = { ...options.retryPolicy, ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }) };
    const random = options.random;
    this.tokens = new TokenProvider({
      baseUrl: this.baseUrl,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      now: this.now,
      signal: this.signal,
      send: retryLayer({ policy, clock, random, hooks: this.recorder.hooks() })(bottom),
    });
    this.send = compose(
      [authLayer(this.tokens, { clock, random }), retryLayer({ policy, clock, random, hooks: this.recorder.hooks() }), rateLimitLayer(this.limiter)],
      bottom,
    );
  }

  /**
   * Sends one request and returns its validated body.
   * @throws SigmaApiError (non-2xx), SigmaConnectionError, ResponseValidationError, AbortedError
   */
  async request<T = unknown>(options: RequestOptions<T>): Promise<T> {
    const { body, request } = await this.requestRaw(options);
    if (!options.schema) return body as T;
    return readBody(options.schema, body, request, this.readContext(options.endpoint, options.method, options.path, options.docSchema));
  }

  /**
   * Sends a request whose answer is a bare array (e.g. `GET /v2/workbooks/{id}/sources`) and
   * reads it entry by entry: an entry without what sigmactl needs is skipped and counted (and
   * warned about), never the whole answer. @throws like {@link request}; a non-array body is a ResponseValidationError.
   */
  async requestArray<T>(options: RequestArrayOptions<T>): Promise<T[]> {
    const { body, request } = await this.requestRaw(options);
    if (!Array.isArray(body)) throw new ResponseValidationError({ request, issues: ["(root): expected an array"] });
    const ctx = this.readContext(options.endpoint, options.method, options.path, options.docSchema);
    const { entries, skipped } = readEntries(body, options.itemSchema, ctx);
    if (skipped > 0) this.logger.warn(`${ctx.endpoint}: skipped ${skipped} entr${skipped === 1 ? "y" : "ies"} without what sigmactl needs (see the drift report)`);
    return entries;
  }

  /**
   * Sends one request and returns its 2xx answer as bytes, unparsed (downloads): the same
   * auth, rate limiting and retries as {@link request}, accepting any content type.
   * @throws SigmaApiError (non-2xx), SigmaConnectionError, AbortedError
   */
  requestBytes(options: Omit<RequestOptions<never>, "schema">): Promise<RawResponse> {
    return this.exchange(options, "*/*", async (res) => ({
      status: res.status,
      contentType: res.headers.get("content-type") ?? "",
      body: new Uint8Array(await res.arrayBuffer()),
    }));
  }

  /** Iterates a list endpoint, asking for the largest page (1000). */
  paginate<T>(path: string, options: PaginateOptions<T>): Paginated<T> {
    const sizeKey = options.style === "page" ? "limit" : "pageSize";
    const cursorKey = options.style === "page" ? "page" : "pageToken";
    return new Paginated<T>({
      style: options.style,
      itemSchema: options.itemSchema,
      docSchema: options.docSchema,
      endpoint: options.endpoint,
      drift: this.driftRecorder,
      logger: this.logger,
      signal: options.signal,
      fetchPage: (cursor, signal) =>
        this.requestRaw({
          method: "GET",
          path,
          query: { ...options.query, [sizeKey]: PAGE_SIZE, [cursorKey]: cursor === undefined ? undefined : new OpaqueCursor(cursor) },
          signal,
        }),
    });
  }

  /** `GET /v2/whoami`: who the credentials belong to. */
  whoami(options: { signal?: AbortSignal } = {}): Promise<WhoAmI> {
    return callEndpoint(this, ENDPOINTS.whoami, {}, options);
  }

  /** A snapshot of this client's counters. */
  stats(): ClientStats {
    return this.recorder.snapshot(this.tokens.refreshes, this.driftRecorder.counts());
  }

  /**
   * How Sigma's bodies differed from its OpenAPI document so far, aggregated per (endpoint,
   * field, expected, seen), with the entries skipped for lacking what sigmactl needs. A job
   * sharing this client takes its own share with `driftSince(before, after)`.
   */
  drift(): DriftLine[] {
    return this.driftRecorder.list();
  }

  private readContext(endpoint: string | undefined, method: string, path: string, docSchema: z.ZodType | undefined) {
    return { endpoint: endpoint ?? `${method} ${path}`, docSchema, drift: this.driftRecorder };
  }

  /** Sends a request and returns the parsed (unvalidated) JSON body with its request info. */
  private async requestRaw(options: RequestOptions<unknown>): Promise<{ body: unknown; request: { method: string; path: string } }> {
    return this.exchange(options, "application/json", async (res, request) => {
      const text = await res.text();
      if (text.trim() === "") return { body: undefined, request };
      try {
        return { body: JSON.parse(text), request };
      } catch (cause) {
        throw new ResponseValidationError({ request, issues: [`(root): body is not JSON: ${excerpt(text) ?? ""}`], cause });
      }
    });
  }

  /** Sends a request through the pipeline; a 2xx answer is handed to `read`, anything else thrown as a SigmaApiError. */
  private async exchange<R>(
    options: Omit<RequestOptions<unknown>, "schema">,
    accept: string,
    read: (res: Response, request: { method: string; path: string }) => Promise<R>,
  ): Promise<R> {
    const relPath = options.path + queryString(options.query);
    const request = { method: options.method, path: relPath };
    const idempotent = options.idempotent ?? IDEMPOTENT.has(options.method);
    const signals = [this.signal, options.signal].filter((s): s is AbortSignal => s !== undefined);
    const headers: Record<string, string> = { accept, "user-agent": this.userAgent };
    if (options.body !== undefined) headers["content-type"] = "application/json";
    const trace = newTrace();
    const started = performance.now();
    // A signal of this request's own: the layers add listeners to it while it waits (token,
    // limiter queue, back-off), while the long-lived client or job signal, shared by every
    // request, carries one listener for all of them (see linked-signal.ts).
    const linked = signals.length > 0 ? linkSignals(signals) : undefined;
    let status: number | undefined;
    try {
      const res = await this.send({
        ...request,
        url: this.baseUrl + relPath,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        idempotent,
        retryOnStatus: idempotent,
        retryOn500: options.retryOn500 ?? true,
        signal: linked?.signal,
        trace,
      });
      status = res.status;
      if (!res.ok) throw await apiErrorFromResponse(res, request, this.now());
      return await read(res, request);
    } finally {
      linked?.dispose();
      this.logger.request({ ...request, status, durationMs: performance.now() - started, retries: trace.retries });
    }
  }
}
