/**
 * Injected latency measured on the real clock: `delay` never ends early (even on a busy event
 * loop, where libuv timers fire early), every API answer waits out the configured latency, and
 * `answerTime` in the stats reports what it really cost. Timing checks are lower bounds (or
 * generous upper ones) so a loaded machine cannot make them fail.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/index.js";
import { delay } from "../../src/emulator/latency.js";
import { ID, api, fixtureEmulator, tokenFor } from "./fixture.js";

/** Blocks the event loop for `ms` (a synchronous busy-wait). */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    /* spin */
  }
}

describe("delay", () => {
  /**
   * Starts 50 delays of `ms`, each ~0.13 ms after the previous one (a synchronous busy-wait), so
   * their starts fall on every phase of the loop's 1 ms clock; answers each one's real duration.
   */
  async function staggered(ms: number): Promise<number[]> {
    const elapsed: Array<Promise<number>> = [];
    for (let i = 0; i < 50; i++) {
      busy(0.13);
      const start = performance.now();
      elapsed.push(delay(ms).then(() => performance.now() - start));
    }
    return Promise.all(elapsed);
  }

  it("never resolves more than 0.5 ms early, with the event loop kept busy", async () => {
    const MS = 7;
    const all: number[] = [];
    // A bare 7 ms timer started late in a millisecond of the loop's clock ends up to 1 ms early.
    for (let round = 0; round < 3; round++) all.push(...(await staggered(MS)));
    // And with ~3 ms synchronous stalls in timers and immediates while the delays run.
    const timers: Array<ReturnType<typeof setTimeout>> = [];
    for (const at of [0, 2, 4, 6]) timers.push(setTimeout(() => busy(3), at));
    setImmediate(() => busy(3));
    setImmediate(() => setImmediate(() => busy(3)));
    try {
      all.push(...(await staggered(MS)));
    } finally {
      for (const t of timers) clearTimeout(t);
    }
    expect(all).toHaveLength(200);
    const early = all.filter((e) => e < MS - 0.5);
    expect(early, `delays that ended early: ${early.map((e) => e.toFixed(3)).join(", ")}`).toEqual([]);
  });

  it("holds to the lower bound in sequence too, for several lengths", async () => {
    for (const ms of [1, 2.5, 5, 11]) {
      const start = performance.now();
      setTimeout(() => busy(2), 0);
      await delay(ms);
      expect(performance.now() - start).toBeGreaterThanOrEqual(ms - 0.5);
    }
  });

  it("resolves at once for 0 or a negative length", async () => {
    await expect(delay(0)).resolves.toBeUndefined();
    await expect(delay(-5)).resolves.toBeUndefined();
    // Even with an aborted signal: there is nothing to wait for.
    await expect(delay(0, AbortSignal.abort())).resolves.toBeUndefined();
  });

  it("rejects with the signal's reason when it aborts during the wait, promptly", async () => {
    const ac = new AbortController();
    const reason = new Error("cancelled");
    const start = performance.now();
    const p = delay(10_000, ac.signal);
    setTimeout(() => ac.abort(reason), 10);
    await expect(p).rejects.toBe(reason);
    expect(performance.now() - start).toBeLessThan(5_000);
  });

  it("rejects with the default AbortError reason", async () => {
    const ac = new AbortController();
    const p = delay(10_000, ac.signal);
    ac.abort();
    const err = (await p.catch((e: unknown) => e)) as DOMException;
    expect(err).toBe(ac.signal.reason);
    expect(err.name).toBe("AbortError");
  });

  it("rejects at once for an already-aborted signal", async () => {
    const reason = new Error("already");
    const ac = new AbortController();
    ac.abort(reason);
    const start = performance.now();
    await expect(delay(10_000, ac.signal)).rejects.toBe(reason);
    expect(performance.now() - start).toBeLessThan(5_000);
  });

  it("resolves normally with a signal that never aborts, and a later abort changes nothing", async () => {
    const ac = new AbortController();
    const start = performance.now();
    await expect(delay(5, ac.signal)).resolves.toBeUndefined();
    expect(performance.now() - start).toBeGreaterThanOrEqual(4.5);
    ac.abort();
  });
});

describe("emulator latency (in-process)", () => {
  let emu: Emulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  const LOWER = 29.5;

  /** Times `fn` from the call to its settling. */
  async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
    const start = performance.now();
    const value = await fn();
    return { value, ms: performance.now() - start };
  }

  it("every API answer, read or write, takes at least the latency; answerTime reports it", async () => {
    emu = await fixtureEmulator({ latency: { ms: 30, jitterMs: 0 }, log: () => {} });
    const e = emu;
    let requests = 0;

    const token = await timed(() => tokenFor(e));
    requests++;
    expect(token.ms).toBeGreaterThanOrEqual(LOWER);

    for (const path of ["/v2/workbooks", `/v2/workbooks/${ID.wb1}`, "/v2/whoami", "/v2/no-such-route"]) {
      const res = await timed(() => api(e, token.value, path));
      requests++;
      expect(res.ms, path).toBeGreaterThanOrEqual(LOWER);
      expect(res.value.status, path).toBe(path === "/v2/no-such-route" ? 404 : 200);
    }

    // A write: triggering a materialization.
    const write = await timed(() => api(e, token.value, `/v2/workbooks/${ID.wb1}/materializations`, { method: "POST", body: JSON.stringify({ sheetId: ID.sheetA }) }));
    requests++;
    expect(write.value.status).toBe(200);
    expect(write.value.body.materializationId).toEqual(expect.any(String));
    expect(write.ms).toBeGreaterThanOrEqual(LOWER);
    expect(e.stats().materializationsStarted.workbook).toBe(1);

    // An unauthenticated read waits too (the 401 comes after the latency).
    const unauth = await timed(() => e.fetch(`${e.url}/v2/workbooks`));
    requests++;
    expect(unauth.value.status).toBe(401);
    expect(unauth.ms).toBeGreaterThanOrEqual(LOWER);

    // Control routes are neither delayed nor counted.
    const control = await e.fetch(`${e.url}/__emulator/stats`);
    expect(control.status).toBe(200);
    const overHttp = (await control.json()) as { answerTime: { count: number } };
    expect(overHttp.answerTime.count).toBe(requests);

    const { answerTime, requests: counted } = e.stats();
    expect(counted).toBe(requests);
    expect(answerTime.count).toBe(requests);
    expect(answerTime.meanMs).toBeGreaterThanOrEqual(LOWER);
    expect(answerTime.meanMs).toBeLessThan(200);
  });

  it("concurrent reads each wait the latency (they are not serialised)", async () => {
    emu = await fixtureEmulator({ latency: { ms: 30, jitterMs: 0 }, log: () => {} });
    const e = emu;
    const token = await tokenFor(e);
    const start = performance.now();
    const each = await Promise.all(Array.from({ length: 20 }, () => timed(() => api(e, token, "/v2/workbooks"))));
    const total = performance.now() - start;
    for (const r of each) {
      expect(r.value.status).toBe(200);
      expect(r.ms).toBeGreaterThanOrEqual(LOWER);
    }
    // 20 × 30 ms one after another would be 600 ms.
    expect(total).toBeLessThan(500);
    const { answerTime } = e.stats();
    expect(answerTime.count).toBe(21);
    expect(answerTime.meanMs).toBeGreaterThanOrEqual(LOWER);
  });

  it("a write takes effect only after its delay", async () => {
    emu = await fixtureEmulator({ latency: { ms: 150, jitterMs: 0 }, log: () => {} });
    const e = emu;
    const token = await tokenFor(e);
    const start = performance.now();
    const pending = api(e, token, `/v2/workbooks/${ID.wb1}/materializations`, { method: "POST", body: JSON.stringify({ sheetId: ID.sheetA }) });
    await new Promise((r) => setTimeout(r, 20));
    // Only judged when the check really ran well before the delay ends (a stalled loop skips it).
    if (performance.now() - start < 120) expect(e.stats().materializationsStarted.workbook).toBe(0);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(performance.now() - start).toBeGreaterThanOrEqual(149.5);
    expect(e.stats().materializationsStarted.workbook).toBe(1);
  });

  it("setLatency changes the wait of later requests; answerTime restarts on reset", async () => {
    emu = await fixtureEmulator({ log: () => {} });
    const e = emu;
    const token = await tokenFor(e);
    e.control.setLatency({ ms: 60, jitterMs: 0 });
    const res = await timed(() => api(e, token, "/v2/workbooks"));
    expect(res.ms).toBeGreaterThanOrEqual(59.5);
    const before = e.stats().answerTime;
    expect(before.count).toBe(2);
    expect(before.meanMs).toBeGreaterThanOrEqual(59.5 / 2);
    e.control.reset();
    expect(e.stats().answerTime).toEqual({ count: 0, meanMs: 0 });
    e.control.setLatency({ ms: 30, jitterMs: 0 });
    await api(e, token, "/v2/whoami");
    expect(e.stats().answerTime.count).toBe(1);
    expect(e.stats().answerTime.meanMs).toBeGreaterThanOrEqual(LOWER);
  });

  it("an aborted in-process request rejects with the signal's reason before the latency ends", async () => {
    emu = await fixtureEmulator({ log: () => {} });
    const e = emu;
    const token = await tokenFor(e);
    e.control.setLatency({ ms: 10_000 });
    const ac = new AbortController();
    const reason = new Error("gave up");
    const start = performance.now();
    const p = e.fetch(`${e.url}/v2/workbooks`, { headers: { authorization: `Bearer ${token}` }, signal: ac.signal });
    setTimeout(() => ac.abort(reason), 20);
    await expect(p).rejects.toBe(reason);
    expect(performance.now() - start).toBeLessThan(5_000);
  });
});
