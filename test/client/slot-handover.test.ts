/**
 * A freed request slot goes to the waiting request before the answer's caller runs: the next
 * request leaves first, so the caller's work on the answer (parsing a page: milliseconds on a
 * busy extraction) never keeps a slot idle.
 */
import { describe, expect, it } from "vitest";
import { AdaptiveLimiter } from "../../src/client/transport/limiter.js";
import { rateLimitLayer } from "../../src/client/transport/rate-limit-layer.js";
import { newTrace, type TransportRequest } from "../../src/client/transport/types.js";

const request = (path: string): TransportRequest => ({
  method: "GET",
  url: `https://api.example.test${path}`,
  path,
  headers: {},
  idempotent: true,
  retryOnStatus: true,
  retryOn500: true,
  // The bearer is asked once the slot is granted, as the auth layer sets it up.
  authorize: async () => "Bearer t",
  trace: newTrace(),
});

describe("slot handover", () => {
  it("the request waiting for the slot is sent before the caller of the previous answer continues", async () => {
    const order: string[] = [];
    const send = rateLimitLayer(new AdaptiveLimiter({ concurrency: 1 }))(async (req) => {
      order.push(`sent ${req.path}`);
      return new Response("{}", { status: 200 });
    });
    const a = send(request("/a")).then(() => order.push("caller of /a"));
    const b = send(request("/b")).then(() => order.push("caller of /b"));
    await Promise.all([a, b]);
    expect(order).toEqual(["sent /a", "sent /b", "caller of /a", "caller of /b"]);
  });
});
