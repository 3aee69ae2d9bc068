import { afterEach, describe, expect, it } from "vitest";
import {
  AuthenticationError,
  BadRequestError,
  ConfigError,
  ConflictError,
  JobFailedError,
  JobTimeoutError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  SigmaApiError,
  SigmaConnectionError,
  SigmaTimeoutError,
  ResponseValidationError,
} from "../../src/errors.js";
import { clearSecrets, redact, registerSecret } from "../../src/redact.js";
import { ExitCode, exitCodeFor } from "../../src/cli/exit-codes.js";

const request = { method: "GET", path: "/v2/workbooks" };

describe("SigmaApiError.from", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [429, RateLimitError],
    [500, ServerError],
    [503, ServerError],
  ])("maps %i to its subclass", (status, cls) => {
    const err = SigmaApiError.from({ status, request, code: "x", message: "m", requestId: "r1" });
    expect(err).toBeInstanceOf(cls);
    expect(err).toBeInstanceOf(SigmaApiError);
    expect(err.status).toBe(status);
    expect(err.message).toContain("GET /v2/workbooks failed with");
    expect(err.message).toContain("requestId r1");
  });

  it("keeps an unmapped 4xx as a plain SigmaApiError", () => {
    const err = SigmaApiError.from({ status: 418, request });
    expect(err.constructor).toBe(SigmaApiError);
  });
});

describe("redaction", () => {
  afterEach(() => clearSecrets());

  it("removes registered secrets and secret-looking fields", () => {
    registerSecret("s3cr3t-value-123456");
    const text = redact(
      "client_secret=s3cr3t-value-123456&grant_type=client_credentials Authorization: Bearer abcdefghijklmnop {\"access_token\":\"tok-123456789\"}",
    );
    expect(text).not.toContain("s3cr3t-value-123456");
    expect(text).not.toContain("abcdefghijklmnop");
    expect(text).not.toContain("tok-123456789");
    expect(text).toContain("grant_type=client_credentials");
  });

  it("applies to error messages at construction", () => {
    registerSecret("another-secret-abcdef");
    const err = new SigmaConnectionError({ request, message: "boom another-secret-abcdef" });
    expect(err.message).not.toContain("another-secret-abcdef");
  });

  it("leaves page tokens alone", () => {
    expect(redact("pageToken=abc123456789")).toBe("pageToken=abc123456789");
  });
});

describe("exit codes", () => {
  it("follows the documented table", () => {
    expect(exitCodeFor(new ConfigError("bad"))).toBe(ExitCode.Usage);
    expect(exitCodeFor(SigmaApiError.from({ status: 401, request }))).toBe(ExitCode.Auth);
    expect(exitCodeFor(SigmaApiError.from({ status: 403, request }))).toBe(ExitCode.Auth);
    expect(exitCodeFor(SigmaApiError.from({ status: 404, request }))).toBe(ExitCode.Api);
    expect(exitCodeFor(SigmaApiError.from({ status: 503, request }))).toBe(ExitCode.Api);
    expect(exitCodeFor(new SigmaTimeoutError({ request, message: "t" }))).toBe(ExitCode.Api);
    expect(exitCodeFor(new ResponseValidationError({ request, issues: ["x"] }))).toBe(ExitCode.Api);
    expect(exitCodeFor(new JobFailedError("f"))).toBe(ExitCode.JobFailed);
    expect(exitCodeFor(new JobTimeoutError("t"))).toBe(ExitCode.TimedOut);
    expect(exitCodeFor(new TypeError("bug"))).toBe(ExitCode.Internal);
  });
});
