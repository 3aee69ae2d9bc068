/**
 * Abort listeners on a long-lived signal (a job's signal handed to the client): many queued
 * requests must not pile one listener each on it, and none may remain once they finish.
 */
import { getEventListeners } from "node:events";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SigmaClient } from "../../src/client/client.js";
import { AdaptiveLimiter } from "../../src/client/transport/limiter.js";
import { AbortedError } from "../../src/errors.js";
import { BASE, CLIENT_ID, SECRET, deferred, scriptedFetch, tokenReply } from "./support.js";

const WHO = { json: { userId: "u1", organizationId: "o1" } };

let warnings: Error[] = [];
const onWarning = (w: Error): void => void warnings.push(w);
beforeEach(() => {
  warnings = [];
  process.on("warning", onWarning);
});
afterEach(() => {
  process.off("warning", onWarning);
});

/** Waits until process warnings emitted on nextTick have been delivered. */
const flushWarnings = () => new Promise((r) => setImmediate(r));
const listenerWarnings = () => warnings.filter((w) => w.name === "MaxListenersExceededWarning");
const listeners = (s: AbortSignal) => getEventListeners(s, "abort").length;

/**
 * 200 requests through one client with a shared signal: all wait for the token exchange
 * together, then queue in the limiter (concurrency 4), and every 10th answer is a 429 with
 * Retry-After 0, so real back-off sleeps run too. Half also pass their own per-call signal.
 */
function setup() {
  const shared = new AbortController();
  const perCall = new AbortController();
  const gate = deferred();
  let maxOnShared = 0;
  let apiCalls = 0;
  const { fetch } = scriptedFetch(async (req) => {
    maxOnShared = Math.max(maxOnShared, listeners(shared.signal), listeners(perCall.signal));
    if (req.pathname === "/v2/auth/token") {
      await gate.promise;
      return tokenReply();
    }
    apiCalls += 1;
    await new Promise((r) => setImmediate(r));
    return apiCalls % 10 === 1 ? { status: 429, headers: { "retry-after": "0" } } : WHO;
  });
  // Real timers (no fake sleep): the default sleep and the timeout layer are under test.
  const client = new SigmaClient({ baseUrl: BASE, clientId: CLIENT_ID, clientSecret: SECRET, fetch, signal: shared.signal, concurrency: 4 });
  const run = () =>
    Promise.allSettled(Array.from({ length: 200 }, (_, i) => client.whoami(i % 2 === 0 ? { signal: perCall.signal } : {})));
  return { client, shared, perCall, gate, run, maxOnShared: () => maxOnShared, apiCalls: () => apiCalls };
}

describe("abort listeners on a shared signal", () => {
  it("200 queued requests add no listener per request and leave none behind", async () => {
    const t = setup();
    const done = t.run();
    await new Promise((r) => setTimeout(r, 5));
    // Every request is now waiting for the one token exchange.
    expect(listeners(t.shared.signal)).toBeLessThanOrEqual(1);
    expect(listeners(t.perCall.signal)).toBeLessThanOrEqual(1);
    t.gate.resolve();
    const results = await done;
    await flushWarnings();
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    expect(t.client.stats().rateLimited).toBeGreaterThan(0);
    expect(t.maxOnShared()).toBeLessThanOrEqual(1);
    expect(listeners(t.shared.signal)).toBe(0);
    expect(listeners(t.perCall.signal)).toBe(0);
    expect(listenerWarnings()).toEqual([]);
  });

  it("aborting the shared signal cancels every queued request and leaves no listener", async () => {
    const t = setup();
    const done = t.run();
    await new Promise((r) => setTimeout(r, 5));
    t.shared.abort();
    const results = await done;
    await flushWarnings();
    expect(results.every((r) => r.status === "rejected" && r.reason instanceof AbortedError)).toBe(true);
    expect(t.apiCalls()).toBe(0);
    expect(listeners(t.perCall.signal)).toBe(0);
    expect(listenerWarnings()).toEqual([]);
    t.gate.resolve();
  });
});

describe("AdaptiveLimiter and signals", () => {
  it("keeps one listener per signal however many waiters share it, and removes it", async () => {
    const l = new AdaptiveLimiter({ concurrency: 1 });
    const ac = new AbortController();
    await l.acquire();
    const waiting = Array.from({ length: 50 }, () => l.acquire(ac.signal));
    expect(l.counters().queued).toBe(50);
    expect(listeners(ac.signal)).toBe(1);
    for (let i = 0; i < 50; i++) {
      l.release();
      await waiting[i];
    }
    expect(listeners(ac.signal)).toBe(0);
    l.release();
    expect(l.counters()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it("an abort rejects only the waiters of that signal and frees its listener", async () => {
    const l = new AdaptiveLimiter({ concurrency: 1 });
    const a = new AbortController();
    const b = new AbortController();
    await l.acquire();
    const onA = Array.from({ length: 20 }, () => l.acquire(a.signal));
    const onB = l.acquire(b.signal);
    a.abort();
    const settled = await Promise.allSettled(onA);
    expect(settled.every((s) => s.status === "rejected" && s.reason instanceof AbortedError)).toBe(true);
    expect(listeners(a.signal)).toBe(0);
    expect(l.counters().queued).toBe(1);
    l.release();
    await expect(onB).resolves.toBeTypeOf("number");
    expect(listeners(b.signal)).toBe(0);
  });
});
