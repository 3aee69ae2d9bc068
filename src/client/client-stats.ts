/** Counters of one SigmaClient, fed by the retry layer's hooks. */
import type { Logger } from "./logger.js";
import { RetryNotifier } from "./retry-notice.js";
import type { AdaptiveLimiter } from "./transport/limiter.js";
import type { RetryHooks } from "./transport/retry-layer.js";

/** Counters of one client. */
export interface ClientStats {
  /** HTTP attempts sent, token exchanges and retries included. */
  requests: number;
  retries: number;
  /** 429 answers received. */
  rateLimited: number;
  /** 5xx answers received. */
  serverErrors: number;
  inFlight: number;
  peakInFlight: number;
  /** Bound on requests in flight (the configured concurrency). */
  concurrencyLimit: number;
  /** Requests per second the client paces itself at, learnt from 429s; null while unpaced. */
  pacedRate?: number | null;
  /** Successful token exchanges (the first one included). */
  tokenRefreshes: number;
  /** Entries (or bodies) that differed from Sigma's OpenAPI document (details: `client.drift()`). */
  driftEntries: number;
  /** List entries skipped because they lacked what sigmactl needs, e.g. their id. */
  skippedEntries: number;
}

/** Counts attempts (the rate-limit layer feeds the limiter itself). */
export class StatsRecorder {
  private readonly counts = { requests: 0, retries: 0, rateLimited: 0, serverErrors: 0 };
  private readonly notifier: RetryNotifier;

  /** `now` is the client's clock (the notice throttle runs on it). */
  constructor(
    private readonly limiter: AdaptiveLimiter,
    private readonly logger: Logger,
    now: () => number,
  ) {
    this.notifier = new RetryNotifier(logger, now);
  }

  /** Retry hooks, for the API requests and the token exchange alike. */
  hooks(): RetryHooks {
    return {
      onAttempt: (_req, outcome) => {
        this.counts.requests += 1;
        if (!(outcome instanceof Response)) return;
        if (outcome.status === 429) this.counts.rateLimited += 1;
        else if (outcome.status >= 500) this.counts.serverErrors += 1;
      },
      onRetry: (req, info) => {
        this.counts.retries += 1;
        this.logger.debug(`retry ${info.attempt} of ${req.method} ${req.path} in ${info.delayMs} ms after ${info.reason}`);
        this.notifier.onRetry({ ...info, method: req.method, path: req.path, nextAttempt: info.attempt + 1 });
      },
    };
  }

  /** A snapshot, given the token provider's exchange count and the drift recorder's counts. */
  snapshot(tokenRefreshes: number, drift: { driftEntries: number; skippedEntries: number }): ClientStats {
    const l = this.limiter.counters();
    return { ...this.counts, inFlight: l.inFlight, peakInFlight: l.peakInFlight, concurrencyLimit: l.limit, pacedRate: l.rate, tokenRefreshes, ...drift };
  }
}
