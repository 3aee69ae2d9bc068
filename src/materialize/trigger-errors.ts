/**
 * What a failed trigger POST means for the job. The client retries a trigger only when the work
 * provably did not start (429, refused connection); never after 5xx, a timeout or a reset, since
 * a retry could start a second run. So the message says whether Sigma may have started it anyway.
 */
import { AuthenticationError, PermissionDeniedError, RateLimitError, SigmaApiError, SigmaConnectionError, type SigmaError } from "../errors.js";
import type { JobStatus } from "./types.js";

/**
 * The status and message recorded for a trigger that failed with `err`, and whether Sigma may
 * have started the run anyway (`maybeStarted`: what the trigger journal records).
 */
export function triggerFailure(err: unknown): { status: JobStatus; message: string; maybeStarted: boolean } {
  const msg = (err as SigmaError).message;
  if (err instanceof RateLimitError) {
    // The client already retried the 429s (each a refusal): nothing was started.
    return { status: "error", maybeStarted: false, message: `not started: Sigma answered 429 (rate limited), so no run began and running it again is safe: ${msg}` };
  }
  if (err instanceof AuthenticationError || err instanceof PermissionDeniedError || (err instanceof SigmaConnectionError && err.neverSent)) {
    return { status: "error", maybeStarted: false, message: `not started: ${msg}` };
  }
  if (err instanceof SigmaApiError && err.status === 409) {
    return {
      maybeStarted: false,
      status: "failed",
      message: `Sigma refused to start it (409 conflict), probably because a run of this element is already in progress that sigmactl did not start, so there is no job id to follow: ${err.apiMessage ?? msg}`,
    };
  }
  if (err instanceof SigmaApiError && err.status >= 400 && err.status < 500) {
    return { status: "failed", maybeStarted: false, message: `Sigma refused to start it (${err.status}): ${err.apiMessage ?? msg}` };
  }
  return {
    status: "error",
    maybeStarted: true,
    message: `the trigger request failed (${msg}); Sigma may or may not have started a run. sigmactl never retries a trigger that may have reached Sigma, because a retry could start a second run: check the element in Sigma before running again`,
  };
}
