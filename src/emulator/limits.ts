/**
 * Sigma's list limits and the emulator's load limits, in one place.
 *
 * Page size: default 50, maximum 1,000 (sigma-api-facts §4.1). What Sigma does with limit > 1000 is
 * not evidenced; the emulator CLAMPS it to 1000 (a client asking for more just gets pages of
 * 1000). A limit that is not a positive whole number, or a page that is not a decimal offset,
 * is a 400 invalid_request. Token-style lists (`pageSize`) use the same default and maximum.
 *
 * Load: a per-client token bucket (rps, burst) and a cap on requests in flight; both answer
 * 429 like Sigma's Cloudflare edge (sigma-api-facts §6.3). Buckets refill by the emulator clock.
 */

/** Default page size of page/limit and pageToken/pageSize lists. */
export const DEFAULT_PAGE_SIZE = 50;
/** Largest page Sigma serves. */
export const MAX_PAGE_SIZE = 1000;

/** Rate-limit configuration: sustained requests per second and bucket size. */
export interface RateLimitOptions {
  rps: number;
  /** Bucket capacity (default: max(1, rps)). */
  burst?: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Per-client token buckets. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly burst: number;

  constructor(private readonly options: RateLimitOptions) {
    if (!(options.rps > 0)) throw new RangeError(`rateLimit.rps must be > 0, got ${options.rps}`);
    this.burst = options.burst ?? Math.max(1, options.rps);
    if (!(this.burst >= 1)) throw new RangeError(`rateLimit.burst must be >= 1, got ${options.burst}`);
  }

  /** Takes one token for `client`; returns 0 when allowed, else the seconds until one is available. */
  take(client: string, nowMs: number): number {
    let b = this.buckets.get(client);
    if (!b) {
      b = { tokens: this.burst, updatedAt: nowMs };
      this.buckets.set(client, b);
    }
    const elapsed = Math.max(0, nowMs - b.updatedAt) / 1000;
    b.tokens = Math.min(this.burst, b.tokens + elapsed * this.options.rps);
    b.updatedAt = nowMs;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return (1 - b.tokens) / this.options.rps;
  }

  /** Forgets every bucket. */
  reset(): void {
    this.buckets.clear();
  }
}
