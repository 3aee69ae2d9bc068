/**
 * Retry policy as data plus pure functions, unit-tested without sleeping.
 * Sources: sigma-api-facts §6.3 (Cloudflare 429s often lack Retry-After; lineage 500 is ordinary),
 * ky's retry-timing and openai-node's shouldRetry.
 */
import { AbortedError, SigmaConnectionError } from "../../errors.js";
import type { TransportRequest } from "./types.js";

/** Tunables of the retry layer. */
export interface RetryPolicy {
  /** Retries after the first attempt (default 5). */
  maxRetries: number;
  /** First backoff ceiling in ms (default 500); doubles per attempt. */
  baseDelayMs: number;
  /** Largest backoff ceiling in ms (default 30 000). */
  maxDelayMs: number;
  /** Largest Retry-After honoured, in ms (default 120 000); longer hints are clamped. */
  maxRetryAfterMs: number;
  /** Minimum wait after a 429 without Retry-After (default 2 000; Cloudflare burst limits). */
  rateLimitFloorMs: number;
}

/** The default policy. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  rateLimitFloorMs: 2_000,
};

/** Statuses worth another try: request timeout, rate limit, server and gateway errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Decides whether attempt number `attempt` (0 = first) should be followed by another.
 *
 * A request that starts work (a materialization trigger) is replayed only when the first
 * attempt provably started nothing, since a replay could start a second run:
 *  - a 429 is such proof: Sigma (or its Cloudflare edge) refused to process the request, so it
 *    is retried for every request, with the same Retry-After / 2 s floor as reads;
 *  - a connection refused or a failed DNS lookup (`neverSent`) is the other;
 *  - a 5xx, 408, timeout or reset after sending is not: the server may have started the work.
 */
export function shouldRetry(
  req: Pick<TransportRequest, "idempotent" | "retryOnStatus" | "retryOn500"> & { trace?: Pick<TransportRequest["trace"], "retriesAfter500"> },
  outcome: Response | unknown,
  attempt: number,
  policy: Pick<RetryPolicy, "maxRetries">,
): boolean {
  if (attempt >= policy.maxRetries) return false;
  if (outcome instanceof Response) {
    if (outcome.status === 429) return true;
    if (!req.retryOnStatus || !isRetryableStatus(outcome.status)) return false;
    if (outcome.status !== 500 || req.retryOn500 === true) return true;
    return req.retryOn500 === "once" && (req.trace?.retriesAfter500 ?? 0) === 0;
  }
  if (outcome instanceof AbortedError) return false;
  if (outcome instanceof SigmaConnectionError) return !outcome.permanent && (outcome.neverSent || req.idempotent);
  // Anything else (a bug, a validation error) is not a transient condition.
  return false;
}

/**
 * Parses a Retry-After value (delay-seconds or an HTTP date) into milliseconds from `nowMs`.
 * Returns undefined when absent or unreadable; a date in the past gives 0.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (v === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  // HTTP dates (IMF-fixdate, RFC 850, asctime) always name a month; V8's Date.parse would
  // otherwise accept strings like "-5" as a year.
  if (!/[A-Za-z]{3}/.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Inputs of {@link retryDelay}. */
export interface DelayInput {
  /** Number of the attempt that just failed (0 = first). */
  attempt: number;
  /** Status of the failed attempt, when it got an answer. */
  status?: number | undefined;
  /** Raw Retry-After header of that answer. */
  retryAfter?: string | null | undefined;
  nowMs: number;
  /** Uniform random in [0, 1). */
  random: () => number;
}

/** Spread added after a fixed wait: a quarter of it, at most 1 s. */
function spread(waitMs: number, random: () => number): number {
  return Math.floor(random() * Math.min(waitMs / 4, 1_000));
}

/**
 * Milliseconds to wait before the next attempt: Retry-After when given (clamped to the cap),
 * else capped exponential backoff with full jitter; a 429 waits at least `rateLimitFloorMs`.
 * A fixed wait (Retry-After, the 429 floor) gets up to a quarter more (at most 1 s), so the
 * requests refused together do not all come back in the same instant.
 */
export function retryDelay(input: DelayInput, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  const hinted = parseRetryAfter(input.retryAfter, input.nowMs);
  if (hinted !== undefined) {
    const wait = Math.min(hinted, policy.maxRetryAfterMs);
    return wait + spread(wait, input.random);
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** input.attempt);
  const jittered = Math.floor(input.random() * ceiling);
  if (input.status !== 429) return jittered;
  return jittered >= policy.rateLimitFloorMs ? jittered : policy.rateLimitFloorMs + spread(policy.rateLimitFloorMs, input.random);
}
