/** Token exchange (form, JSON, Basic, refresh), expiry by the emulator clock, 401 envelopes. */
import { describe, expect, it } from "vitest";
import { EXPIRED_GRACE_MS, REFRESH_TTL_MS, TokenStore } from "../../src/emulator/auth-store.js";
import { ManualClock } from "../../src/emulator/index.js";
import { api, fixtureEmulator, tokenFor } from "./fixture.js";

const FORM = { "content-type": "application/x-www-form-urlencoded" };

function expectEnvelope(body: unknown, code: string): void {
  expect(body).toMatchObject({ code, message: expect.any(String), requestId: expect.any(String) });
}

describe("POST /v2/auth/token", () => {
  it("accepts client credentials as a form body", async () => {
    const emu = await fixtureEmulator();
    const res = await emu.fetch(`${emu.url}/v2/auth/token`, {
      method: "POST",
      headers: FORM,
      body: `grant_type=client_credentials&client_id=${emu.clientId}&client_secret=${emu.clientSecret}`,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({ access_token: expect.stringMatching(/^[A-Za-z0-9._~+/=-]+$/), refresh_token: expect.any(String), token_type: "bearer", expires_in: 3600 });
  });

  it("accepts a JSON body and HTTP Basic credentials", async () => {
    const emu = await fixtureEmulator();
    const asJson = await emu.fetch(`${emu.url}/v2/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "client_credentials", client_id: emu.clientId, client_secret: emu.clientSecret }),
    });
    expect(asJson.status).toBe(200);
    const basic = Buffer.from(`${emu.clientId}:${emu.clientSecret}`).toString("base64");
    const asBasic = await emu.fetch(`${emu.url}/v2/auth/token`, { method: "POST", headers: { ...FORM, authorization: `Basic ${basic}` }, body: "grant_type=client_credentials" });
    expect(asBasic.status).toBe(200);
  });

  it("refuses wrong credentials with 401 and malformed requests with 400", async () => {
    const emu = await fixtureEmulator();
    const wrong = await emu.fetch(`${emu.url}/v2/auth/token`, { method: "POST", headers: FORM, body: `grant_type=client_credentials&client_id=${emu.clientId}&client_secret=nope` });
    expect(wrong.status).toBe(401);
    expectEnvelope(await wrong.json(), "unauthorized");
    const noGrant = await emu.fetch(`${emu.url}/v2/auth/token`, { method: "POST", headers: FORM, body: `client_id=${emu.clientId}&client_secret=${emu.clientSecret}` });
    expect(noGrant.status).toBe(400);
    expectEnvelope(await noGrant.json(), "invalid_request");
    const badGrant = await emu.fetch(`${emu.url}/v2/auth/token`, { method: "POST", headers: FORM, body: "grant_type=password" });
    expect(badGrant.status).toBe(400);
  });

  it("supports the refresh_token grant and refuses unknown refresh tokens", async () => {
    const emu = await fixtureEmulator();
    const first = (await (await emu.fetch(`${emu.url}/v2/auth/token`, { method: "POST", headers: FORM, body: `grant_type=client_credentials&client_id=${emu.clientId}&client_secret=${emu.clientSecret}` })).json()) as Record<string, string>;
    const refreshed = await emu.fetch(`${emu.url}/v2/auth/token`, { method: "POST", headers: FORM, body: `grant_type=refresh_token&refresh_token=${first.refresh_token}&client_id=${emu.clientId}&client_secret=${emu.clientSecret}` });
    expect(refreshed.status).toBe(200);
    const second = (await refreshed.json()) as Record<string, string>;
    expect(second.access_token).not.toBe(first.access_token);
    expect((await api(emu, second.access_token as string, "/v2/whoami")).status).toBe(200);
    const bogus = await emu.fetch(`${emu.url}/v2/auth/token`, { method: "POST", headers: FORM, body: "grant_type=refresh_token&refresh_token=bogus" });
    expect(bogus.status).toBe(400);
    expect(await bogus.json()).toMatchObject({ code: "invalid_request", message: "Invalid access/refresh token" });
  });

  it("answers expires_in = the configured TTL, and 400 invalid_request for a missing or unknown grant in any encoding", async () => {
    const emu = await fixtureEmulator({ tokenTtlSeconds: 120 });
    const creds = `client_id=${emu.clientId}&client_secret=${emu.clientSecret}`;
    const ok = await emu.fetch("/v2/auth/token", { method: "POST", headers: FORM, body: `grant_type=client_credentials&${creds}` });
    expect(((await ok.json()) as { expires_in: number }).expires_in).toBe(120);
    const basic = `Basic ${Buffer.from(`${emu.clientId}:${emu.clientSecret}`).toString("base64")}`;
    const attempts: RequestInit[] = [
      { headers: FORM, body: creds },
      { headers: FORM, body: `grant_type=authorization_code&${creds}` },
      { headers: { "content-type": "application/json" }, body: JSON.stringify({ client_id: emu.clientId, client_secret: emu.clientSecret }) },
      { headers: { "content-type": "application/json" }, body: JSON.stringify({ grant_type: "magic" }) },
      { headers: { "content-type": "application/json" }, body: "{oops" },
      { headers: { ...FORM, authorization: basic }, body: "" },
      { headers: FORM, body: "grant_type=client_credentials" },
      { headers: FORM, body: "grant_type=refresh_token" },
    ];
    for (const init of attempts) {
      const res = await emu.fetch("/v2/auth/token", { method: "POST", ...init });
      expect(res.status, String(init.body)).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/json");
      expectEnvelope(await res.json(), "invalid_request");
    }
  });

  it("derives credentials from the seed", async () => {
    const [a, b, c] = await Promise.all([fixtureEmulator({ seed: 5 }), fixtureEmulator({ seed: 5 }), fixtureEmulator({ seed: 6 })]);
    expect(a.clientId).toBe(b.clientId);
    expect(a.clientSecret).toBe(b.clientSecret);
    expect(c.clientSecret).not.toBe(a.clientSecret);
    expect(a.clientSecret.length).toBeGreaterThanOrEqual(32);
  });
});

describe("bearer authentication", () => {
  it("answers 401 unauthorized for a missing or unknown token", async () => {
    const emu = await fixtureEmulator();
    const missing = await emu.fetch(`${emu.url}/v2/workbooks`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("content-type")).toContain("application/json");
    expectEnvelope(await missing.json(), "unauthorized");
    const unknown = await api(emu, "made-up-token", "/v2/workbooks");
    expect(unknown.status).toBe(401);
    expectEnvelope(unknown.body, "unauthorized");
  });

  it("expires tokens after tokenTtlSeconds of emulator clock", async () => {
    const clock = new ManualClock();
    const emu = await fixtureEmulator({ clock, tokenTtlSeconds: 60 });
    const token = await tokenFor(emu);
    clock.advanceSeconds(59);
    expect((await api(emu, token, "/v2/whoami")).status).toBe(200);
    clock.advanceSeconds(1);
    const expired = await api(emu, token, "/v2/whoami");
    expect(expired.status).toBe(401);
    expectEnvelope(expired.body, "unauthorized");
  });

  it("revokes every token on control.revokeTokens()", async () => {
    const emu = await fixtureEmulator();
    const token = await tokenFor(emu);
    expect(emu.control.revokeTokens()).toBe(1);
    expect((await api(emu, token, "/v2/whoami")).status).toBe(401);
    expect((await api(emu, await tokenFor(emu), "/v2/whoami")).status).toBe(200);
  });

  it("whoami answers the caller member and organisation", async () => {
    const emu = await fixtureEmulator();
    const res = await api(emu, await tokenFor(emu), "/v2/whoami");
    expect(res.body).toEqual({ userId: "M_CALLER", organizationId: "org-1", accountType: "admin" });
  });
});

describe("token memory", () => {
  it("forgets access tokens a day after expiry and refresh tokens after 30 days, every 256 issues", () => {
    const store = new TokenStore(1, 60);
    let now = 0;
    const first = store.issue("client", "M", now);
    now += 60_000;
    expect(store.verify(first.accessToken, now)).toBe("expired");
    now += EXPIRED_GRACE_MS;
    store.sweep(now);
    expect(store.verify(first.accessToken, now)).toBe("unknown");
    expect(store.refreshGrant(first.refreshToken, now)).toMatchObject({ memberId: "M" }); // still within 30 days
    now += REFRESH_TTL_MS;
    expect(store.refreshGrant(first.refreshToken, now)).toBeUndefined();
    // A long session: one token a minute for a week stays bounded by the sweeps.
    for (let i = 0; i < 7 * 24 * 60; i++) store.issue("client", "M", (now += 60_000));
    expect(store.size.access).toBeLessThan(24 * 60 + 300);
    expect(store.verify(store.issue("client", "M", now).accessToken, now)).toMatchObject({ memberId: "M" });
  });

  it("refuses a refresh token past its lifetime over HTTP (400 invalid_request)", async () => {
    const clock = new ManualClock();
    const emu = await fixtureEmulator({ clock });
    const pair = (await (await emu.fetch("/v2/auth/token", { method: "POST", headers: FORM, body: `grant_type=client_credentials&client_id=${emu.clientId}&client_secret=${emu.clientSecret}` })).json()) as Record<string, string>;
    clock.advance(REFRESH_TTL_MS);
    const res = await emu.fetch("/v2/auth/token", { method: "POST", headers: FORM, body: `grant_type=refresh_token&refresh_token=${pair.refresh_token}` });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "invalid_request", message: "Invalid access/refresh token" });
  });
});
