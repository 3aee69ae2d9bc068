/** The innermost handler: calls fetch and turns its failures into SigmaConnectionError / AbortedError. */
import { SigmaConnectionError } from "../../errors.js";
import { classifyNetworkError } from "./network-error.js";
import { abortError } from "./sleep.js";
import type { FetchLike, Handler } from "./types.js";

/** Wraps a fetch implementation as the bottom of the pipeline. */
export function fetchHandler(fetchImpl: FetchLike): Handler {
  return async (req) => {
    req.trace.attempts += 1;
    try {
      return await fetchImpl(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal: req.signal,
        // Sigma never redirects API calls; following one could send the bearer to another host.
        redirect: "manual",
      });
    } catch (err) {
      // The timeout layer tells its own timer apart from the caller's abort.
      if (req.signal?.aborted) throw abortError(req.signal);
      const { message, neverSent, permanent } = classifyNetworkError(err);
      throw new SigmaConnectionError({ request: req, message, neverSent, permanent, cause: err });
    }
  };
}
