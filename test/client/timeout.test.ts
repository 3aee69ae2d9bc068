import { describe, expect, it } from "vitest";
import { AbortedError, SigmaTimeoutError } from "../../src/errors.js";
import { makeClient, scriptedFetch, tokenReply } from "./support.js";

/** A fetch whose API calls hang until their signal aborts (as real fetch does). */
function hangingFetch() {
  let calls = 0;
  const { fetch } = scriptedFetch((req, init) => {
    if (req.pathname === "/v2/auth/token") return Promise.resolve(new Response(JSON.stringify(tokenReply().json)));
    calls += 1;
    return new Promise<Response>((_, reject) => {
      init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")), { once: true });
    });
  });
  return { fetch, calls: () => calls };
}

describe("timeout layer", () => {
  it("turns a slow attempt into SigmaTimeoutError after timeoutMs, retrying idempotent calls", async () => {
    const h = hangingFetch();
    const { client } = makeClient(h.fetch, { timeoutMs: 20, maxRetries: 1 });
    const started = Date.now();
    const err = await client.whoami().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SigmaTimeoutError);
    expect((err as SigmaTimeoutError).message).toMatch(/GET \/v2\/whoami: no complete answer within 20 ms/);
    expect(h.calls()).toBe(2);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("does not retry a timed-out materialization trigger", async () => {
    const h = hangingFetch();
    const { client } = makeClient(h.fetch, { timeoutMs: 20 });
    await expect(client.workbooks.materialize("w", "s")).rejects.toBeInstanceOf(SigmaTimeoutError);
    expect(h.calls()).toBe(1);
  });

  it("turns a caller abort into AbortedError, not a timeout, and does not retry", async () => {
    const h = hangingFetch();
    const { client } = makeClient(h.fetch, { timeoutMs: 5_000 });
    const ac = new AbortController();
    const p = client.whoami({ signal: ac.signal });
    setTimeout(() => ac.abort(), 10);
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortedError);
    expect(err).not.toBeInstanceOf(SigmaTimeoutError);
    expect(h.calls()).toBe(1);
  });

  it("honours the client-wide signal (a job's deadline)", async () => {
    const h = hangingFetch();
    const ac = new AbortController();
    const { client } = makeClient(h.fetch, { timeoutMs: 5_000, signal: ac.signal });
    const p = client.whoami();
    setTimeout(() => ac.abort(), 10);
    await expect(p).rejects.toBeInstanceOf(AbortedError);
  });

  it("covers a body that stalls after the headers", async () => {
    const { fetch } = scriptedFetch((req, init) => {
      if (req.pathname === "/v2/auth/token") return new Response(JSON.stringify(tokenReply().json));
      const body = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"userId":'));
          init?.signal?.addEventListener("abort", () => controller.error(new DOMException("aborted", "AbortError")));
        },
      });
      return new Response(body, { headers: { "content-type": "application/json" } });
    });
    const { client } = makeClient(fetch, { timeoutMs: 20, maxRetries: 0 });
    await expect(client.whoami()).rejects.toBeInstanceOf(SigmaTimeoutError);
  });
});
