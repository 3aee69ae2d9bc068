/**
 * Per-attempt timeout. The timer covers the whole exchange, body included: the body is read
 * here into memory (Sigma answers are JSON), so a stalled body cannot hang a job and a
 * retried response never leaks a half-read socket.
 */
import { AbortedError, SigmaConnectionError, SigmaError, SigmaTimeoutError } from "../../errors.js";
import { classifyNetworkError } from "./network-error.js";
import { linkSignals } from "./linked-signal.js";
import { abortError } from "./sleep.js";
import { bufferedResponse, isBufferedResponse } from "./buffered-response.js";
import type { Layer } from "./types.js";

// Statuses whose Response must be built with a null body.
const NULL_BODY = new Set([101, 204, 205, 304]);

/** Options of {@link timeoutLayer}. */
export interface TimeoutOptions {
  /** Milliseconds per attempt (default 60 000). */
  timeoutMs?: number;
}

/** Aborts an attempt after `timeoutMs` (SigmaTimeoutError); a caller abort becomes AbortedError. */
export function timeoutLayer(options: TimeoutOptions = {}): Layer {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return (next) => async (req) => {
    const caller = req.signal;
    if (caller?.aborted) throw abortError(caller);
    const timer = new AbortController();
    const handle = setTimeout(() => timer.abort(), timeoutMs);
    const linked = caller ? linkSignals([caller, timer.signal]) : undefined;
    try {
      const res = await next({ ...req, signal: linked?.signal ?? timer.signal });
      if (isBufferedResponse(res)) return res;
      const body = NULL_BODY.has(res.status) ? null : new Uint8Array(await res.arrayBuffer());
      return bufferedResponse(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    } catch (err) {
      if (timer.signal.aborted && !caller?.aborted) {
        throw new SigmaTimeoutError({
          request: req,
          message: `no complete answer within ${timeoutMs} ms`,
          cause: err,
        });
      }
      if (caller?.aborted && !(err instanceof AbortedError)) throw abortError(caller);
      if (err instanceof SigmaError) throw err;
      // The headers arrived but the body broke off: the request was certainly sent.
      throw new SigmaConnectionError({ request: req, message: classifyNetworkError(err).message, cause: err });
    } finally {
      clearTimeout(handle);
      linked?.dispose();
    }
  };
}
