import { describe, expect, it } from "vitest";
import { apiErrorFromResponse, excerpt } from "../../src/client/http-error.js";
import { ConflictError, NotFoundError, RateLimitError, ServerError, SigmaApiError } from "../../src/errors.js";

const request = { method: "GET", path: "/v2/datasets/d1/sources" };
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

describe("apiErrorFromResponse", () => {
  it("reads Sigma's {code, message, requestId}", async () => {
    const err = await apiErrorFromResponse(json(409, { code: "inode_archived", message: "archived", requestId: "r-1" }), request);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err).toMatchObject({ status: 409, code: "inode_archived", requestId: "r-1", apiMessage: "archived" });
    expect(err.message).toBe("GET /v2/datasets/d1/sources failed with 409 inode_archived: archived (requestId r-1)");
  });

  it("tolerates a nested {error:{...}} body and falls back to X-Request-Id", async () => {
    const err = await apiErrorFromResponse(json(500, { error: { code: "service_error", message: "boom" } }, { "x-request-id": "hdr-9" }), request);
    expect(err).toBeInstanceOf(ServerError);
    expect(err).toMatchObject({ code: "service_error", apiMessage: "boom", requestId: "hdr-9" });
  });

  it("keeps a short excerpt of an HTML proxy page", async () => {
    const html = `<html><head><title>Error 1015 | Rate limited</title></head><body>${"x".repeat(5000)}</body></html>`;
    const err = await apiErrorFromResponse(new Response(html, { status: 429, headers: { "retry-after": "30" } }), request, 0);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.apiMessage).toBe("Error 1015 | Rate limited");
    expect((err as RateLimitError).retryAfterMs).toBe(30_000);
  });

  it("truncates long plain-text bodies", () => {
    expect(excerpt("a ".repeat(400))?.length).toBeLessThanOrEqual(201);
    expect(excerpt("   ")).toBeUndefined();
  });

  it("names Sigma's unknown-route 404 from its errorcause header", async () => {
    const err = await apiErrorFromResponse(new Response("", { status: 404, headers: { errorcause: "UnmatchedHandler" } }), request);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toContain("errorcause UnmatchedHandler");
  });

  it("maps other statuses to the base class", async () => {
    const err = await apiErrorFromResponse(new Response("gone", { status: 410 }), request);
    expect(err.constructor).toBe(SigmaApiError);
    expect(err.apiMessage).toBe("gone");
  });
});
