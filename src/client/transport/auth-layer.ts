/**
 * Adds the bearer token and recovers from 401s (expired or revoked token, sigma-api-facts §1.3).
 *
 * Auth is the outermost layer, so a request can wait (back-off, limiter queue) after its token
 * was chosen: the rate-limit layer re-reads the token (`authorize`) once each attempt has its
 * slot, and marks whether that attempt is the token's *first use* (the first attempt of all
 * requests to carry it). A 401 is answered by this rule, per request:
 *  - the rejected token is no longer the provider's current one (someone refreshed already):
 *    replay with the current token, no exchange of our own;
 *  - it is still current: invalidate it and replay with a new one. The provider keeps a single
 *    exchange in flight, so many requests refused together cost one exchange;
 *  - a 401 on a token minted after the request was first sent (a revocation racing the replay:
 *    other requests revoke, or the server revokes, the new token before the replay lands) is
 *    retried too, after a growing, jittered pause;
 *  - the request gives up only when a fresh token is refused on its first use, twice in a row
 *    (a revocation can hit a first use once; a refused credential refuses every token), or
 *    after MAX_AUTH_REPLAYS replays in all.
 * So a credential whose tokens are always refused costs 2 exchanges and 2 attempts per call,
 * then fails with the 401; a long run survives revocations (1% of requests in the tests).
 */
import { sleep as realSleep } from "./sleep.js";
import type { Clock, Layer } from "./types.js";

/** Replays of one request after 401 answers, whatever their cause. */
export const MAX_AUTH_REPLAYS = 6;
/** Fresh tokens refused on their first use, in a row, that make a request give up. */
export const FRESH_REFUSALS_TO_GIVE_UP = 2;
/** First pause before replaying a 401 on a token minted after the request was first sent. */
const REPLAY_PAUSE_MS = 100;
const MAX_REPLAY_PAUSE_MS = 2_000;

/** What the auth layer needs from a token provider. */
export interface TokenSource {
  /** A valid access token (cached, refreshed before expiry). */
  getToken(signal?: AbortSignal): Promise<string>;
  /** True when `token` is the cached token (a 401 on it means it must be refreshed). */
  isCurrent(token: string): boolean;
  /** Drops `token` if it is still the cached one, so the next getToken exchanges again. */
  invalidate(token: string): void;
  /** Marks `token` as sent; true when this is its first use (no attempt carried it before). */
  claimUse(token: string): boolean;
  /** Number of the exchange that minted `token` (0 when unknown); later exchanges have larger numbers. */
  generation(token: string): number;
}

/** Options of {@link authLayer}. */
export interface AuthLayerOptions {
  /** Clock of the pauses between 401 replays (default: timers). */
  clock?: Pick<Clock, "sleep"> | undefined;
  /** Uniform random in [0, 1) for their jitter (default Math.random). */
  random?: (() => number) | undefined;
}

/** Authenticates every request that is not `anonymous`. */
export function authLayer(tokens: TokenSource, options: AuthLayerOptions = {}): Layer {
  const pause = options.clock?.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  return (next) => async (req) => {
    if (req.anonymous) return next(req);
    // Chosen here (outside the limiter slot, so a first exchange does not hold one), then
    // re-read before each attempt; `sent` is the token of the latest attempt.
    let sent = await tokens.getToken(req.signal);
    let firstUse = false;
    let firstGeneration: number | undefined;
    const authorize = async (): Promise<string> => {
      sent = await tokens.getToken(req.signal);
      firstUse = tokens.claimUse(sent);
      firstGeneration ??= tokens.generation(sent);
      return `Bearer ${sent}`;
    };
    let freshRefusals = 0;
    for (let replays = 0; ; replays++) {
      const res = await next({ ...req, headers: { ...req.headers, authorization: `Bearer ${sent}` }, authorize });
      if (res.status !== 401 || replays >= MAX_AUTH_REPLAYS) return res;
      freshRefusals = firstUse ? freshRefusals + 1 : 0;
      if (freshRefusals >= FRESH_REFUSALS_TO_GIVE_UP) return res;
      const mintedSince = tokens.generation(sent) > (firstGeneration ?? Infinity);
      if (tokens.isCurrent(sent)) tokens.invalidate(sent);
      await res.body?.cancel().catch(() => {});
      if (mintedSince) {
        // A token newer than the request was refused: revocations are racing. Let them settle.
        const ceiling = Math.min(MAX_REPLAY_PAUSE_MS, REPLAY_PAUSE_MS * 2 ** replays);
        await pause(ceiling / 2 + Math.floor((random() * ceiling) / 2), req.signal);
      }
      sent = await tokens.getToken(req.signal);
    }
  };
}
