/** The auth layer on its own: a scripted token source and a scripted next handler. */
import { describe, expect, it } from "vitest";
import { FRESH_REFUSALS_TO_GIVE_UP, MAX_AUTH_REPLAYS, authLayer, type TokenSource } from "../../src/client/transport/auth-layer.js";
import { newTrace, type TransportRequest } from "../../src/client/transport/types.js";

/** A token source whose cached token can also be replaced "by someone else" (`rotate`). */
function source(opts: { othersUseFirst?: boolean } = {}) {
  let n = 1;
  let current: string | undefined = "t1";
  const used = new Set<string>();
  const log: string[] = [];
  const tokens: TokenSource = {
    getToken: async () => {
      if (current === undefined) {
        n += 1;
        current = `t${n}`;
        if (opts.othersUseFirst) used.add(current);
        log.push(`exchange ${current}`);
      }
      return current;
    },
    isCurrent: (t) => t === current,
    invalidate: (t) => {
      if (t === current) current = undefined;
    },
    claimUse: (t) => {
      if (t !== current || used.has(t)) return false;
      used.add(t);
      return true;
    },
    generation: (t) => (t === current ? Number(t.slice(1)) : 0),
  };
  /** Someone else refreshed (and, with `use`, already sent the new token). */
  const rotate = (use = false) => {
    n += 1;
    current = `t${n}`;
    if (use) used.add(current);
  };
  return { tokens, log, rotate, used };
}

const request = (): TransportRequest => ({
  method: "GET",
  url: "https://api.example.test/v2/x",
  path: "/v2/x",
  headers: {},
  idempotent: true,
  retryOnStatus: true,
  retryOn500: true,
  trace: newTrace(),
});

/** Runs one request through the layer (authorizing each attempt as the rate-limit layer does); `answer` gets the bearer. */
async function run(s: ReturnType<typeof source>, answer: (bearer: string, attempt: number) => number) {
  const sent: string[] = [];
  const pauses: number[] = [];
  const handler = authLayer(s.tokens, { clock: { sleep: async (ms) => void pauses.push(ms) }, random: () => 0.5 })(async (req) => {
    const bearer = (req.authorize ? await req.authorize() : "").replace(/^Bearer /, "");
    sent.push(bearer);
    return new Response("{}", { status: answer(bearer, sent.length) });
  });
  const res = await handler(request());
  return { status: res.status, sent, pauses };
}

describe("auth layer alone", () => {
  it("gives up when fresh tokens are refused on their first use twice in a row (a refused credential)", async () => {
    expect(FRESH_REFUSALS_TO_GIVE_UP).toBe(2);
    const s = source();
    const r = await run(s, () => 401);
    expect(r).toEqual({ status: 401, sent: ["t1", "t2"], pauses: [] });
    expect(s.log).toEqual(["exchange t2"]);
  });

  it("retries when a fresh token is refused on its first use only once (a revocation hit it)", async () => {
    const s = source();
    // t1 was in use already; t2 is revoked on its first use; t3 works.
    s.used.add("t1");
    const r = await run(s, (bearer) => (bearer === "t3" ? 200 : 401));
    expect(r.status).toBe(200);
    expect(r.sent).toEqual(["t1", "t2", "t3"]);
    expect(s.log).toEqual(["exchange t2", "exchange t3"]);
    // t2 was minted after the request was first sent: its 401 is a revocation race, paused for.
    expect(r.pauses).toEqual([150]);
  });

  it("retries 401s on tokens minted after the request was first sent, with growing pauses, bounded", async () => {
    // Every new token is used (and revoked) by other requests before this one's replay lands.
    const s = source({ othersUseFirst: true });
    s.used.add("t1");
    const r = await run(s, () => 401);
    expect(r.status).toBe(401);
    expect(r.sent).toHaveLength(MAX_AUTH_REPLAYS + 1);
    expect(s.log).toHaveLength(MAX_AUTH_REPLAYS);
    // No pause after t1's 401 (it predates the request); then 150, 300, 600, 1200, 1500 ms.
    expect(r.pauses).toEqual([150, 300, 600, 1200, 1500]);
  });

  it("replays a 401 on a stale token with the current one, without an exchange of its own", async () => {
    const s = source();
    s.used.add("t1");
    const r = await run(s, (bearer, attempt) => {
      if (attempt === 1) s.rotate(true);
      return bearer === "t2" ? 200 : 401;
    });
    expect(r).toEqual({ status: 200, sent: ["t1", "t2"], pauses: [] });
    expect(s.log).toEqual([]);
  });

  it("one stale replay, then a refresh of its own, then success", async () => {
    const s = source();
    s.used.add("t1");
    const r = await run(s, (bearer, attempt) => {
      if (attempt === 1) s.rotate(true);
      return bearer === "t3" ? 200 : 401;
    });
    expect(r.status).toBe(200);
    expect(r.sent).toEqual(["t1", "t2", "t3"]);
    expect(s.log).toEqual(["exchange t3"]);
  });

  it("leaves non-401 answers alone", async () => {
    const s = source();
    expect(await run(s, () => 403)).toEqual({ status: 403, sent: ["t1"], pauses: [] });
    expect(s.log).toEqual([]);
  });
});
