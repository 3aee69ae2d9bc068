/**
 * Short-lived tokens against the in-process emulator, with 429s carrying Retry-After (1-5 s)
 * and token revocations. Client and emulator share one clock: a virtual one that only moves
 * in the client's back-off sleeps (one request at a time: deterministic), or one running 20×
 * faster than the wall clock (concurrent requests: time passes for everyone at once).
 */
import { afterEach, describe, expect, it } from "vitest";
import { SigmaClient } from "../../src/client/client.js";
import { AuthenticationError } from "../../src/errors.js";
import { sleep } from "../../src/client/transport/sleep.js";
import type { FetchLike } from "../../src/client/transport/types.js";
import { ManualClock, createEmulator, type Emulator } from "../../src/emulator/index.js";

const SPEED = 20;

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

/** A clock that only moves when the client sleeps. */
function virtualClock() {
  const manual = new ManualClock();
  return {
    now: () => manual.now(),
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      manual.advance(ms);
    },
  };
}

/** A clock running SPEED× faster than the wall clock. */
function scaledClock() {
  const realStart = Date.now();
  const start = Date.UTC(2026, 10, 22, 12);
  return {
    now: () => start + (Date.now() - realStart) * SPEED,
    sleep: (ms: number, signal?: AbortSignal) => sleep(ms / SPEED, signal),
  };
}

/** An emulator with 1 s tokens (unless told) and a client on the same clock, warmed up by one whoami. */
async function setup(
  options: { faults?: string; concurrency?: number; ttlS?: number; virtual?: boolean; wrap?: (emu: Emulator) => FetchLike } = {},
) {
  const clock = options.virtual ? virtualClock() : scaledClock();
  const e = await createEmulator({
    size: "tiny",
    seed: 5,
    tokenTtlSeconds: options.ttlS ?? 1,
    faults: options.faults,
    clock: { now: clock.now },
    log: () => {},
  });
  emu = e;
  const client = new SigmaClient({
    baseUrl: e.url,
    clientId: e.clientId,
    clientSecret: e.clientSecret,
    fetch: options.wrap ? options.wrap(e) : e.fetch,
    allowInsecureHttp: true,
    now: clock.now,
    sleep: clock.sleep,
    concurrency: options.concurrency ?? 8,
    maxRetries: 8,
  });
  // First-request costs are multiplied by SPEED: pay them before the measured part.
  await client.whoami();
  return { emu: e, client };
}

const failures = (results: PromiseSettledResult<unknown>[]) =>
  results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => String(r.reason));

describe("short-lived tokens against the emulator", () => {
  it("1 s tokens, a 429 (Retry-After of 1 s or more) before each try: the retry leaves with a fresh token", async () => {
    // Whoami #1 is the warm-up; #2 and #4 are refused with 429. Attaching the token only once
    // would mean 429, back-off, 401 (expired), replay, 429, back-off, 401: an AuthenticationError.
    const { emu, client } = await setup({ faults: "429@/v2/whoami=#2,429@/v2/whoami=#4", virtual: true });
    const before = client.stats().tokenRefreshes;
    await expect(client.whoami()).resolves.toHaveProperty("organizationId");
    await expect(client.whoami()).resolves.toHaveProperty("organizationId");
    expect(emu.stats().byStatus).toMatchObject({ "429": 2 });
    expect(emu.stats().byStatus["401"]).toBeUndefined();
    // Each back-off outlived the token: one scheduled refresh before each retry.
    expect(client.stats().tokenRefreshes - before).toBe(2);
  });

  it("1 s tokens, 8 concurrent requests all answered 429 first: all succeed", async () => {
    const { emu, client } = await setup({ faults: "429@/v2/whoami=#2-9" });
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => client.whoami()));
    expect(failures(results)).toEqual([]);
    expect(emu.stats().byStatus).toMatchObject({ "429": 8 });
    expect(client.stats().rateLimited).toBe(8);
  });

  it("a token revoked, then its successor revoked as the replays arrive: every request recovers, two exchanges", async () => {
    // Revokes every token at the 3rd whoami of the batch, and again when the first whoami with
    // a new token arrives: requests replayed after the first revocation are refused twice.
    // Only the request that forced the first refresh has spent its one forced refresh, and its
    // replay waits in the limiter queue behind queued requests that take the new token first
    // (and meet the second revocation); so every request still recovers here. A request refused
    // twice itself fails: see the next test.
    let armed = false;
    let calls = 0;
    let firstToken = "";
    let revokedAgain = false;
    const wrap = (e: Emulator): FetchLike => (input, init) => {
      const token = new Headers(init?.headers).get("authorization") ?? "";
      if (armed && String(input).endsWith("/v2/whoami")) {
        calls += 1;
        firstToken ||= token;
        if (calls === 3) e.control.revokeTokens();
        if (token !== firstToken && !revokedAgain) {
          revokedAgain = true;
          e.control.revokeTokens();
        }
      }
      return e.fetch(input, init);
    };
    // Hour-long tokens: every exchange below is caused by a revocation.
    const { emu, client } = await setup({ wrap, ttlS: 3600 });
    const before = client.stats().tokenRefreshes;
    armed = true;
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => client.whoami()));
    expect(failures(results)).toEqual([]);
    expect(revokedAgain).toBe(true);
    expect(emu.stats().byStatus["401"]).toBeGreaterThan(8);
    // One forced exchange per revocation, not one per 401.
    expect(client.stats().tokenRefreshes - before).toBe(2);
  });

  it("a revocation that hits the replay's fresh token too is retried: the request still succeeds", async () => {
    // Revokes every token when the request's first attempt arrives and again at its replay
    // (the new token's first use): one refusal of a fresh token may be a revocation, not the credential.
    let armed = false;
    let calls = 0;
    const wrap = (e: Emulator): FetchLike => (input, init) => {
      if (armed && String(input).endsWith("/v2/whoami")) {
        calls += 1;
        if (calls <= 2) e.control.revokeTokens();
      }
      return e.fetch(input, init);
    };
    const { emu, client } = await setup({ wrap, ttlS: 3600, virtual: true });
    const before = client.stats().tokenRefreshes;
    armed = true;
    await expect(client.whoami()).resolves.toHaveProperty("organizationId");
    // Three attempts, two exchanges (one per refused current token).
    expect(calls).toBe(3);
    expect(emu.stats().byStatus["401"]).toBe(2);
    expect(client.stats().tokenRefreshes - before).toBe(2);
  });

  it("gives up when two fresh tokens in a row are refused on their first use, and the next request starts afresh", async () => {
    let armed = false;
    let calls = 0;
    const wrap = (e: Emulator): FetchLike => (input, init) => {
      if (armed && String(input).endsWith("/v2/whoami")) {
        calls += 1;
        if (calls <= 3) e.control.revokeTokens();
      }
      return e.fetch(input, init);
    };
    const { emu, client } = await setup({ wrap, ttlS: 3600, virtual: true });
    const before = client.stats().tokenRefreshes;
    armed = true;
    const err = await client.whoami().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect((err as AuthenticationError).status).toBe(401);
    expect(calls).toBe(3);
    expect(client.stats().tokenRefreshes - before).toBe(2);
    await expect(client.whoami()).resolves.toHaveProperty("organizationId");
    expect(emu.stats().byStatus["401"]).toBe(4);
  });

  it("1% of requests revoking their token: 600 concurrent requests all succeed", async () => {
    const { emu, client } = await setup({ faults: "revoke=0.01", concurrency: 8, ttlS: 3600 });
    const results = await Promise.allSettled(Array.from({ length: 600 }, () => client.whoami()));
    expect(failures(results)).toEqual([]);
    expect(emu.stats().byStatus["401"]).toBeGreaterThan(0);
  });

  it("revoking every token under a queue of requests costs exactly one exchange", async () => {
    // Hour-long tokens: only the revocation can cause an exchange here.
    const { emu, client } = await setup({ concurrency: 4, ttlS: 3600 });
    const before = client.stats().tokenRefreshes;
    const all = Promise.all(Array.from({ length: 40 }, () => client.whoami()));
    emu.control.revokeTokens();
    await all;
    expect(emu.stats().byStatus["401"]).toBeGreaterThan(0);
    expect(client.stats().tokenRefreshes - before).toBe(1);
  });
});
