/** Serving on a real loopback port: keep-alive, bodies, connection resets, clean shutdown. */
import { request as httpRequest, Agent } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/index.js";
import { ID, fixtureEmulator } from "./fixture.js";

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function token(e: Emulator): Promise<string> {
  const res = await fetch(`${e.url}/v2/auth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: e.clientId, client_secret: e.clientSecret }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Two requests over one keep-alive agent; returns the local ports used (same port = reused socket). */
function twoRequestsOnOneSocket(url: string, auth: string): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const one = () =>
    new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${url}/v2/whoami`, { agent, headers: { authorization: `Bearer ${auth}` } }, (res) => {
        res.resume();
        res.on("end", () => resolve(req.socket?.localPort ?? -1));
      });
      req.on("error", reject);
      req.end();
    });
  return one()
    .then(async (a) => [a, await one()])
    .finally(() => agent.destroy());
}

describe("listening on a loopback port", () => {
  it("serves the API on 127.0.0.1 with keep-alive", async () => {
    emu = await fixtureEmulator({ listen: true });
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const t = await token(emu);
    const res = await fetch(`${emu.url}/v2/workbooks?limit=1`, { headers: { authorization: `Bearer ${t}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("connection")).toBe("keep-alive");
    expect(((await res.json()) as { total: number }).total).toBe(2);
    const [a, b] = await twoRequestsOnOneSocket(emu.url, t);
    expect(a).toBe(b);
    const post = await fetch(`${emu.url}/v2/workbooks/${ID.wb1}/materializations`, {
      method: "POST",
      headers: { authorization: `Bearer ${t}`, "content-type": "application/json" },
      body: JSON.stringify({ sheetId: ID.sheetA }),
    });
    expect(post.status).toBe(200);
    const missing = await fetch(`${emu.url}/v2/unknown`, { headers: { authorization: `Bearer ${t}` } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("errorcause")).toBe("UnmatchedHandler");
  });

  it("drops the connection on a reset fault", async () => {
    emu = await fixtureEmulator({ listen: true, faults: "reset@/v2/whoami=#1" });
    const t = await token(emu);
    const err = await fetch(`${emu.url}/v2/whoami`, { headers: { authorization: `Bearer ${t}` } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    const code = ((err as TypeError).cause as { code?: string } | undefined)?.code;
    expect(["ECONNRESET", "UND_ERR_SOCKET"]).toContain(code);
    expect((await fetch(`${emu.url}/v2/whoami`, { headers: { authorization: `Bearer ${t}` } })).status).toBe(200);
  });

  it("accepts multipart uploads over the socket", async () => {
    emu = await fixtureEmulator({ listen: true });
    const form = new FormData();
    form.set("file", new Blob(["hello"]), "a.txt");
    const res = await fetch(`${emu.url}/__emulator/ingest/up`, { method: "POST", headers: { authorization: "Token abcdefgh12" }, body: form });
    expect(res.status).toBe(200);
    expect(emu.uploads()[0]).toMatchObject({ path: "/up", filename: "a.txt", bytes: 5 });
  });

  it("stops cleanly, closing idle keep-alive connections", async () => {
    emu = await fixtureEmulator({ listen: { port: 0 } });
    const url = emu.url;
    await fetch(`${url}/__emulator/stats`).then((r) => r.text()); // leaves an idle keep-alive socket
    const t0 = performance.now();
    await emu.close();
    await emu.close(); // idempotent
    expect(performance.now() - t0).toBeLessThan(1000);
    const err = await fetch(`${url}/__emulator/stats`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
  });
});
