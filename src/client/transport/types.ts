/**
 * The transport contract: every cross-cutting concern is a Layer `(next) => (req) => Promise<Response>`,
 * composed in a fixed order auth → retry → rate limit → timeout → fetch (see pipeline.ts).
 */

/**
 * A request as it travels through the layers. Bodies are strings or forms, both replayable
 * (a form's file-backed Blobs are re-read on each attempt).
 */
export interface TransportRequest {
  method: string;
  /** Absolute URL. */
  url: string;
  /** Path and query relative to the base URL, for messages and logs (never holds secrets). */
  path: string;
  headers: Record<string, string>;
  body?: string | FormData | undefined;
  /**
   * True when replaying is harmless even if the first attempt reached the server
   * (GET/HEAD/PUT/DELETE by default). Connection errors after sending are only retried then.
   */
  idempotent: boolean;
  /**
   * Retry 408/5xx answers. Defaults to `idempotent`; the token exchange sets it on its own.
   * A 429 is retried whatever this says: it is a refusal, nothing was started (retry-policy.ts).
   */
  retryOnStatus: boolean;
  /**
   * Retry 500 answers: true, false, or "once" where a 500 is usually an ordinary answer but may
   * be transient (element lineage: "no lineage" and a real failure look the same; one retry is cheap).
   */
  retryOn500: boolean | "once";
  /** Skip the auth layer (the token exchange itself). */
  anonymous?: boolean;
  /**
   * Set by the auth layer: the Authorization value to send now. The rate-limit layer calls it
   * before every attempt, once its slot is granted, since a bearer attached before a wait in the
   * limiter queue or in back-off may have expired by the time the attempt leaves.
   */
  authorize?: (() => Promise<string>) | undefined;
  /** The caller's cancellation signal (already combined with the client's). */
  signal?: AbortSignal | undefined;
  /** Filled in by the layers while the request runs. */
  trace: RequestTrace;
}

/** What the layers record about one logical request. */
export interface RequestTrace {
  /** HTTP attempts made (first try + retries + auth replay). */
  attempts: number;
  /** Retries made by the retry layer. */
  retries: number;
  /** Of those, retries after a 500 (bounded to one where `retryOn500` is "once"). */
  retriesAfter500?: number;
  /** The limiter epoch the latest attempt was admitted in (the limiter ignores answers from older epochs). */
  limiterEpoch?: number;
  /** Clock time at which the retry layer sent the latest attempt (token lifetimes count from it). */
  lastAttemptAt?: number;
}

/** Sends one request and resolves with the response (any status) or rejects with a SigmaError. */
export type Handler = (req: TransportRequest) => Promise<Response>;

/** A cross-cutting concern wrapped around the next handler. */
export type Layer = (next: Handler) => Handler;

/** The standard `fetch` signature, injectable for tests and the in-process emulator. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Time sources, injectable so tests never wait on real timers. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, rejects with AbortedError when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Creates a fresh trace. */
export function newTrace(): RequestTrace {
  return { attempts: 0, retries: 0 };
}
