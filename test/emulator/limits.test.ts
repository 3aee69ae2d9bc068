/** 429s from the per-client token bucket and the in-flight cap; Retry-After and body styles. */
import { request as httpRequest, Agent } from "node:http";
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

  it("keeps one bucket per API client, shared by all its tokens and its token exchanges", async () => {
    const clock = new ManualClock();
    const emu = await fixtureEmulator({ clock, rateLimit: { rps: 1, burst: 4 }, faults: "retry-after=1" });
    const [t1, t2] = [await tokenFor(emu), await tokenFor(emu)]; // two of the four tokens
    expect((await api(emu, t1, "/v2/whoami")).status).toBe(200);
    expect((await api(emu, t2, "/v2/whoami")).status).toBe(200);
    const limited = await api(emu, t2, "/v2/whoami");
    expect(limited.status).toBe(429);
    // Derived from the bucket: one token every second, the bucket is empty.
    expect(limited.headers.get("retry-after")).toBe("1");
    expect((await api(emu, t1, "/v2/whoami")).status).toBe(429);
  });

  it("gives injected 429s a seeded Retry-After of 1 to 5 seconds", async () => {
    const emu = await fixtureEmulator({ faults: "429@/v2/whoami=1,retry-after=1" });
    const token = await tokenFor(emu);
    const values = new Set<string | null>();
    for (let i = 0; i < 30; i++) values.add((await api(emu, token, "/v2/whoami")).headers.get("retry-after"));
    expect([...values].every((v) => v !== null && Number(v) >= 1 && Number(v) <= 5)).toBe(true);
    expect(values.size).toBeGreaterThanOrEqual(3);
  });

  it("caps requests in flight without any latency (in-process parallel calls)", async () => {
    const emu = await fixtureEmulator({ maxInFlight: 2 });
    const token = await tokenFor(emu);
    const results = await Promise.all(Array.from({ length: 5 }, () => api(emu, token, "/v2/whoami")));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 429, 429, 429]);
    expect(emu.stats().inFlight).toBe(0);
    // One at a time is never limited.
    for (let i = 0; i < 10; i++) expect((await api(emu, token, "/v2/whoami")).status).toBe(200);
  });

  it("caps requests in flight over concurrent socket connections, never a sequential caller", async () => {
    const emu = await fixtureEmulator({ maxInFlight: 2, listen: true });
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    try {
      const token = await tokenFor(emu);
      const one = () =>
        new Promise<number>((resolve, reject) => {
          const req = httpRequest(`${emu.url}/v2/workbooks`, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
          });
          req.on("error", reject);
          req.end();
        });
      await Promise.all(Array.from({ length: 8 }, one)); // opens the sockets
      const statuses = (await Promise.all(Array.from({ length: 8 }, one))).sort();
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
      expect(statuses.slice(0, 2)).toEqual([200, 200]);
      expect(emu.stats().peakInFlight).toBeGreaterThan(2);
      for (let i = 0; i < 20; i++) expect(await one()).toBe(200);
      expect(emu.stats().inFlight).toBe(0);
    } finally {
      agent.destroy();
      await emu.close();
    }
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
