import { describe, expect, it } from "vitest";
import { AdaptiveLimiter } from "../../src/client/transport/limiter.js";
import { AbortedError } from "../../src/errors.js";
import { routes } from "../helpers/scripted-server.js";
import { deferred, makeClient, scriptedFetch, tokenReply } from "./support.js";

describe("AdaptiveLimiter", () => {
  it("admits at most `concurrency` and queues the rest in order", async () => {
    const l = new AdaptiveLimiter({ concurrency: 2 });
    const order: number[] = [];
    await l.acquire();
    await l.acquire();
    const third = l.acquire().then(() => order.push(3));
    const fourth = l.acquire().then(() => order.push(4));
    await Promise.resolve();
    expect(l.counters()).toMatchObject({ inFlight: 2, queued: 2 });
    l.release();
    await third;
    expect(order).toEqual([3]);
    l.release();
    await fourth;
    expect(order).toEqual([3, 4]);
    expect(l.counters().peakInFlight).toBe(2);
  });

  it("halves on a 429 once per epoch and recovers by +1 per N successes", () => {
    const l = new AdaptiveLimiter({ concurrency: 8, recoverAfter: 3 });
    l.onRateLimited(0);
    expect(l.counters().limit).toBe(4);
    // Another 429 from a request admitted before the cut does not cut again.
    l.onRateLimited(0);
    expect(l.counters().limit).toBe(4);
    l.onRateLimited(1);
    expect(l.counters().limit).toBe(2);
    l.onRateLimited(2);
    l.onRateLimited(3);
    expect(l.counters().limit).toBe(1);
    for (let i = 0; i < 3; i++) l.onSuccess();
    expect(l.counters().limit).toBe(2);
    for (let i = 0; i < 30; i++) l.onSuccess();
    expect(l.counters()).toMatchObject({ limit: 8, decreases: 3, rateLimited: 5 });
  });

  it("stops waiting when the signal aborts", async () => {
    const l = new AdaptiveLimiter({ concurrency: 1 });
    await l.acquire();
    const ac = new AbortController();
    const waiting = l.acquire(ac.signal);
    ac.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortedError);
    expect(l.counters().queued).toBe(0);
  });
});

describe("rate limiting through the client", () => {
  it("never has more than `concurrency` requests in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    const { fetch } = scriptedFetch(async (req) => {
      if (req.pathname === "/v2/auth/token") return tokenReply();
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight -= 1;
      return { json: { userId: "u", organizationId: "o" } };
    });
    const { client } = makeClient(fetch, { concurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, () => client.whoami()));
    expect(peak).toBe(3);
    expect(client.stats()).toMatchObject({ peakInFlight: 3, inFlight: 0 });
  });

  it("halves the effective concurrency when Sigma answers 429", async () => {
    const gate = deferred();
    let calls = 0;
    const { fetch } = scriptedFetch(
      routes({
        "POST /v2/auth/token": tokenReply(),
        "GET /v2/whoami": async () => {
          calls += 1;
          if (calls === 1) return { status: 429, headers: { "retry-after": "0" } };
          await gate.promise;
          return { json: { userId: "u", organizationId: "o" } };
        },
      }),
    );
    const { client } = makeClient(fetch, { concurrency: 8 });
    const all = Promise.all(Array.from({ length: 8 }, () => client.whoami()));
    await new Promise((r) => setTimeout(r, 5));
    expect(client.stats()).toMatchObject({ rateLimited: 1, concurrencyLimit: 4 });
    gate.resolve();
    await all;
    expect(client.stats().retries).toBe(1);
  });

  it("uses one limiter per client, not a global one", async () => {
    const gate = deferred();
    const { fetch } = scriptedFetch(async (req) => {
      if (req.pathname === "/v2/auth/token") return tokenReply();
      await gate.promise;
      return { json: { userId: "u", organizationId: "o" } };
    });
    const a = makeClient(fetch, { concurrency: 1 }).client;
    const b = makeClient(fetch, { concurrency: 1 }).client;
    const both = Promise.all([a.whoami(), b.whoami()]);
    await new Promise((r) => setTimeout(r, 5));
    expect(a.stats().inFlight + b.stats().inFlight).toBe(2);
    gate.resolve();
    await both;
  });
});
