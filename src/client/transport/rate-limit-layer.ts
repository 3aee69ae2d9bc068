/**
 * Holds one limiter slot per logical request, retries included (the retry layer sits inside),
 * so a burst of retries cannot exceed the concurrency bound.
 */
import type { AdaptiveLimiter } from "./limiter.js";
import type { Layer } from "./types.js";

/** Admits requests through `limiter`; 429 feedback reaches it from the retry hooks. */
export function rateLimitLayer(limiter: AdaptiveLimiter): Layer {
  return (next) => async (req) => {
    req.trace.limiterEpoch = await limiter.acquire(req.signal);
    try {
      return await next(req);
    } finally {
      limiter.release();
    }
  };
}
