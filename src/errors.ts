/**
 * The one error hierarchy of sigmactl.
 *
 *   SigmaError
 *   ├─ UserError                      bad input or configuration (exit 3); never printed with a stack
 *   │   └─ ConfigError
 *   ├─ SigmaApiError                  Sigma answered with a non-2xx status
 *   │   ├─ BadRequestError (400)
 *   │   ├─ AuthenticationError (401)  also bad client id/secret at the token exchange
 *   │   ├─ PermissionDeniedError (403)
 *   │   ├─ NotFoundError (404)
 *   │   ├─ ConflictError (409)
 *   │   ├─ RateLimitError (429)
 *   │   └─ ServerError (5xx)
 *   ├─ SigmaConnectionError           the request never got an HTTP answer
 *   │   └─ SigmaTimeoutError          a per-request timeout fired
 *   ├─ ResponseValidationError        Sigma answered 2xx with a body we cannot read
 *   ├─ JobFailedError                 a job ran and some of its work failed (exit 1)
 *   ├─ JobTimeoutError                a job's deadline passed (exit 2)
 *   └─ LocalIoError                   a local file could not be written: disk full, quota, read-only (exit 6)
 *
 * Anything that is not a SigmaError is an internal bug.
 * Messages never contain secrets: see redact.ts.
 */
import { redact } from "./redact.js";

/** Base class of every error sigmactl throws on purpose. */
export class SigmaError extends Error {
  override name = "SigmaError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(redact(message), options);
  }
}

/** A mistake of the user (bad flag, bad config, unknown document): short message, optional suggestions. */
export class UserError extends SigmaError {
  override name = "UserError";
  readonly suggestions: string[];
  constructor(message: string, options?: { cause?: unknown; suggestions?: string[] }) {
    super(message, options);
    this.suggestions = options?.suggestions ?? [];
  }
}

/** Invalid or missing configuration (flags, environment, config file). */
export class ConfigError extends UserError {
  override name = "ConfigError";
}

/** What is known about the request that failed; never holds headers or bodies with secrets. */
export interface RequestInfo {
  method: string;
  /** Path with query string, relative to the base URL (e.g. `/v2/workbooks?limit=1000`). */
  path: string;
}

/** Sigma answered with a non-2xx status. */
export class SigmaApiError extends SigmaError {
  override name = "SigmaApiError";
  readonly status: number;
  /** Sigma's machine-readable error code (`unauthorized`, `inode_archived`, ...), when it sent one. */
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  readonly method: string;
  readonly path: string;
  /** The server's message (redacted), or a short excerpt of a non-JSON body. */
  readonly apiMessage: string | undefined;
  /** The error answer's JSON body as sent, when it was JSON (`sigmactl api` prints it). */
  readonly body: unknown;

  constructor(args: {
    status: number;
    code?: string | undefined;
    message?: string | undefined;
    body?: unknown;
    requestId?: string | undefined;
    request: RequestInfo;
    cause?: unknown;
  }) {
    const detail = args.message ? `: ${args.message}` : "";
    const code = args.code ? ` ${args.code}` : "";
    const rid = args.requestId ? ` (requestId ${args.requestId})` : "";
    super(`${args.request.method} ${args.request.path} failed with ${args.status}${code}${detail}${rid}`, {
      cause: args.cause,
    });
    this.status = args.status;
    this.code = args.code;
    this.requestId = args.requestId;
    this.method = args.request.method;
    this.path = redact(args.request.path);
    this.apiMessage = args.message === undefined ? undefined : redact(args.message);
    // Redacted like the message: a careless server may echo the secret or the token it got.
    this.body = args.body === undefined ? undefined : (JSON.parse(redact(JSON.stringify(args.body))) as unknown);
  }

  /** Builds the subclass that matches the status. The only place that knows the mapping. */
  static from(args: ConstructorParameters<typeof SigmaApiError>[0] & { retryAfterMs?: number | undefined }): SigmaApiError {
    const s = args.status;
    if (s === 400) return new BadRequestError(args);
    if (s === 401) return new AuthenticationError(args);
    if (s === 403) return new PermissionDeniedError(args);
    if (s === 404) return new NotFoundError(args);
    if (s === 409) return new ConflictError(args);
    if (s === 429) return new RateLimitError({ ...args, retryAfterMs: args.retryAfterMs });
    if (s >= 500) return new ServerError(args);
    return new SigmaApiError(args);
  }
}

/** 400: Sigma rejected the request's parameters. */
export class BadRequestError extends SigmaApiError {
  override name = "BadRequestError";
}
/** 401, or a refused client-credentials exchange: credentials are wrong or the token is no longer valid. */
export class AuthenticationError extends SigmaApiError {
  override name = "AuthenticationError";
}
/** 403: the credentials' owner may not see or do this. */
export class PermissionDeniedError extends SigmaApiError {
  override name = "PermissionDeniedError";
}
/** 404: unknown id, wrong path, or wrong regional host. */
export class NotFoundError extends SigmaApiError {
  override name = "NotFoundError";
}
/** 409: conflict (duplicate, archived inode, already running). */
export class ConflictError extends SigmaApiError {
  override name = "ConflictError";
}
/** 429: rate limited, after the client's own retries. */
export class RateLimitError extends SigmaApiError {
  override name = "RateLimitError";
  readonly retryAfterMs: number | undefined;
  constructor(args: ConstructorParameters<typeof SigmaApiError>[0] & { retryAfterMs?: number | undefined }) {
    super(args);
    this.retryAfterMs = args.retryAfterMs;
  }
}
/** 5xx from Sigma or a proxy in front of it. */
export class ServerError extends SigmaApiError {
  override name = "ServerError";
}

/** The request got no HTTP answer (DNS, refused, reset, aborted by the network). */
export class SigmaConnectionError extends SigmaError {
  override name = "SigmaConnectionError";
  readonly method: string;
  readonly path: string;
  /** True when the request provably never reached the server (connection refused, DNS failure). */
  readonly neverSent: boolean;
  /** True when trying again cannot help (fetch refuses the URL itself, e.g. a blocked port). */
  readonly permanent: boolean;
  constructor(args: { request: RequestInfo; message: string; neverSent?: boolean; permanent?: boolean; cause?: unknown }) {
    super(`${args.request.method} ${args.request.path}: ${args.message}`, { cause: args.cause });
    this.method = args.request.method;
    this.path = redact(args.request.path);
    this.neverSent = args.neverSent ?? false;
    this.permanent = args.permanent ?? false;
  }
}

/** A single request took longer than the configured per-request timeout. */
export class SigmaTimeoutError extends SigmaConnectionError {
  override name = "SigmaTimeoutError";
}

/** Sigma answered 2xx but the body does not match the expected shape. Not an API error: a contract break. */
export class ResponseValidationError extends SigmaError {
  override name = "ResponseValidationError";
  readonly method: string;
  readonly path: string;
  readonly issues: string[];
  constructor(args: { request: RequestInfo; issues: string[]; cause?: unknown }) {
    super(
      `${args.request.method} ${args.request.path}: unexpected response shape: ${args.issues.slice(0, 5).join("; ")}`,
      { cause: args.cause },
    );
    this.method = args.request.method;
    this.path = redact(args.request.path);
    this.issues = args.issues.map(redact);
  }
}

/** A job finished and some of its work failed (a materialization failed, documents were skipped). */
export class JobFailedError extends SigmaError {
  override name = "JobFailedError";
}

/** A job's deadline passed before its work finished. */
export class JobTimeoutError extends SigmaError {
  override name = "JobTimeoutError";
}

/** The operation was cancelled through an AbortSignal. */
export class AbortedError extends SigmaError {
  override name = "AbortedError";
}

/**
 * A local file could not be written or created (disk full, quota exceeded, read-only or failing
 * file system). The user's environment, not a bug: short message, hints, no stack. Whatever was
 * being written was discarded, never left half-written under its final name.
 */
export class LocalIoError extends SigmaError {
  override name = "LocalIoError";
  /** The errno code (`ENOSPC`, `EDQUOT`, `EROFS`, ...). */
  readonly code: string;
  /** The file or directory concerned. */
  readonly path: string;
  readonly suggestions: string[];
  constructor(args: { message: string; code: string; path: string; cause?: unknown; suggestions?: string[] }) {
    super(args.message, { cause: args.cause });
    this.code = args.code;
    this.path = args.path;
    this.suggestions = args.suggestions ?? [];
  }
}
