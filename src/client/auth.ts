/**
 * TokenProvider: the client-credentials exchange `POST {base}/v2/auth/token` (sigma-api-facts §1),
 * lazy, cached in memory, single-flight and refreshed before expiry.
 *
 * Retry decision for the token POST: it is not idempotent in the strict sense (each exchange
 * mints a new token) but it has no side effect worth protecting: a duplicate exchange only
 * leaves an unused token behind. It is therefore retried like a read: on answers that say "try
 * again" (408/429/5xx) and on every connection failure, resets and timeouts included (one reset
 * on the exchange must not end a long extraction), and never on 400/401 (the credentials are
 * wrong; retrying cannot help).
 */
import { ENDPOINTS } from "../api/endpoints.js";
import { AuthenticationError, ResponseValidationError, SigmaApiError } from "../errors.js";
import { registerSecret } from "../redact.js";
import { TokenResponseSchema } from "../schemas/index.js";
import { apiErrorFromResponse } from "./http-error.js";
import { linkSignals } from "./transport/linked-signal.js";
import { abortError, raceAbort } from "./transport/sleep.js";
import { newTrace, type Handler } from "./transport/types.js";
import type { TokenSource } from "./transport/auth-layer.js";
import { formatIssues } from "./validate.js";

/** Options of {@link TokenProvider}. */
export interface TokenProviderOptions {
  /** Normalized base URL (no trailing slash, no `/v2`). */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Sends the exchange (retry → timeout → fetch; no auth, no limiter). */
  send: Handler;
  now: () => number;
  /** The client-wide signal: cancels a running exchange (its retries and back-off included). */
  signal?: AbortSignal | undefined;
}

/** A running exchange, cancellable once nobody waits for it. */
interface PendingExchange {
  promise: Promise<CachedToken>;
  controller: AbortController;
  waiters: number;
}

interface CachedToken {
  token: string;
  /** Epoch ms after which the token is refreshed (expiry minus skew). */
  refreshAt: number;
  /** Number of the exchange that minted it (1 = the first). */
  generation: number;
  /** True once an attempt carried it (a refusal on the first use says more than a later one). */
  used: boolean;
}

// From the endpoint catalogue, like every other path.
const TOKEN_PATH = ENDPOINTS.token.path;

/**
 * Refresh margin: 10 % of the lifetime, at least 1 s but never more than half the lifetime,
 * at most 60 s. An hour-long token is refreshed 60 s early; a 1-2 s token (tests, the
 * emulator) after half its life, since 10 % of it (100-200 ms) is less than one slow attempt.
 */
export function refreshSkewMs(expiresInSeconds: number): number {
  const ms = expiresInSeconds * 1000;
  return Math.min(60_000, Math.max(ms / 10, Math.min(1_000, ms / 2)));
}

/** Owns the access token of one client. */
export class TokenProvider implements TokenSource {
  private cached: CachedToken | undefined;
  private pending: PendingExchange | undefined;
  private exchanges = 0;

  constructor(private readonly options: TokenProviderOptions) {
    registerSecret(options.clientSecret);
  }

  /** Number of successful exchanges so far (the first one included). */
  get refreshes(): number {
    return this.exchanges;
  }

  /** A valid token; concurrent callers share one exchange. @throws AuthenticationError on refused credentials. */
  async getToken(signal?: AbortSignal): Promise<string> {
    const c = this.cached;
    if (c && this.options.now() < c.refreshAt) return c.token;
    if (signal?.aborted) throw abortError(signal, "authentication");
    // The shared exchange is not tied to one caller's signal: a caller may stop waiting
    // without cancelling the exchange the others are waiting on. When the last one stops (or
    // the client's signal aborts), the exchange is cancelled: its retries could otherwise go
    // on for minutes (Retry-After) with nobody to use the token, keeping the process alive.
    const pending = (this.pending ??= this.start());
    pending.waiters += 1;
    try {
      return (await raceAbort(pending.promise, signal, "authentication")).token;
    } finally {
      pending.waiters -= 1;
      if (pending.waiters === 0 && this.pending === pending) pending.controller.abort();
    }
  }

  /** True when `token` is the cached token, fresh or not. */
  isCurrent(token: string): boolean {
    return this.cached?.token === token;
  }

  /** Forgets `token` if it is still the cached one (a 401 said it is no longer valid). */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  /** Marks the cached `token` as sent; true for its first use. */
  claimUse(token: string): boolean {
    const c = this.cached;
    if (c?.token !== token || c.used) return false;
    c.used = true;
    return true;
  }

  /** The exchange number of the cached `token`; 0 when it is not the cached one. */
  generation(token: string): number {
    return this.cached?.token === token ? this.cached.generation : 0;
  }

  private start(): PendingExchange {
    const controller = new AbortController();
    const linked = linkSignals([this.options.signal, controller.signal]);
    const promise = this.exchange(linked.signal).finally(() => {
      linked.dispose();
      if (this.pending?.promise === promise) this.pending = undefined;
    });
    // Waiters get the failure through their own handlers; this one only keeps an exchange
    // cancelled after its last waiter left from being reported as an unhandled rejection.
    promise.catch(() => {});
    return { promise, controller, waiters: 0 };
  }

  private async exchange(signal: AbortSignal): Promise<CachedToken> {
    const { baseUrl, clientId, clientSecret, send, now } = this.options;
    const body = new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret });
    const request = { method: "POST", path: TOKEN_PATH };
    const trace = newTrace();
    const before = now();
    const res = await send({
      ...request,
      url: baseUrl + TOKEN_PATH,
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: body.toString(),
      // No side effect worth protecting (see the header): retried like a read.
      idempotent: true,
      retryOnStatus: true,
      retryOn500: true,
      anonymous: true,
      signal,
      trace,
    });
    if (!res.ok) throw await this.refusal(res, request);
    // The lifetime counts from when the successful attempt left, not from when its answer
    // arrived: reading the clock afterwards would place the refresh after the real expiry.
    const issuedAt = trace.lastAttemptAt ?? before;
    let json: unknown;
    try {
      json = await res.json();
    } catch (cause) {
      throw new ResponseValidationError({ request, issues: ["body: not JSON"], cause });
    }
    const parsed = TokenResponseSchema.safeParse(json);
    if (!parsed.success) throw new ResponseValidationError({ request, issues: formatIssues(parsed.error) });
    const { access_token: token, expires_in: ttl } = parsed.data;
    if (token === "" || ttl <= 0) {
      throw new ResponseValidationError({ request, issues: ["access_token/expires_in: empty token or non-positive lifetime"] });
    }
    // Ephemeral: a new pair every expiry; only the recent ones are kept (redact.ts).
    registerSecret(token, { ephemeral: true });
    registerSecret(parsed.data.refresh_token, { ephemeral: true });
    this.exchanges += 1;
    const cached = { token, refreshAt: issuedAt + ttl * 1000 - refreshSkewMs(ttl), generation: this.exchanges, used: false };
    this.cached = cached;
    return cached;
  }

  private async refusal(res: Response, request: { method: string; path: string }): Promise<SigmaApiError> {
    const err = await apiErrorFromResponse(res, request, this.options.now());
    if (res.status !== 400 && res.status !== 401) return err;
    const host = new URL(this.options.baseUrl).host;
    return new AuthenticationError({
      status: res.status,
      code: err.code,
      requestId: err.requestId,
      request,
      message:
        `the Sigma API at ${host} refused the client id/secret` +
        (err.apiMessage ? ` (${err.apiMessage})` : "") +
        `: check SIGMA_CLIENT_ID / SIGMA_CLIENT_SECRET and that ${host} is your organization's API host`,
      // Sigma's own answer (status, code, message), for --verbose and library callers.
      cause: err,
    });
  }
}
