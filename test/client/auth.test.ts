import { describe, expect, it } from "vitest";
import { refreshSkewMs } from "../../src/client/auth.js";
import { AuthenticationError, BadRequestError, ResponseValidationError, SigmaConnectionError } from "../../src/errors.js";
import { routes } from "../helpers/scripted-server.js";
import { deferred, makeClient, refusedError, scriptedFetch, SECRET, tokenReply } from "./support.js";

const WHO = { json: { userId: "u1", organizationId: "o1" } };

describe("token provider", () => {
  it("sends the documented form-encoded client-credentials exchange", async () => {
    const { fetch, requests } = scriptedFetch(routes({ "POST /v2/auth/token": tokenReply(), "GET /v2/whoami": WHO }));
    const { client } = makeClient(fetch);
    await client.whoami();
    const tokenReq = requests[0];
    expect(tokenReq?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(new URLSearchParams(tokenReq?.body))).toEqual({
      grant_type: "client_credentials",
      client_id: "test-client-id",
      client_secret: SECRET,
    });
    expect(tokenReq?.headers.authorization).toBeUndefined();
    expect(requests[1]?.headers.authorization).toBe("Bearer tok-0000000001");
  });

  it("shares one exchange among concurrent requests (single flight)", async () => {
    const gate = deferred();
    let exchanges = 0;
    const { fetch } = scriptedFetch(async (req) => {
      if (req.pathname === "/v2/auth/token") {
        exchanges += 1;
        await gate.promise;
        return tokenReply();
      }
      return WHO;
    });
    const { client } = makeClient(fetch, { concurrency: 20 });
    const all = Promise.all(Array.from({ length: 10 }, () => client.whoami()));
    await new Promise((r) => setTimeout(r, 5));
    gate.resolve();
    await all;
    expect(exchanges).toBe(1);
    expect(client.stats().tokenRefreshes).toBe(1);
  });

  it("refreshes before expiry (60 s early for an hour-long token)", async () => {
    let n = 0;
    const { fetch } = scriptedFetch(
      routes({ "POST /v2/auth/token": () => tokenReply(`tok-00000000${++n}`, 3600), "GET /v2/whoami": WHO }),
    );
    const { client, clock } = makeClient(fetch);
    await client.whoami();
    clock.advance(3600_000 - 61_000);
    await client.whoami();
    expect(n).toBe(1);
    clock.advance(2_000);
    await client.whoami();
    expect(n).toBe(2);
  });

  it("uses 10 % of a short lifetime as the margin", async () => {
    expect(refreshSkewMs(3600)).toBe(60_000);
    expect(refreshSkewMs(10)).toBe(1_000);
    let n = 0;
    const { fetch } = scriptedFetch(
      routes({ "POST /v2/auth/token": () => tokenReply(`tok-00000000${++n}`, 10), "GET /v2/whoami": WHO }),
    );
    const { client, clock } = makeClient(fetch);
    await client.whoami();
    clock.advance(8_500);
    await client.whoami();
    expect(n).toBe(1);
    clock.advance(600);
    await client.whoami();
    expect(n).toBe(2);
  });

  it("on a 401 refreshes exactly once and replays", async () => {
    let n = 0;
    const seen: string[] = [];
    const { fetch } = scriptedFetch(
      routes({
        "POST /v2/auth/token": () => tokenReply(`tok-00000000${++n}`),
        "GET /v2/whoami": (req) => {
          seen.push(req.headers.authorization ?? "");
          return req.headers.authorization === "Bearer tok-000000001"
            ? { status: 401, json: { code: "unauthorized", message: "expired" } }
            : WHO;
        },
      }),
    );
    const { client } = makeClient(fetch);
    await expect(client.whoami()).resolves.toMatchObject({ userId: "u1" });
    expect(n).toBe(2);
    expect(seen).toEqual(["Bearer tok-000000001", "Bearer tok-000000002"]);
  });

  it("fails with AuthenticationError when the forced refresh's replay is refused too (one forced refresh)", async () => {
    let n = 0;
    const { fetch, requests } = scriptedFetch(
      routes({
        "POST /v2/auth/token": () => tokenReply(`tok-00000000${++n}`),
        "GET /v2/whoami": { status: 401, json: { code: "unauthorized", message: "nope" } },
      }),
    );
    const { client, clock } = makeClient(fetch);
    await expect(client.whoami()).rejects.toBeInstanceOf(AuthenticationError);
    // The first token plus exactly one forced refresh, two attempts, then it gives up.
    expect(n).toBe(2);
    expect(requests.filter((r) => r.pathname === "/v2/whoami").map((r) => r.headers.authorization)).toEqual([
      "Bearer tok-000000001",
      "Bearer tok-000000002",
    ]);
    expect(clock.sleeps).toEqual([]);
  });

  it("reports refused credentials naming the host, without the secret or a retry", async () => {
    const { fetch, requests } = scriptedFetch(
      routes({ "POST /v2/auth/token": { status: 400, json: { code: "invalid_request", message: `bad client_secret=${SECRET}` } } }),
    );
    const { client, clock } = makeClient(fetch);
    const err = (await client.whoami().catch((e: unknown) => e)) as AuthenticationError;
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.message).toContain("api.example.test");
    expect(err.message).toContain("refused the client id/secret");
    expect(err.message).not.toContain(SECRET);
    expect(JSON.stringify(err)).not.toContain(SECRET);
    expect(err.status).toBe(400);
    // Sigma's own answer stays reachable as the cause, redacted like everything else.
    expect(err.cause).toBeInstanceOf(BadRequestError);
    expect((err.cause as BadRequestError).code).toBe("invalid_request");
    expect((err.cause as BadRequestError).message).toContain("bad client_secret=[REDACTED]");
    expect((err.cause as BadRequestError).message).not.toContain(SECRET);
    expect(requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it("retries the exchange on 503, a refused connection and a reset; gives up after the retry budget", async () => {
    let n = 0;
    const { fetch } = scriptedFetch((req) => {
      if (req.pathname === "/v2/whoami") return WHO;
      n += 1;
      if (n === 1) return { status: 503 };
      if (n === 2) throw refusedError("ECONNREFUSED");
      return tokenReply();
    });
    const { client } = makeClient(fetch);
    await client.whoami();
    expect(n).toBe(3);

    let k = 0;
    const resetOnce = scriptedFetch((req) => {
      if (req.pathname === "/v2/whoami") return WHO;
      k += 1;
      if (k === 1) throw refusedError("ECONNRESET");
      return tokenReply();
    });
    const { client: c1 } = makeClient(resetOnce.fetch);
    await c1.whoami();
    expect(k).toBe(2);

    let m = 0;
    const reset = scriptedFetch(() => {
      m += 1;
      throw refusedError("ECONNRESET");
    });
    const { client: c2 } = makeClient(reset.fetch);
    await expect(c2.whoami()).rejects.toBeInstanceOf(SigmaConnectionError);
    // Bounded: the first attempt plus the retry budget (maxRetries, default 5), then the error.
    expect(m).toBe(6);
  });

  it("rejects a token response without access_token", async () => {
    const { fetch } = scriptedFetch(routes({ "POST /v2/auth/token": { json: { token_type: "bearer", expires_in: 3600 } } }));
    const { client } = makeClient(fetch);
    const err = (await client.whoami().catch((e: unknown) => e)) as ResponseValidationError;
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err.issues[0]).toMatch(/^access_token: /);
  });
});
