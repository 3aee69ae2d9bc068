/**
 * `createTransport`: the client's request pipeline without Sigma's auth and limiter
 * (retry → timeout → fetch), for callers that talk to another host with their own header,
 * such as the Catalog uploader. One retry policy, one network-error classifier and one jitter
 * for every request sigmactl sends; redirects are never followed (fetch-handler.ts).
 */
import { fetchHandler } from "./fetch-handler.js";
import { compose } from "./pipeline.js";
import { retryLayer } from "./retry-layer.js";
import type { RetryPolicy } from "./retry-policy.js";
import { sleep as realSleep } from "./sleep.js";
import { timeoutLayer } from "./timeout-layer.js";
import { newTrace, type FetchLike, type RequestTrace } from "./types.js";

/** Options of {@link createTransport}. */
export interface TransportOptions {
  /** Retry tunables over the client's defaults (retry-policy.ts). */
  retryPolicy?: Partial<RetryPolicy> | undefined;
  /** Per-attempt timeout in ms (default 60 000). */
  timeoutMs?: number | undefined;
  fetch?: FetchLike | undefined;
  /** Clock of Retry-After dates (default Date.now). */
  now?: (() => number) | undefined;
  /** Sleep between retries (default: timers). */
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  /** Uniform random in [0, 1) for the jitter (default Math.random). */
  random?: (() => number) | undefined;
  /** Called before each retry's wait; `reason` is the status or a short description of the error. */
  onRetry?: ((info: { path: string; attempt: number; maxAttempts: number; delayMs: number; reason: string }) => void) | undefined;
}

/** One request sent through a {@link Transport}. */
export interface TransportSend {
  method: string;
  /** Absolute URL. */
  url: string;
  /** What messages name the request by (never holds secrets); default the URL's path. */
  path?: string | undefined;
  headers?: Record<string, string> | undefined;
  /** A string or a form (a form of file-backed Blobs is re-read from disk on each attempt). */
  body?: string | FormData | undefined;
  /** Replaying is harmless even after the server saw the request (default: GET/HEAD/PUT/DELETE). */
  idempotent?: boolean | undefined;
  /** Retry 408/5xx answers (default: `idempotent`); 429 is always retried. */
  retryOnStatus?: boolean | undefined;
  signal?: AbortSignal | undefined;
  /** Filled in while the request runs (attempts, retries), readable after a failure too. */
  trace?: RequestTrace | undefined;
}

/** Sends requests through retry → timeout → fetch; resolves with any status, rejects with a SigmaError. */
export type Transport = (req: TransportSend) => Promise<Response>;

const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);

/** Builds a {@link Transport}; see the module comment. */
export function createTransport(options: TransportOptions = {}): Transport {
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const sleep = options.sleep ?? realSleep;
  const onRetry = options.onRetry;
  const handler = compose(
    [
      retryLayer({
        policy: options.retryPolicy ?? {},
        clock: { now: options.now ?? Date.now, sleep },
        ...(options.random ? { random: options.random } : {}),
        ...(onRetry ? { hooks: { onRetry: (req, info) => onRetry({ path: req.path, ...info }) } } : {}),
      }),
      timeoutLayer(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ],
    fetchHandler(fetchImpl),
  );
  return (req) => {
    const method = req.method.toUpperCase();
    const idempotent = req.idempotent ?? IDEMPOTENT.has(method);
    return handler({
      method,
      url: req.url,
      path: req.path ?? new URL(req.url).pathname,
      headers: req.headers ?? {},
      body: req.body,
      idempotent,
      retryOnStatus: req.retryOnStatus ?? idempotent,
      retryOn500: true,
      anonymous: true,
      signal: req.signal,
      trace: req.trace ?? newTrace(),
    });
  };
}
