/** The auth layer on its own: a scripted token source and a scripted next handler. */
import { describe, expect, it } from "vitest";
import { MAX_AUTH_REPLAYS, authLayer, type TokenSource } from "../../src/client/transport/auth-layer.js";
import { newTrace, type TransportRequest } from "../../src/client/transport/types.js";

/** A token source whose cached token can also be replaced "by someone else" (`rotate`). */
function source() {
  let n = 1;
  let current: string | undefined = "t1";
  const log: string[] = [];
  const tokens: TokenSource = {
    getToken: async () => {
      if (current === undefined) {
        n += 1;
        current = `t${n}`;
        log.push(`exchange ${current}`);
      }
      return current;
    },
    isCurrent: (t) => t === current,
    invalidate: (t) => {
      if (t === current) current = undefined;
    },
  };
  const rotate = () => {
    n += 1;
    current = `t${n}`;
  };
  return { tokens, log, rotate };
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

/** Runs one request through the layer; `answer` gets the bearer of each attempt. */
async function run(s: ReturnType<typeof source>, answer: (bearer: string, attempt: number) => number) {
  const sent: string[] = [];
  const handler = authLayer(s.tokens)(async (req) => {
    const bearer = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    sent.push(bearer);
    return new Response("{}", { status: answer(bearer, sent.length) });
  });
  const res = await handler(request());
  return { status: res.status, sent };
}

describe("auth layer alone", () => {
  it("allows at most 2 replays, even when every 401 is on a stale token", async () => {
    expect(MAX_AUTH_REPLAYS).toBe(2);
    const s = source();
    // Before each answer someone else refreshed, so each rejected token is already stale.
    const r = await run(s, () => {
      s.rotate();
      return 401;
    });
    expect(r.status).toBe(401);
    expect(r.sent).toEqual(["t1", "t2", "t3"]);
    // Stale replays make no exchange of their own.
    expect(s.log).toEqual([]);
  });

  it("one stale replay, then the one forced refresh, then success", async () => {
    const s = source();
    const r = await run(s, (bearer, attempt) => {
      if (attempt === 1) s.rotate();
      return bearer === "t3" ? 200 : 401;
    });
    expect(r).toEqual({ status: 200, sent: ["t1", "t2", "t3"] });
    expect(s.log).toEqual(["exchange t3"]);
  });

  it("a 401 after the forced refresh is final, even on a token someone else already replaced", async () => {
    const s = source();
    const r = await run(s, (_bearer, attempt) => {
      if (attempt === 2) s.rotate();
      return 401;
    });
    expect(r).toEqual({ status: 401, sent: ["t1", "t2"] });
    expect(s.log).toEqual(["exchange t2"]);
  });

  it("leaves non-401 answers alone", async () => {
    const s = source();
    expect(await run(s, () => 403)).toEqual({ status: 403, sent: ["t1"] });
    expect(s.log).toEqual([]);
  });
});
