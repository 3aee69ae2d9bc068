/** Token exchange (form, JSON, Basic, refresh), expiry by the emulator clock, 401 envelopes. */
import { describe, expect, it } from "vitest";
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
