/** Adds the bearer token; on a 401, forces exactly one token refresh and replays once. */
import type { Layer } from "./types.js";

/** What the auth layer needs from a token provider. */
export interface TokenSource {
  /** A valid access token (cached, refreshed before expiry). */
  getToken(signal?: AbortSignal): Promise<string>;
  /** Drops `token` if it is still the cached one, so the next getToken exchanges again. */
  invalidate(token: string): void;
}

/** Authenticates every request that is not `anonymous`. */
export function authLayer(tokens: TokenSource): Layer {
  return (next) => async (req) => {
    if (req.anonymous) return next(req);
    const token = await tokens.getToken(req.signal);
    const res = await next({ ...req, headers: { ...req.headers, authorization: `Bearer ${token}` } });
    if (res.status !== 401) return res;
    // Expired or revoked token (API-NOTES §1.3): one refresh, one replay, then give up.
    await res.body?.cancel().catch(() => {});
    tokens.invalidate(token);
    const fresh = await tokens.getToken(req.signal);
    return next({ ...req, headers: { ...req.headers, authorization: `Bearer ${fresh}` } });
  };
}
