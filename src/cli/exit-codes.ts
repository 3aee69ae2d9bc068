/**
 * The one exit-code table, shared by every command (documented in README.md).
 *
 * | code | meaning                                                 |
 * |------|---------------------------------------------------------|
 * | 0    | success                                                 |
 * | 1    | the job ran and some of its work failed                 |
 * | 2    | timed out (the remote work may still finish)            |
 * | 3    | usage or configuration error                            |
 * | 4    | authentication or permission error                      |
 * | 5    | API or network error after retries                      |
 * | 6    | local file error: disk full, quota, read-only file system |
 * | 7    | `api`: the API answered a 4xx that was not retried (401/403 stay 4) |
 * | 70   | internal error (a bug in sigmactl: please report it)    |
 * | 130  | interrupted by SIGINT (Ctrl-C); 143 for SIGTERM (set in main.ts, the shell convention) |
 */
import {
  AbortedError,
  AuthenticationError,
  JobFailedError,
  LocalIoError,
  JobTimeoutError,
  PermissionDeniedError,
  SigmaApiError,
  SigmaConnectionError,
  SigmaError,
  UserError,
  ResponseValidationError,
} from "../errors.js";

/** Process exit codes used by the sigmactl CLI. */
export const ExitCode = {
  Success: 0,
  JobFailed: 1,
  TimedOut: 2,
  Usage: 3,
  Auth: 4,
  Api: 5,
  Io: 6,
  ApiClientError: 7,
  Internal: 70,
  Interrupted: 130,
  Terminated: 143,
} as const;

/** One of the values of {@link ExitCode}. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** `sigmactl api`: the API answered a 4xx that was not retried (its own exit code, 7, so scripts tell it from network trouble). */
export class ApiClientError extends SigmaError {
  override name = "ApiClientError";
  readonly status: number;
  constructor(readonly apiError: SigmaApiError) {
    super(apiError.message, { cause: apiError });
    this.status = apiError.status;
  }
}

/** Maps any thrown value to its exit code. */
export function exitCodeFor(err: unknown): ExitCode {
  if (err instanceof ApiClientError) return ExitCode.ApiClientError;
  if (err instanceof UserError) return ExitCode.Usage;
  if (err instanceof LocalIoError) return ExitCode.Io;
  if (err instanceof AuthenticationError || err instanceof PermissionDeniedError) return ExitCode.Auth;
  if (err instanceof JobTimeoutError) return ExitCode.TimedOut;
  if (err instanceof JobFailedError) return ExitCode.JobFailed;
  if (err instanceof SigmaApiError || err instanceof SigmaConnectionError || err instanceof ResponseValidationError)
    return ExitCode.Api;
  if (err instanceof AbortedError) return ExitCode.JobFailed;
  if (err instanceof SigmaError) return ExitCode.Api;
  return ExitCode.Internal;
}

/**
 * The exit code of a run stopped by a signal: 130 for SIGINT (Ctrl-C), 143 for SIGTERM (128 +
 * its number, the shell convention). main.ts aborts the shutdown signal with `{signal}` as reason.
 */
export function signalExitCode(signal: AbortSignal): ExitCode {
  const reason = signal.reason as { signal?: unknown } | undefined;
  return reason?.signal === "SIGTERM" ? ExitCode.Terminated : ExitCode.Interrupted;
}
