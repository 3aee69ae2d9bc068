/**
 * The request pipeline, in a fixed order:
 *   /__emulator/* control routes (exempt from everything below)
 *   -> in-flight cap and per-client rate limit (429, like Sigma's edge)
 *   -> injected faults (reset, 5xx, 429; slow and early revocation)
 *   -> latency
 *   -> route match (404 + `errorcause: UnmatchedHandler` when none)
 *   -> bearer authentication (401 unauthorized)
 *   -> response cache (GETs over org data) -> route handler -> response shape (shape/).
 * The shape stage also reads 21-character urlIds of the real shape back before routing.
 */
import { bearerToken } from "./auth-store.js";
import { CONTROL_TOKEN_HEADER, hasControlToken } from "./control-access.js";
import { HttpError, errorResponse, type EmuRequest, type EmuResponse } from "./http.js";
import { delay } from "./latency.js";
import { requestIdFor } from "./request-id.js";
import { control } from "./routes/control.js";
import { buildApiRouter } from "./routes/index.js";
import type { RouteDef } from "./routes/types.js";
import type { EmulatorState } from "./state.js";

const CONTROL_PREFIX = "/__emulator/";

const GATEWAY_HTML: Record<number, string> = {
  502: "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n",
  504: "<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n",
};

/** One request's identity: its sequence number gives the requestId of any error it answers. */
interface Exchange {
  req: EmuRequest;
  rid: () => string;
}

function toResponse(err: unknown, state: EmulatorState, ex: Exchange): EmuResponse {
  if (err instanceof HttpError) return errorResponse(err.status, err.code, err.message, ex.rid(), err.headers);
  state.options.log(`sigma-emulator: internal error on ${ex.req.method} ${ex.req.path}: ${(err as Error)?.stack ?? String(err)}`);
  return errorResponse(500, "service_error", "Internal emulator error", ex.rid());
}

/** A 429 as Sigma's Cloudflare edge answers it: Retry-After sometimes, JSON, HTML or no body. */
function tooManyRequests(state: EmulatorState, ex: Exchange, retryAfterS: number): EmuResponse {
  const headers: Record<string, string> = {};
  if (state.faults.includeRetryAfter()) headers["retry-after"] = String(Math.max(1, Math.ceil(retryAfterS)));
  const style = state.faults.rateLimitBody;
  if (style === "empty") return { status: 429, headers, body: null };
  if (style === "html") return { status: 429, headers: { ...headers, "content-type": "text/html; charset=UTF-8" }, body: "<!DOCTYPE html><html><head><title>Access denied | Rate limited</title></head><body><h1>Error 1015</h1><p>You are being rate limited</p></body></html>" };
  return errorResponse(429, "rate_limited", "Too many requests, please retry later", ex.rid(), headers);
}

function serverError(status: 500 | 502 | 503 | 504, state: EmulatorState, ex: Exchange): EmuResponse {
  const html = GATEWAY_HTML[status];
  if (html && state.faults.gatewayBody === "html") return { status, headers: { "content-type": "text/html; charset=UTF-8" }, body: html };
  if (status === 500) return errorResponse(500, "service_error", "Internal server error", ex.rid());
  if (status === 502) return errorResponse(502, "bad_gateway", "Bad gateway", ex.rid());
  if (status === 503) return errorResponse(503, "service_unavailable", "Service temporarily unavailable", ex.rid());
  return errorResponse(504, "gateway_timeout", "Gateway timeout", ex.rid());
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Builds the core `(EmuRequest) => Promise<EmuResponse>` over a state. */
export function createDispatcher(state: EmulatorState): (req: EmuRequest, signal?: AbortSignal) => Promise<EmuResponse> {
  const router = buildApiRouter();

  async function api(ex: Exchange, route: RouteDef | undefined, params: Record<string, string>, overCap: boolean, arrived: number, signal?: AbortSignal): Promise<EmuResponse> {
    const req = ex.req;
    const token = bearerToken(req.header("authorization"));
    // The cap frees as soon as a concurrent exchange completes: a one-second hint is honest.
    if (overCap) return tooManyRequests(state, ex, 1);
    if (state.limiter) {
      // Bucket per API client. Unauthenticated calls (the token exchange) count against the
      // emulator's one client: a single caller should not get a second bucket by skipping auth.
      const client = state.tokens.clientOf(token) ?? state.credentials.clientId;
      const wait = state.limiter.take(client, state.clock.now());
      if (wait > 0) return tooManyRequests(state, ex, wait);
    }
    let slowMs = 0;
    if (!state.faults.idle) {
      const d = state.faults.decide(req.path);
      if (d.revoke && token && state.tokens.revoke(token)) state.stats.fault("revoke");
      slowMs = d.slowMs;
      if (slowMs > 0) state.stats.fault("slow");
      if (d.terminal !== undefined) {
        state.stats.fault(String(d.terminal));
        await delay(slowMs, signal);
        if (d.terminal === "reset") return { status: 0, headers: {}, body: null, reset: true };
        return d.terminal === 429 ? tooManyRequests(state, ex, state.faults.retryAfterSeconds()) : serverError(d.terminal, state, ex);
      }
    }
    const waitMs = slowMs + state.latency.nextDelay();
    // Latency is the time from arrival to the answer, the emulator's own work included: a read
    // is answered while its delay runs, so a busy emulator does not add its CPU time to every
    // request (which would make clients look slower than they are). A write takes effect only
    // after its delay, as before: a concurrent read never sees it early.
    if (req.method !== "GET") {
      await delay(waitMs - (performance.now() - arrived), signal);
      return answer(ex, route, params);
    }
    const res = await answer(ex, route, params);
    await delay(waitMs - (performance.now() - arrived), signal);
    return res;
  }

  async function answer(ex: Exchange, route: RouteDef | undefined, params: Record<string, string>): Promise<EmuResponse> {
    const req = ex.req;
    const token = bearerToken(req.header("authorization"));
    if (!route) {
      return errorResponse(404, "not_found", `No route for ${req.method} ${req.path}`, ex.rid(), { errorcause: "UnmatchedHandler" });
    }
    let caller;
    if (route.auth) {
      const v = state.tokens.verify(token, state.clock.now());
      if (typeof v === "string") {
        const why = v === "missing" ? "Missing bearer token" : v === "expired" ? "Access token expired" : "Invalid access token";
        return errorResponse(401, "unauthorized", why, ex.rid());
      }
      caller = v;
    }
    const cacheKey = route.cache && req.method === "GET" ? `${req.path}?${req.query.toString()}` : undefined;
    const hit = cacheKey ? state.cached(cacheKey) : undefined;
    if (hit) return hit;
    try {
      // Shaped before caching: a cached body is the shaped one, identical on every request.
      const res = state.shaper.outgoing(await route.handler({ req, params, query: req.query, state, caller, endpoint: route.endpoint }), route.items, params);
      if (cacheKey && res.status === 200) state.remember(cacheKey, res);
      return res;
    } catch (err) {
      // Errors are not cached: each carries its own requestId.
      return toResponse(err, state, ex);
    }
  }

  return async function dispatch(req, signal) {
    const arrived = performance.now();
    const seq = state.nextRequestSeq();
    const ex: Exchange = { req, rid: () => requestIdFor(state.options.seed, seq) };
    if (req.path.startsWith(CONTROL_PREFIX)) {
      const token = state.options.controlToken;
      if (token !== undefined && !hasControlToken(req.header, token)) {
        return errorResponse(
          401,
          "unauthorized",
          `This emulator listens on a network address: its control routes need the control token printed at startup (Authorization: Bearer <token> or ${CONTROL_TOKEN_HEADER}: <token>)`,
          ex.rid(),
        );
      }
      try {
        return await control(req, state);
      } catch (err) {
        return toResponse(err, state, ex);
      }
    }
    state.shaper.incoming(req);
    const match = router.match(req.method, req.path);
    state.stats.enter();
    const cap = state.options.maxInFlight;
    // Judged on arrival: the first `cap` concurrent requests pass, later ones are refused.
    const overCap = cap !== undefined && state.stats.inFlight > cap;
    let res: EmuResponse | undefined;
    try {
      // Handlers answer in microseconds, so without this turn no two requests would ever
      // overlap: with a cap set, each request waits one event-loop turn, and requests that
      // arrived together (concurrent connections, parallel in-process calls) are in flight
      // together, as on a server that takes any time at all. Off without a cap: no cost.
      if (cap !== undefined) await nextTurn();
      res = await api(ex, match?.handler, match?.params ?? {}, overCap, arrived, signal);
      return res;
    } catch (err) {
      // Only an abort of the in-process caller lands here; nothing is sent back.
      if (signal?.aborted) throw err;
      res = toResponse(err, state, ex);
      return res;
    } finally {
      const key = match ? `${match.handler.method} ${match.template}` : "UNMATCHED";
      state.stats.answered(key, res ? (res.reset ? "reset" : res.status) : 499);
      state.stats.timed(performance.now() - arrived);
      if (req.onSettled && res) req.onSettled(() => state.stats.release());
      else state.stats.release();
    }
  };
}
