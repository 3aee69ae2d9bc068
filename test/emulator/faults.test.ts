/** Fault spec grammar, seeded determinism, rule-based faults, resets, slow answers, revocation. */
import { describe, expect, it } from "vitest";
import { parseFaultSpec } from "../../src/emulator/faults.js";
import { api, fixtureEmulator, tokenFor } from "./fixture.js";

describe("parseFaultSpec", () => {
  it("parses the documented example", () => {
    const spec = parseFaultSpec("5xx=0.1,429=0.05,reset=0.01,slow=0.02:1500,revoke=0.001,retry-after=0.5");
    expect(spec).toEqual({
      rules: [
        { kind: "5xx", probability: 0.1 },
        { kind: "429", probability: 0.05 },
        { kind: "reset", probability: 0.01 },
        { kind: "slow", probability: 0.02, delayMs: 1500 },
        { kind: "revoke", probability: 0.001 },
      ],
      retryAfterProbability: 0.5,
    });
  });

  it("parses path-scoped and nth-request rules and the 429 body setting", () => {
    expect(parseFaultSpec("503@/v2/workbooks=#2-3, reset=#5 ,429-body=html")).toEqual({
      rules: [
        { kind: "503", pathPrefix: "/v2/workbooks", nth: { from: 2, to: 3 } },
        { kind: "reset", nth: { from: 5, to: 5 } },
      ],
      rateLimitBody: "html",
    });
    expect(parseFaultSpec("")).toEqual({ rules: [] });
    expect(parseFaultSpec("none")).toEqual({ rules: [] });
  });

  it.each(["boom=0.1", "5xx=1.5", "5xx=", "500:20=0.1", "5xx=0.1:20", "reset=#0", "reset=#3-2", "503@workbooks=0.1", "429-body=xml", "5xx-body=text", "5xx=0.1,,", "retry-after=2"])(
    "refuses %j",
    (spec) => {
      expect(() => parseFaultSpec(spec)).toThrow(RangeError);
    },
  );
});

async function statuses(seed: number, spec: string, n: number): Promise<number[]> {
  const emu = await fixtureEmulator({ seed, faults: spec });
  const token = await tokenFor(emu).catch(() => "");
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await api(emu, token, "/v2/whoami")).status);
  return out;
}

describe("injected faults", () => {
  it("are deterministic for a seed and differ across seeds", async () => {
    const spec = "5xx@/v2/whoami=0.3";
    const [a, b, c] = await Promise.all([statuses(11, spec, 40), statuses(11, spec, 40), statuses(12, spec, 40)]);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    expect(a.some((s) => s >= 500)).toBe(true);
    expect(a.some((s) => s === 200)).toBe(true);
    expect(new Set(a.filter((s) => s >= 500)).size).toBeGreaterThan(1); // 5xx picks among 500/502/503/504
  });

  it("fire on the nth matching request only, scoped by path", async () => {
    const emu = await fixtureEmulator({ faults: "503@/v2/workbooks=#2-3" });
    const token = await tokenFor(emu);
    const seq = [];
    for (let i = 0; i < 4; i++) seq.push((await api(emu, token, "/v2/workbooks")).status);
    expect(seq).toEqual([200, 503, 503, 200]);
    expect((await api(emu, token, "/v2/whoami")).status).toBe(200);
    expect(emu.stats().faults).toEqual({ 503: 2 });
  });

  it("serve 5xx as Sigma's JSON envelope, or 502/504 as a gateway's HTML page with 5xx-body=html", async () => {
    const spec = "500@/v2/whoami=#1,502@/v2/whoami=#2,503@/v2/whoami=#3,504@/v2/whoami=#4";
    const emu = await fixtureEmulator({ faults: spec });
    const token = await tokenFor(emu);
    for (const status of [500, 502, 503, 504]) {
      const res = await api(emu, token, "/v2/whoami");
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ code: expect.any(String), message: expect.any(String), requestId: expect.any(String) });
    }
    const html = await fixtureEmulator({ faults: `${spec},5xx-body=html` });
    const htmlToken = await tokenFor(html);
    expect((await api(html, htmlToken, "/v2/whoami")).headers.get("content-type")).toContain("application/json");
    const gateway = await api(html, htmlToken, "/v2/whoami");
    expect(gateway.status).toBe(502);
    expect(gateway.headers.get("content-type")).toContain("text/html");
  });

  it("reset the connection in-process as fetch does: TypeError with cause ECONNRESET", async () => {
    const emu = await fixtureEmulator({ faults: "reset=#2" });
    const token = await tokenFor(emu); // request 1
    const err = await api(emu, token, "/v2/whoami").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as TypeError).message).toBe("fetch failed");
    expect(((err as TypeError).cause as { code?: string }).code).toBe("ECONNRESET");
    expect((await api(emu, token, "/v2/whoami")).status).toBe(200);
    expect(emu.stats().byRoute["GET /v2/whoami"]).toEqual({ reset: 1, 200: 1 });
  });

  it("slow answers down and revokes a token early", async () => {
    const emu = await fixtureEmulator({ faults: "slow@/v2/whoami=#1:80,revoke@/v2/workbooks=#1" });
    const token = await tokenFor(emu);
    const t0 = performance.now();
    expect((await api(emu, token, "/v2/whoami")).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(75);
    const revoked = await api(emu, token, "/v2/workbooks");
    expect(revoked.status).toBe(401);
    expect(revoked.body.code).toBe("unauthorized");
    expect((await api(emu, token, "/v2/whoami")).status).toBe(401);
    expect(emu.stats().faults).toEqual({ slow: 1, revoke: 1 });
  });

  it("never apply to /__emulator/ routes, and can be changed at run time", async () => {
    const emu = await fixtureEmulator({ faults: "5xx=1,reset=1" });
    expect((await emu.fetch(`${emu.url}/__emulator/stats`)).status).toBe(200);
    const set = await emu.fetch(`${emu.url}/__emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ spec: "none" }) });
    expect(await set.json()).toEqual({ rules: [] });
    expect((await api(emu, await tokenFor(emu), "/v2/whoami")).status).toBe(200);
    const bad = await emu.fetch(`${emu.url}/__emulator/faults`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ spec: "boom=1" }) });
    expect(bad.status).toBe(400);
    emu.control.setFaults("503=#1");
    expect((await emu.fetch(`${emu.url}/v2/whoami`)).status).toBe(503);
  });
});
