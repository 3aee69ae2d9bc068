/** The auth layer's 401 rule and token freshness, with a scripted fetch and a fake clock. */
import { describe, expect, it } from "vitest";
import { refreshSkewMs } from "../../src/client/auth.js";
import { AuthenticationError } from "../../src/errors.js";
import type { ScriptedReply, ScriptedRequest } from "../helpers/scripted-server.js";
import { deferred, makeClient, scriptedFetch, tokenReply } from "./support.js";

const OK = { json: { ok: true } };
const UNAUTHORIZED: ScriptedReply = { status: 401, json: { code: "unauthorized", message: "Invalid access token" } };
const bearer = (req: ScriptedRequest) => (req.headers.authorization ?? "").replace(/^Bearer /, "");

/**
 * A server that mints tok-000000000N and answers API calls with `api(req, token)`. Tokens
 * expire `ttlS` seconds after minting on `clock` (when given). Records the tokens each path saw.
 */
function tokenServer(opts: {
  ttlS?: number;
  sameToken?: boolean;
  clock?: () => number;
  api?: (req: ScriptedRequest, token: string) => ScriptedReply | Promise<ScriptedReply>;
}) {
  const ttlS = opts.ttlS ?? 3600;
  let minted = 0;
  const expiresAt = new Map<string, number>();
  const seen = new Map<string, string[]>();
  const { fetch, requests } = scriptedFetch(async (req) => {
    if (req.pathname === "/v2/auth/token") {
      minted += 1;
      const token = opts.sameToken ? "tok-0000000001" : `tok-000000000${minted}`;
      expiresAt.set(token, (opts.clock?.() ?? 0) + ttlS * 1000);
      return tokenReply(token, ttlS);
    }
    const token = bearer(req);
    seen.set(req.pathname, [...(seen.get(req.pathname) ?? []), token]);
    if (opts.clock && opts.clock() >= (expiresAt.get(token) ?? 0)) return UNAUTHORIZED;
    return opts.api ? opts.api(req, token) : OK;
  });
  return { fetch, requests, exchanges: () => minted, seen: (path: string) => seen.get(path) ?? [] };
}

describe("auth layer: the 401 rule", () => {
  it("replays with the current token, without an exchange of its own, when the rejected token is stale", async () => {
    const holdA = deferred();
    const bDone = deferred();
    const s = tokenServer({
      api: async (req, token) => {
        if (req.pathname === "/v2/a" && token === "tok-0000000001") await holdA.promise;
        return token === "tok-0000000001" ? UNAUTHORIZED : OK;
      },
    });
    const { client } = makeClient(s.fetch);
    const a = client.request({ method: "GET", path: "/v2/a" });
    const b = client.request({ method: "GET", path: "/v2/b" }).finally(() => bDone.resolve());
    await bDone.promise;
    // B was refused tok-1 and refreshed to tok-2; A's 401 on tok-1 arrives only now.
    expect(s.exchanges()).toBe(2);
    holdA.resolve();
    await expect(Promise.all([a, b])).resolves.toEqual([{ ok: true }, { ok: true }]);
    expect(s.seen("/v2/a")).toEqual(["tok-0000000001", "tok-0000000002"]);
    expect(s.exchanges()).toBe(2);
  });

  it("retries a revocation that hit a fresh token once, and replays a stale 401 with the current token", async () => {
    const holdA = deferred();
    const bDone = deferred();
    const s = tokenServer({
      api: async (req, token) => {
        if (req.pathname === "/v2/a" && token === "tok-0000000001") await holdA.promise;
        // tok-1 and tok-2 are refused (revoked); tok-3 works.
        return token === "tok-0000000003" ? OK : UNAUTHORIZED;
      },
    });
    const { client, clock } = makeClient(s.fetch);
    const a = client.request({ method: "GET", path: "/v2/a" });
    // B: tok-1 refused (A used it first), refresh to tok-2, refused on its first use: one such
    // refusal may be a revocation, so after a pause B refreshes to tok-3 and succeeds.
    const b = client.request({ method: "GET", path: "/v2/b" }).finally(() => bDone.resolve());
    await bDone.promise;
    await expect(b).resolves.toEqual({ ok: true });
    expect(s.seen("/v2/b")).toEqual(["tok-0000000001", "tok-0000000002", "tok-0000000003"]);
    expect(s.exchanges()).toBe(3);
    expect(clock.sleeps).toHaveLength(1);
    holdA.resolve();
    // A: tok-1 refused but stale (tok-3 is current): replay with tok-3, no exchange of its own.
    await expect(a).resolves.toEqual({ ok: true });
    expect(s.seen("/v2/a")).toEqual(["tok-0000000001", "tok-0000000003"]);
    expect(s.exchanges()).toBe(3);
  });

  it("fails after one forced refresh when the new token is refused too", async () => {
    const s = tokenServer({ api: (_req, token) => (token === "tok-0000000003" ? OK : UNAUTHORIZED) });
    const { client } = makeClient(s.fetch);
    const err = await client.request({ method: "GET", path: "/v2/x" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    // No second forced refresh: tok-3 (which would work) is never fetched by this request.
    expect(s.seen("/v2/x")).toEqual(["tok-0000000001", "tok-0000000002"]);
    expect(client.stats().tokenRefreshes).toBe(2);
    // The next request starts afresh: tok-2 is still cached, refused, forced refresh to tok-3.
    await expect(client.request({ method: "GET", path: "/v2/y" })).resolves.toEqual({ ok: true });
    expect(s.seen("/v2/y")).toEqual(["tok-0000000002", "tok-0000000003"]);
    expect(client.stats().tokenRefreshes).toBe(3);
  });

  it("a permanently refused credential: 2 exchanges (initial + one forced), 2 attempts, AuthenticationError", async () => {
    const s = tokenServer({ api: () => UNAUTHORIZED });
    const { client, clock } = makeClient(s.fetch);
    const err = await client.request({ method: "GET", path: "/v2/x" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect((err as AuthenticationError).status).toBe(401);
    expect(s.seen("/v2/x")).toEqual(["tok-0000000001", "tok-0000000002"]);
    expect(s.exchanges()).toBe(2);
    expect(clock.sleeps).toEqual([]);
  });

  it("stops after one forced refresh when the exchange hands back the refused token again", async () => {
    const s = tokenServer({ sameToken: true, api: () => UNAUTHORIZED });
    const { client } = makeClient(s.fetch);
    await expect(client.request({ method: "GET", path: "/v2/x" })).rejects.toBeInstanceOf(AuthenticationError);
    expect(s.seen("/v2/x")).toHaveLength(2);
    expect(s.exchanges()).toBe(2);
  });

  it("keeps exchanges minimal when many queued requests meet a revoked token", async () => {
    let calls = 0;
    const s = tokenServer({
      api: async (_req, token) => {
        calls += 1;
        await new Promise((r) => setTimeout(r, 1));
        // tok-1 is revoked once the first few calls went through.
        return calls > 3 && token === "tok-0000000001" ? UNAUTHORIZED : OK;
      },
    });
    const { client } = makeClient(s.fetch, { concurrency: 4 });
    const all = await Promise.all(Array.from({ length: 40 }, (_, i) => client.request({ method: "GET", path: `/v2/r${i}` })));
    expect(all).toHaveLength(40);
    expect(s.exchanges()).toBe(2);
    const refused = s.requests.filter((r) => r.pathname !== "/v2/auth/token").length - 40;
    // Only requests sent around the revocation were refused (about one concurrency's worth);
    // queued ones left later with tok-2.
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThanOrEqual(8);
  });
});

describe("auth layer: token freshness", () => {
  it("re-reads the token before a retry, so a back-off longer than the lifetime causes no 401", async () => {
    let clockNow = () => 0;
    let first = true;
    const s = tokenServer({
      ttlS: 2,
      clock: () => clockNow(),
      api: () => {
        if (!first) return OK;
        first = false;
        return { status: 429, headers: { "retry-after": "3" } };
      },
    });
    const { client, clock } = makeClient(s.fetch);
    clockNow = clock.now;
    await expect(client.request({ method: "GET", path: "/v2/x" })).resolves.toEqual({ ok: true });
    expect(clock.sleeps).toEqual([3375]);
    // The retry left with a fresh token: no 401 in between.
    expect(s.seen("/v2/x")).toEqual(["tok-0000000001", "tok-0000000002"]);
  });

  it("re-reads the token when a request leaves the limiter queue", async () => {
    let clockNow = () => 0;
    const gate = deferred();
    const s = tokenServer({
      ttlS: 1,
      clock: () => clockNow(),
      api: async (req) => {
        if (req.pathname === "/v2/slow") await gate.promise;
        return OK;
      },
    });
    const { client, clock } = makeClient(s.fetch, { concurrency: 1 });
    clockNow = clock.now;
    const slow = client.request({ method: "GET", path: "/v2/slow" });
    const queued = client.request({ method: "GET", path: "/v2/queued" });
    await new Promise((r) => setTimeout(r, 5));
    clock.advance(5_000);
    gate.resolve();
    await Promise.all([slow, queued]);
    expect(s.seen("/v2/queued")).toEqual(["tok-0000000002"]);
  });

  it("refreshes 1-2 s tokens after half their life, counted from when the exchange was sent", async () => {
    expect(refreshSkewMs(1)).toBe(500);
    expect(refreshSkewMs(2)).toBe(1_000);
    expect(refreshSkewMs(10)).toBe(1_000);
    expect(refreshSkewMs(3600)).toBe(60_000);
    let clockNow = () => 0;
    let advance = (_ms: number) => {};
    let minted = 0;
    const { fetch } = scriptedFetch((req) => {
      if (req.pathname !== "/v2/auth/token") return OK;
      minted += 1;
      // The token answer takes 300 ms: the token's life started when the request left.
      advance(300);
      return tokenReply(`tok-000000000${minted}`, 1);
    });
    const { client, clock } = makeClient(fetch);
    clockNow = clock.now;
    advance = clock.advance;
    const t0 = clockNow();
    await client.request({ method: "GET", path: "/v2/x" });
    expect(minted).toBe(1);
    clock.advance(t0 + 450 - clockNow());
    await client.request({ method: "GET", path: "/v2/x" });
    expect(minted).toBe(1);
    clock.advance(100);
    await client.request({ method: "GET", path: "/v2/x" });
    expect(minted).toBe(2);
  });
});
