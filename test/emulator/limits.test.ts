/** 429s from the per-client token bucket and the in-flight cap; Retry-After and body styles. */
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/emulator/index.js";
import { api, fixtureEmulator, tokenFor } from "./fixture.js";

describe("rate limit", () => {
  it("answers 429 once the bucket is empty and refills by the emulator clock", async () => {
    const clock = new ManualClock();
    const emu = await fixtureEmulator({ clock, rateLimit: { rps: 1, burst: 3 }, faults: "retry-after=1" });
    const token = await tokenFor(emu); // takes one token from the bucket
    expect((await api(emu, token, "/v2/whoami")).status).toBe(200);
    expect((await api(emu, token, "/v2/whoami")).status).toBe(200);
    const limited = await api(emu, token, "/v2/whoami");
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: "rate_limited", requestId: expect.any(String) });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    clock.advanceSeconds(1);
    expect((await api(emu, token, "/v2/whoami")).status).toBe(200);
    expect(emu.stats().rateLimited).toBe(1);
  });

  it("omits Retry-After on about half of the 429s by default, deterministically per seed", async () => {
    const run = async (seed: number) => {
      const emu = await fixtureEmulator({ seed, clock: new ManualClock(), rateLimit: { rps: 1, burst: 1 } });
      await tokenFor(emu);
      const seen: boolean[] = [];
      for (let i = 0; i < 40; i++) seen.push((await emu.fetch(`${emu.url}/v2/whoami`)).headers.has("retry-after"));
      return seen;
    };
    const [a, b] = await Promise.all([run(9), run(9)]);
    expect(a).toEqual(b);
    const withHeader = a.filter(Boolean).length;
    expect(withHeader).toBeGreaterThan(5);
    expect(withHeader).toBeLessThan(35);
  });

  it("can answer 429 with an HTML page or an empty body, and never omits when retry-after=1", async () => {
    const html = await fixtureEmulator({ faults: "429@/v2/whoami=#1,429-body=html" });
    const page = await html.fetch(`${html.url}/v2/whoami`);
    expect(page.status).toBe(429);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain("1015");
    const empty = await fixtureEmulator({ faults: "429@/v2/whoami=#1,429-body=empty,retry-after=0" });
    const none = await empty.fetch(`${empty.url}/v2/whoami`);
    expect(none.status).toBe(429);
    expect(await none.text()).toBe("");
    expect(none.headers.has("retry-after")).toBe(false);
  });

  it("caps requests in flight", async () => {
    const emu = await fixtureEmulator({ maxInFlight: 2, latency: { ms: 40 } });
    const token = await tokenFor(emu);
    const results = await Promise.all(Array.from({ length: 5 }, () => api(emu, token, "/v2/whoami")));
    const codes = results.map((r) => r.status).sort();
    expect(codes).toEqual([200, 200, 429, 429, 429]);
    expect(emu.stats().peakInFlight).toBeGreaterThanOrEqual(3);
  });
});

describe("latency", () => {
  it("delays API answers but not control routes, and can be changed at run time", async () => {
    const emu = await fixtureEmulator({ latency: { ms: 60, jitterMs: 10 } });
    let t0 = performance.now();
    await emu.fetch(`${emu.url}/v2/whoami`);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
    t0 = performance.now();
    await emu.fetch(`${emu.url}/__emulator/stats`);
    expect(performance.now() - t0).toBeLessThan(40);
    emu.control.setLatency({ ms: 0 });
    t0 = performance.now();
    await emu.fetch(`${emu.url}/v2/whoami`);
    expect(performance.now() - t0).toBeLessThan(40);
  });

  it("rejects with the signal's reason when the caller aborts during the delay", async () => {
    const emu = await fixtureEmulator({ latency: { ms: 5_000 } });
    const ctl = new AbortController();
    const pending = emu.fetch(`${emu.url}/v2/whoami`, { signal: ctl.signal });
    setTimeout(() => ctl.abort(new Error("client timeout")), 10);
    await expect(pending).rejects.toThrow("client timeout");
    expect(emu.stats().inFlight).toBe(0);
  });
});
