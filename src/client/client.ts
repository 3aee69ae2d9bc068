/**
 * SigmaClient: one request core behind a fixed transport pipeline, resources as properties.
 *
 *   auth → retry → rate limit → timeout → fetch
 *
 * The limiter sits inside the retry loop: a slot is held for one attempt, never through a
 * back-off or a Retry-After wait.
 *
 * Every response is validated with the zod schemas of src/schemas; a mismatch is a
 * ResponseValidationError, a non-2xx answer a SigmaApiError subclass.
 */
import type { z } from "zod";
import { ConfigError, ResponseValidationError } from "../errors.js";
import { registerSecret } from "../redact.js";
import { WhoAmISchema, type WhoAmI } from "../schemas/index.js";
import { TokenProvider } from "./auth.js";
import { checkNumericOptions } from "./client-options.js";
import { StatsRecorder, type ClientStats } from "./client-stats.js";
import { normalizeBaseUrl } from "./base-url.js";
import { excerpt, apiErrorFromResponse } from "./http-error.js";
import { silentLogger, type Logger } from "./logger.js";
import { Paginated, type PageStyle } from "./pagination.js";
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
import { validateResponse } from "./validate.js";
import { Connections } from "./resources/connections.js";
import { DataModels } from "./resources/data-models.js";
import { Datasets } from "./resources/datasets.js";
import { Files } from "./resources/files.js";
import { Members } from "./resources/members.js";
import { Teams } from "./resources/teams.js";
import { Workbooks } from "./resources/workbooks.js";
import { Workspaces } from "./resources/workspaces.js";

export type { ClientStats } from "./client-stats.js";

/** Options of {@link SigmaClient}; a ClientConfig from resolveConfig() fits. */
export interface SigmaClientOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Fetch implementation (default globalThis.fetch; the emulator's in-process `emu.fetch` works). */
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
  /** Schema of the 2xx body; without one the body is returned unchecked. */
  schema?: z.ZodType<T> | undefined;
  /** Override the method's idempotency (a read-only POST may be marked idempotent; materialize is not). */
  idempotent?: boolean | undefined;
  /** False where a 500 is an ordinary answer; "once" where it usually is but may be transient (element lineage). */
  retryOn500?: boolean | "once" | undefined;
  signal?: AbortSignal | undefined;
}

/** Options of {@link SigmaClient.paginate}. */
export interface PaginateOptions<T> {
  style: PageStyle;
  itemSchema: z.ZodType<T>;
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

  private readonly send: Handler;
  private readonly tokens: TokenProvider;
  private readonly limiter: AdaptiveLimiter;
  private readonly now: () => number;
  private readonly signal: AbortSignal | undefined;
  private readonly userAgent: string;
  private readonly recorder: StatsRecorder;

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
    this.limiter = new AdaptiveLimiter({ concurrency: options.concurrency, clock });
    this.recorder = new StatsRecorder(this.limiter, this.logger, this.now);
    const fetchImpl: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
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
    return options.schema ? validateResponse(options.schema, body, request) : (body as T);
  }

  /** Iterates a list endpoint, asking for the largest page (1000). */
  paginate<T>(path: string, options: PaginateOptions<T>): Paginated<T> {
    const sizeKey = options.style === "page" ? "limit" : "pageSize";
    const cursorKey = options.style === "page" ? "page" : "pageToken";
    return new Paginated<T>({
      style: options.style,
      itemSchema: options.itemSchema,
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
    return this.request({ method: "GET", path: "/v2/whoami", schema: WhoAmISchema, signal: options.signal });
  }

  /** A snapshot of this client's counters. */
  stats(): ClientStats {
    return this.recorder.snapshot(this.tokens.refreshes);
  }

  /** Sends a request and returns the parsed (unvalidated) JSON body with its request info. */
  private async requestRaw(options: RequestOptions<unknown>): Promise<{ body: unknown; request: { method: string; path: string } }> {
    const relPath = options.path + queryString(options.query);
    const request = { method: options.method, path: relPath };
    const idempotent = options.idempotent ?? IDEMPOTENT.has(options.method);
    const signals = [this.signal, options.signal].filter((s): s is AbortSignal => s !== undefined);
    const headers: Record<string, string> = { accept: "application/json", "user-agent": this.userAgent };
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
      const text = await res.text();
      if (text.trim() === "") return { body: undefined, request };
      try {
        return { body: JSON.parse(text), request };
      } catch (cause) {
        throw new ResponseValidationError({ request, issues: [`(root): body is not JSON: ${excerpt(text) ?? ""}`], cause });
      }
    } finally {
      linked?.dispose();
      this.logger.request({ ...request, status, durationMs: performance.now() - started, retries: trace.retries });
    }
  }
}
