/**
 * Client credentials and issued tokens. Credentials are deterministic from the seed; tokens
 * are opaque strings in the RFC 6750 bearer alphabet, valid for `tokenTtlSeconds` of emulator
 * clock. Refresh tokens rotate (a refresh returns a new one) but the old one stays valid until
 * revoked or REFRESH_TTL_MS old: Sigma's rotation and refresh lifetime are unverified
 * (sigma-api-facts §1.3), so the lenient reading is used.
 *
 * Memory stays bounded over long sessions: every SWEEP_EVERY issues, access tokens expired for
 * more than EXPIRED_GRACE_MS (until then they still answer "expired", after that "unknown";
 * both are 401) and refresh tokens past their lifetime are forgotten.
 */
import { Rng as Prng } from "./org/rng.js";

/** A valid access token's owner. */
export interface TokenGrant {
  clientId: string;
  memberId: string;
  expiresAt: number;
}

/** How long an expired access token is still recognised as "expired" rather than unknown. */
export const EXPIRED_GRACE_MS = 24 * 3600_000;
/** Lifetime of a refresh token (emulator clock). */
export const REFRESH_TTL_MS = 30 * 24 * 3600_000;
// Issues between two sweeps: amortises the O(tokens) walk.
const SWEEP_EVERY = 256;

/** Why a bearer token was refused. */
export type TokenRefusal = "missing" | "unknown" | "expired" | "revoked";

/** The emulator's API credentials for a seed. */
export function credentialsFor(seed: number): { clientId: string; clientSecret: string } {
  const prng = new Prng(seed, "credentials");
  const hex = (n: number) => Array.from({ length: n }, () => prng.int(16).toString(16)).join("");
  return { clientId: hex(32), clientSecret: hex(64) };
}

/** Issued access and refresh tokens. */
export class TokenStore {
  private readonly access = new Map<string, TokenGrant & { revoked: boolean }>();
  private readonly refresh = new Map<string, { clientId: string; memberId: string; expiresAt: number }>();
  private readonly prng: Prng;
  /** Number of tokens issued since start (stats). */
  issued = 0;

  constructor(
    seed: number,
    private ttlSeconds: number,
  ) {
    this.prng = new Prng(seed, "tokens");
  }

  /** Lifetime of new access tokens. */
  get ttl(): number {
    return this.ttlSeconds;
  }

  /** Issues an access + refresh token pair. */
  issue(clientId: string, memberId: string, nowMs: number): { accessToken: string; refreshToken: string; expiresIn: number } {
    const accessToken = this.prng.base62(48);
    const refreshToken = this.prng.base62(48);
    this.access.set(accessToken, { clientId, memberId, expiresAt: nowMs + this.ttlSeconds * 1000, revoked: false });
    this.refresh.set(refreshToken, { clientId, memberId, expiresAt: nowMs + REFRESH_TTL_MS });
    this.issued++;
    if (this.issued % SWEEP_EVERY === 0) this.sweep(nowMs);
    return { accessToken, refreshToken, expiresIn: this.ttlSeconds };
  }

  /** The owner of a refresh token, if it is still valid at `nowMs`. */
  refreshGrant(token: string, nowMs: number): { clientId: string; memberId: string } | undefined {
    const grant = this.refresh.get(token);
    return grant && nowMs < grant.expiresAt ? grant : undefined;
  }

  /** Tokens held (live, recently expired and revoked access tokens; refresh tokens). */
  get size(): { access: number; refresh: number } {
    return { access: this.access.size, refresh: this.refresh.size };
  }

  /** Forgets access tokens expired for longer than the grace period and refresh tokens past their lifetime. */
  sweep(nowMs: number): void {
    for (const [token, grant] of this.access) if (nowMs >= grant.expiresAt + EXPIRED_GRACE_MS) this.access.delete(token);
    for (const [token, grant] of this.refresh) if (nowMs >= grant.expiresAt) this.refresh.delete(token);
  }

  /** Checks a bearer token against the clock. */
  verify(token: string | undefined, nowMs: number): TokenGrant | TokenRefusal {
    if (!token) return "missing";
    const grant = this.access.get(token);
    if (!grant) return "unknown";
    if (grant.revoked) return "revoked";
    if (nowMs >= grant.expiresAt) return "expired";
    return grant;
  }

  /** Owner of an access token regardless of validity (rate-limit bucket key). */
  clientOf(token: string | undefined): string | undefined {
    return token ? this.access.get(token)?.clientId : undefined;
  }

  /** Revokes one access token (the "revoke" fault). Returns whether it existed. */
  revoke(token: string): boolean {
    const grant = this.access.get(token);
    if (!grant) return false;
    grant.revoked = true;
    return true;
  }

  /** Revokes every access and refresh token issued so far. */
  revokeAll(): number {
    let n = 0;
    for (const grant of this.access.values()) {
      if (!grant.revoked) n++;
      grant.revoked = true;
    }
    this.refresh.clear();
    return n;
  }
}

/** Extracts the token from `Authorization: Bearer <token>` (scheme case-insensitive). */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const m = /^\s*bearer\s+(\S+)\s*$/i.exec(authorization);
  return m ? m[1] : undefined;
}
