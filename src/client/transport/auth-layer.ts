/**
 * Adds the bearer token and recovers from 401s (expired or revoked token, API-NOTES §1.3).
 *
 * The layer order puts auth outside the limiter and the retry loop, so a request can wait
 * (queue, back-off) after its token was chosen. Two defences: the inner layers re-read the
 * token before each attempt (`authorize`), and a 401 is answered by this rule:
 *  - the rejected token is no longer the provider's current one (someone refreshed already):
 *    replay with the current token, no exchange of our own;
 *  - it is still current: force one refresh (at most once per distinct rejected token) and replay;
 *  - at most MAX_AUTH_REPLAYS replays per request, so a credential whose tokens are always
 *    refused still fails fast with the 401 (AuthenticationError).
 */
import type { Layer } from "./types.js";

/** Replays of one request after 401 answers, whatever their cause. */
export const MAX_AUTH_REPLAYS = 3;

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
    const forced = new Set<string>();
    for (let replays = 0; ; replays++) {
      const res = await next({ ...req, headers: { ...req.headers, authorization: `Bearer ${sent}` }, authorize });
      if (res.status !== 401 || replays >= MAX_AUTH_REPLAYS) return res;
      const rejected = sent;
      if (tokens.isCurrent(rejected)) {
        // The same token again after we refreshed to it: the server keeps refusing it.
        if (forced.has(rejected)) return res;
        forced.add(rejected);
        tokens.invalidate(rejected);
      }
      await res.body?.cancel().catch(() => {});
      sent = await tokens.getToken(req.signal);
    }
  };
}
