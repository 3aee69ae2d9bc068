/** Shared helpers of the client tests: an in-process scripted fetch, a fake clock, a client factory. */
import { SigmaClient, type SigmaClientOptions } from "../../src/client/client.js";
import { AbortedError } from "../../src/errors.js";
import type { FetchLike } from "../../src/client/transport/types.js";
import type { ScriptedReply, ScriptedRequest } from "../helpers/scripted-server.js";

export const BASE = "https://api.example.test";
export const CLIENT_ID = "test-client-id";
export const SECRET = "s3cr3t-client-secret-value";

/** A Response built from a scripted reply. */
export function toResponse(reply: ScriptedReply): Response {
  const isJson = reply.json !== undefined;
  const status = reply.status ?? 200;
  const body = status === 204 ? null : isJson ? JSON.stringify(reply.json) : (reply.body ?? "");
  return new Response(body, {
    status,
    headers: { ...(isJson ? { "content-type": "application/json" } : {}), ...reply.headers },
  });
}

/** An in-process fetch that answers with `handle` and records every request. */
export function scriptedFetch(
  handle: (req: ScriptedRequest, init?: RequestInit) => ScriptedReply | Response | Promise<ScriptedReply | Response>,
) {
  const requests: ScriptedRequest[] = [];
  const fetch: FetchLike = async (input, init) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    const req: ScriptedRequest = {
      method: init?.method ?? "GET",
      path: url.pathname + url.search,
      pathname: url.pathname,
      query: url.searchParams,
      headers,
      body: typeof init?.body === "string" ? init.body : "",
    };
    requests.push(req);
    if (init?.signal?.aborted) throw new DOMException("aborted", "AbortError");
    const out = await handle(req, init);
    return out instanceof Response ? out : toResponse(out);
  };
  return { fetch, requests };
}

/** A token reply. */
export function tokenReply(token = "tok-0000000001", expiresIn = 3600): ScriptedReply {
  return { json: { access_token: token, token_type: "bearer", expires_in: expiresIn } };
}

/** A clock whose sleep returns at once and advances `now`, recording each wait. */
export function fakeClock(start = Date.UTC(2026, 0, 1)) {
  const clock = {
    t: start,
    sleeps: [] as number[],
    now: () => clock.t,
    advance: (ms: number) => void (clock.t += ms),
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw new AbortedError("wait cancelled");
      clock.sleeps.push(ms);
      clock.t += ms;
    },
  };
  return clock;
}

/** A client against `fetch` with the fake clock and no jitter surprises (random = 0.5). */
export function makeClient(fetch: FetchLike, overrides: Partial<SigmaClientOptions> = {}) {
  const clock = fakeClock();
  const client = new SigmaClient({
    baseUrl: BASE,
    clientId: CLIENT_ID,
    clientSecret: SECRET,
    fetch,
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    ...overrides,
  });
  return { client, clock };
}

/** A deferred promise, for holding requests open. */
export function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A fetch error the way undici throws it for a refused connection. */
export function refusedError(code = "ECONNREFUSED"): TypeError {
  const cause = Object.assign(new Error(`connect ${code} 127.0.0.1:9`), { code });
  return new TypeError("fetch failed", { cause });
}
