/**
 * Adds the bearer token and recovers from 401s (expired or revoked token, API-NOTES §1.3).
 *
 * The layer order puts auth outside the limiter and the retry loop, so a request can wait
 * (queue, back-off) after its token was chosen. Two defences: the inner layers re-read the
 * token before each attempt (`authorize`), and a 401 is answered by this rule, per request:
 *  - the rejected token is no longer the provider's current one (someone refreshed already):
 *    replay once with the current token, no exchange of our own (not the forced refresh);
 *  - it is still current: invalidate it, get a new one and replay. This forced refresh happens
 *    at most ONCE per request;
 *  - any 401 after the forced refresh (its replay refused too) is final: AuthenticationError;
 *  - at most MAX_AUTH_REPLAYS replays per request in all.
 * So a credential whose tokens are always refused costs 2 exchanges (the initial one and the
 * forced one) and 2 attempts per call, then fails with the 401.
 */
import type { Layer } from "./types.js";

/** Replays of one request after 401 answers, whatever their cause (one stale + one forced). */
export const MAX_AUTH_REPLAYS = 2;

/** What the auth layer needs from a token provider. */
export interface TokenSource {
  /** A valid access token (cached, refreshed before expiry). */
  getToken(signal?: AbortSignal): Promise<string>;
  /** True when `token` is the cached token (a 401 on it means it must be refreshed). */
  isCurrent(token: string): boolean;
  /** Drops `token` if it is still the cached one, so the next getToken exchanges again. */
  invalidate(token: string): void;
}

/** Authenticates every request that is not `anonymous`. */
export function authLayer(tokens: TokenSource): Layer {
  return (next) => async (req) => {
    if (req.anonymous) return next(req);
    // Chosen here (outside the limiter slot, so a first exchange does not hold one), then
    // re-read before each attempt; `sent` is the token of the latest attempt.
    let sent = await tokens.getToken(req.signal);
    const authorize = async (): Promise<string> => {
      sent = await tokens.getToken(req.signal);
      return `Bearer ${sent}`;
    };
    let forced = false;
    for (let replays = 0; ; replays++) {
      const res = await next({ ...req, headers: { ...req.headers, authorization: `Bearer ${sent}` }, authorize });
      // After the forced refresh, a 401 means the credential itself is refused: stop there.
      if (res.status !== 401 || forced || replays >= MAX_AUTH_REPLAYS) return res;
      if (tokens.isCurrent(sent)) {
        forced = true;
        tokens.invalidate(sent);
      }
      await res.body?.cancel().catch(() => {});
      sent = await tokens.getToken(req.signal);
    }
  };
}
