import { describe, expect, it } from "vitest";
import { AdaptiveLimiter, type LimiterCounters } from "../../src/client/transport/limiter.js";
import { RateLimiter } from "../../src/emulator/limits.js";
import { AbortedError } from "../../src/errors.js";
import { routes } from "../helpers/scripted-server.js";
import { deferred, makeClient, scriptedFetch, tokenReply } from "./support.js";

/** A clock whose timers fire in time order when `run` says so: no wall-clock dependence. */
function virtualClock() {
  let t = 0;
  let seq = 0;
  const timers: Array<{ at: number; seq: number; resolve: () => void }> = [];
  return {
    now: () => t,
    sleep: (ms: number) => new Promise<void>((resolve) => timers.push({ at: t + Math.max(0, ms), seq: seq++, resolve })),
    /** Fires timers one by one (letting promise chains settle between them) until `done`. */
    async run(done: () => boolean) {
      for (let guard = 0; guard < 1_000_000 && !done(); guard++) {
        await new Promise((r) => setImmediate(r));
        if (done() || timers.length === 0) continue;
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = timers.shift()!;
        t = Math.max(t, next.at);
        next.resolve();
      }
    },
  };
}

/**
 * `requests` requests through a limiter (concurrency 8, 5 ms answers) against a server with a
 * token bucket (`bucketRps`, `burst`) and/or random 429s (`randomShare`); a refused request waits
 * 1 s (its Retry-After) without a slot and tries again. Virtual time throughout.
 */
async function simulate(o: { requests: number; bucketRps?: number; burst?: number; randomShare: number }) {
  const clock = virtualClock();
  const l = new AdaptiveLimiter({ concurrency: 8, clock });
  const bucket = o.bucketRps ? new RateLimiter({ rps: o.bucketRps, burst: o.burst }) : undefined;
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  let attempts = 0;
  let refused = 0;
  let done = 0;
  for (let i = 0; i < o.requests; i++) {
    void (async () => {
      for (;;) {
        const epoch = await l.acquire();
        attempts += 1;
        await clock.sleep(5);
        const ok = (bucket ? bucket.take("c", clock.now()) === 0 : true) && random() >= o.randomShare;
        if (ok) l.onSuccess(epoch);
        else l.onRateLimited(epoch);
        l.release();
        if (ok) break;
        refused += 1;
        await clock.sleep(1000 + random() * 250);
      }
      done += 1;
    })();
  }
  await clock.run(() => done === o.requests);
  expect(done).toBe(o.requests);
  const counters: LimiterCounters = l.counters();
  return { seconds: clock.now() / 1000, share429: refused / attempts, attempts, counters };
}

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

  it("decreases at most once per window, and never for 429s of requests sent before the change", () => {
    const clock = virtualClock();
    const l = new AdaptiveLimiter({ concurrency: 8, clock, windowAnswers: 4, windowMs: 0 });
    const epoch = 0;
    // Overload: 6 429s among the first answers decide at once (early rule).
    for (let i = 0; i < 6; i++) l.onRateLimited(epoch);
    expect(l.counters()).toMatchObject({ decreases: 1 });
    // 429s of requests admitted before the cut (epoch 0) change nothing.
    for (let i = 0; i < 30; i++) l.onRateLimited(epoch);
    expect(l.counters()).toMatchObject({ decreases: 1, rateLimited: 36 });
  });

  it("converges on a token-bucket limit: few 429s, most of the rate used", async () => {
    const r = await simulate({ requests: 3000, bucketRps: 50, burst: 5, randomShare: 0 });
    // The limit is 50 rps: the run cannot be faster than 60 s.
    expect(r.seconds).toBeGreaterThanOrEqual(59);
    expect(r.share429).toBeLessThanOrEqual(0.03);
    expect(3000 / r.seconds / 50).toBeGreaterThanOrEqual(0.85);
    expect(r.counters.rate).not.toBeNull();
  });

  it("does not slow down for random 429s that slowing down does not reduce", async () => {
    const clean = await simulate({ requests: 3000, randomShare: 0 });
    const noisy = await simulate({ requests: 3000, randomShare: 0.08 });
    expect(clean.counters.decreases).toBe(0);
    // A decrease or two is tried, found useless and undone; the noise share is learnt.
    expect(noisy.counters.undone).toBeGreaterThanOrEqual(1);
    expect(noisy.counters.noiseShare).toBeGreaterThan(0.03);
    // Retries wait 1 s each without holding a slot: the run takes the clean time plus a few waits.
    expect(noisy.seconds).toBeLessThanOrEqual(clean.seconds * 1.5 + 3);
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

  it("frees the slot while a 429's retry waits: other requests go on", async () => {
    const wake = deferred();
    let whoamiCalls = 0;
    const { fetch, requests } = scriptedFetch(
      routes({
        "POST /v2/auth/token": tokenReply(),
        "GET /v2/a": () => {
          whoamiCalls += 1;
          return whoamiCalls === 1 ? { status: 429, headers: { "retry-after": "30" } } : { json: { ok: "a" } };
        },
        "GET /v2/b": { json: { ok: "b" } },
      }),
    );
    const sleeps: number[] = [];
    const { client } = makeClient(fetch, {
      concurrency: 1,
      sleep: async (ms) => {
        sleeps.push(ms);
        await wake.promise;
      },
    });
    const a = client.request({ method: "GET", path: "/v2/a" });
    await new Promise((r) => setTimeout(r, 5));
    // a waits out its Retry-After (30 s + jitter) without its slot: b, with concurrency 1, is served meanwhile.
    await expect(client.request({ method: "GET", path: "/v2/b" })).resolves.toEqual({ ok: "b" });
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(30_000);
    expect(client.stats()).toMatchObject({ rateLimited: 1, inFlight: 0 });
    wake.resolve();
    await expect(a).resolves.toEqual({ ok: "a" });
    expect(requests.map((r) => r.pathname)).toEqual(["/v2/auth/token", "/v2/a", "/v2/b", "/v2/a"]);
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
