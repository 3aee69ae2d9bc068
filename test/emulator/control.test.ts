/** /__emulator/ control routes, the programmatic control surface and the fake catalog ingest. */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ID, api, fixtureEmulator, tokenFor, type Json } from "./fixture.js";

const JSON_HEADERS = { "content-type": "application/json" };

describe("control routes", () => {
  it("serve truth and stats; control calls are not counted", async () => {
    const emu = await fixtureEmulator();
    const token = await tokenFor(emu);
    await api(emu, token, "/v2/workbooks");
    await api(emu, token, "/v2/workbooks/nope");
    const truth = await (await emu.fetch(`${emu.url}/__emulator/truth`)).json();
    expect(truth).toEqual(emu.truth());
    expect((truth as Json).workbooks).toHaveLength(4);
    const stats = (await (await emu.fetch(`${emu.url}/__emulator/stats`)).json()) as Json;
    expect(stats).toMatchObject({
      requests: 3,
      byRoute: { "POST /v2/auth/token": { 200: 1 }, "GET /v2/workbooks": { 200: 1 }, "GET /v2/workbooks/{workbookId}": { 400: 1 } },
      byStatus: { 200: 2, 400: 1 },
      inFlight: 0,
      peakInFlight: 1,
      rateLimited: 0,
      faultsServed: 0,
      tokensIssued: 1,
    });
  });

  it("mutate changes workbooks and invalidates cached answers", async () => {
    const emu = await fixtureEmulator();
    const token = await tokenFor(emu);
    expect((await api(emu, token, `/v2/workbooks/${ID.wb1}`)).body.latestVersion).toBe(3);
    const res = await emu.fetch(`${emu.url}/__emulator/mutate`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ workbooks: 1 }) });
    expect(await res.json()).toEqual({ workbookIds: [ID.wb1] });
    expect((await api(emu, token, `/v2/workbooks/${ID.wb1}`)).body.latestVersion).toBe(4);
    expect(emu.control.mutateWorkbooks(2)).toEqual([ID.wb1, ID.wb2]);
    expect((await emu.fetch(`${emu.url}/__emulator/mutate`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ workbooks: -1 }) })).status).toBe(400);
  });

  it("reset restores the seeded org and clears runs and stats, keeping tokens valid", async () => {
    const emu = await fixtureEmulator();
    const token = await tokenFor(emu);
    emu.control.mutateWorkbooks(1);
    const run = await api(emu, token, `/v2/workbooks/${ID.wb1}/materializations`, { method: "POST", body: JSON.stringify({ sheetId: ID.sheetA }) });
    const resetRes = await emu.fetch(`${emu.url}/__emulator/reset`, { method: "POST" });
    expect(resetRes.status).toBe(200);
    expect(emu.stats().requests).toBe(0);
    expect((await api(emu, token, `/v2/workbooks/${ID.wb1}`)).body.latestVersion).toBe(3);
    expect((await api(emu, token, `/v2/workbooks/${ID.wb1}/materializations/${run.body.materializationId}`)).status).toBe(404);
  });

  it("revoke-tokens, latency and fail-sheets over HTTP", async () => {
    const emu = await fixtureEmulator();
    const token = await tokenFor(emu);
    expect(await (await emu.fetch(`${emu.url}/__emulator/revoke-tokens`, { method: "POST" })).json()).toEqual({ revoked: 1 });
    expect((await api(emu, token, "/v2/whoami")).status).toBe(401);
    const lat = await emu.fetch(`${emu.url}/__emulator/latency`, { method: "PUT", headers: JSON_HEADERS, body: JSON.stringify({ ms: 5, jitterMs: 1 }) });
    expect(await lat.json()).toEqual({ ms: 5, jitterMs: 1 });
    expect((await emu.fetch(`${emu.url}/__emulator/latency`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ ms: -1 }) })).status).toBe(400);
    const fail = await emu.fetch(`${emu.url}/__emulator/fail-sheets`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ sheetIds: [ID.sheetA] }) });
    expect(fail.status).toBe(200);
    const unknown = await emu.fetch(`${emu.url}/__emulator/nothing`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("errorcause")).toBe("UnmatchedHandler");
  });
});

describe("fake catalog ingest", () => {
  const content = "{\"workbooks\": []}\n";
  const upload = (emu: Awaited<ReturnType<typeof fixtureEmulator>>, headers: Record<string, string>, field = "file") => {
    const form = new FormData();
    form.set(field, new Blob([content], { type: "application/json" }), "extract.json");
    return emu.fetch(`${emu.url}/__emulator/ingest/api/v1/upload`, { method: "POST", headers, body: form });
  };

  it("records path, file name, size, SHA-256 and the authorization scheme, never the token", async () => {
    const emu = await fixtureEmulator();
    const res = await upload(emu, { authorization: "Token very-secret-upload-token" });
    expect(res.status).toBe(200);
    const list = (await (await emu.fetch(`${emu.url}/__emulator/ingest`)).json()) as Json;
    expect(list.entries).toEqual([
      {
        path: "/api/v1/upload",
        filename: "extract.json",
        bytes: Buffer.byteLength(content),
        sha256: createHash("sha256").update(content).digest("hex"),
        authorizationScheme: "Token",
        contentType: "application/json",
        receivedAt: expect.any(String),
      },
    ]);
    expect(JSON.stringify(list)).not.toContain("very-secret-upload-token");
    expect(emu.uploads()).toHaveLength(1);
  });

  it("refuses uploads without authorization, without a file field, or not multipart", async () => {
    const emu = await fixtureEmulator();
    expect((await upload(emu, {})).status).toBe(401);
    expect((await upload(emu, { authorization: "Token abc12345" }, "other")).status).toBe(400);
    const plain = await emu.fetch(`${emu.url}/__emulator/ingest/x`, { method: "POST", headers: { authorization: "Token abc12345", "content-type": "application/json" }, body: "{}" });
    expect(plain.status).toBe(400);
    expect(emu.uploads()).toHaveLength(0);
  });
});
