/** Retries transient failures according to retry-policy.ts, waiting on the injected clock. */
import { SigmaTimeoutError } from "../../errors.js";
import { DEFAULT_RETRY_POLICY, retryDelay, shouldRetry, type RetryPolicy } from "./retry-policy.js";
import type { Clock, Layer, TransportRequest } from "./types.js";

/** Observers of every attempt (stats, the adaptive limiter, verbose logs). */
export interface RetryHooks {
  /** Called after each attempt with its response or error. */
  onAttempt?(req: TransportRequest, outcome: Response | unknown): void;
  /**
   * Called before waiting for a retry. `attempt` is the retry's number (1 = first retry),
   * `maxAttempts` the first attempt plus the retries allowed, `reason` the status (`429`)
   * or a short description of the error.
   */
  onRetry?(req: TransportRequest, info: { attempt: number; maxAttempts: number; delayMs: number; reason: string }): void;
}

/** Options of {@link retryLayer}. */
export interface RetryOptions {
  policy?: Partial<RetryPolicy>;
  clock: Clock;
  /** Uniform random in [0, 1) for jitter (default Math.random). */
  random?: () => number;
  hooks?: RetryHooks;
}

/** Why an attempt failed, without the request line the caller already prints. */
function describe(req: TransportRequest, outcome: unknown): string {
  if (outcome instanceof Response) return String(outcome.status);
  if (outcome instanceof SigmaTimeoutError) return "a timeout";
  const message = outcome instanceof Error ? outcome.message : String(outcome);
  const prefix = `${req.method} ${req.path}: `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

/** Retries idempotent requests on network errors, 408 and 5xx, and every request on 429, with backoff and Retry-After. */
export function retryLayer(options: RetryOptions): Layer {
  // Undefined fields keep their defaults: `{ maxRetries: undefined }` spread over the defaults
  // would make `attempt >= maxRetries` never true and retry forever.
  const given = Object.entries(options.policy ?? {}).filter(([, v]) => v !== undefined);
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...(Object.fromEntries(given) as Partial<RetryPolicy>) };
  const random = options.random ?? Math.random;
  const { clock, hooks } = options;
  return (next) => async (req) => {
    for (let attempt = 0; ; attempt++) {
      // The bearer of each attempt is set below, by the rate-limit layer, once a slot is granted.
      req.trace.lastAttemptAt = clock.now();
      let outcome: Response | unknown;
      try {
        outcome = await next(req);
      } catch (err) {
        outcome = err;
      }
      hooks?.onAttempt?.(req, outcome);
      if (!shouldRetry(req, outcome, attempt, policy)) {
        if (outcome instanceof Response) return outcome;
        throw outcome;
      }
      const res = outcome instanceof Response ? outcome : undefined;
      const delayMs = retryDelay(
        { attempt, status: res?.status, retryAfter: res?.headers.get("retry-after"), nowMs: clock.now(), random },
        policy,
      );
      // Free the connection of a response we are discarding.
      await res?.body?.cancel().catch(() => {});
      req.trace.retries += 1;
      if (res?.status === 500) req.trace.retriesAfter500 = (req.trace.retriesAfter500 ?? 0) + 1;
      hooks?.onRetry?.(req, { attempt: attempt + 1, maxAttempts: policy.maxRetries + 1, delayMs, reason: describe(req, outcome) });
      await clock.sleep(delayMs, req.signal);
    }
  };
}
