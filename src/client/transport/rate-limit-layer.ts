/**
 * Holds one limiter slot per *attempt* (the retry layer sits outside), so a request waiting
 * out a back-off or a Retry-After frees its slot for others; retries still queue here, so a
 * burst of retries cannot exceed the concurrency bound or the learnt rate.
 *
 * The bearer is chosen here, once the slot is granted: a wait in the queue (pacing at a learnt
 * rate can be long) may outlast a short-lived token chosen before it.
 */
import type { AdaptiveLimiter } from "./limiter.js";
import type { Layer } from "./types.js";

/** Admits attempts through `limiter` and tells it which answers were 429s. */
export function rateLimitLayer(limiter: AdaptiveLimiter): Layer {
  return (next) => async (req) => {
    const epoch = await limiter.acquire(req.signal);
    req.trace.limiterEpoch = epoch;
    let res: Response;
    try {
      const authorization = req.authorize ? await req.authorize() : undefined;
      const sent = authorization === undefined ? req : { ...req, headers: { ...req.headers, authorization } };
      res = await next(sent);
      if (res.status === 429) limiter.onRateLimited(epoch);
      else limiter.onSuccess(epoch);
    } finally {
      limiter.release();
    }
    // A 2xx answer goes back to its caller one event-loop turn later: the request that was
    // waiting for this slot is sent first. Otherwise the caller's work on the answer (parsing
    // and checking a page of entries: milliseconds) ran before the next request left, and on a
    // busy extraction slots sat idle for that long after every answer. Refusals (401, 429, 5xx)
    // go back at once: the layers above must act on them (a new token, a back-off) before the
    // waiting requests leave with what was just refused.
    if (res.ok) await new Promise<void>((resolve) => setImmediate(resolve));
    return res;
  };
}
