/**
 * Secret redaction. Every error message and log line passes through `redact`, so a client
 * secret or a token never reaches a terminal, a file or a snapshot.
 */

const REDACTED = "[REDACTED]";

/** How many ephemeral values (access and refresh tokens) are remembered: the most recent ones. */
export const MAX_EPHEMERAL_SECRETS = 64;

// Values registered at runtime, removed by exact match. Long-lived ones (client secrets,
// upload tokens) stay for the life of the process; ephemeral ones (access and refresh tokens,
// minted anew every expiry: every second with short-lived tokens over a long run) are kept
// only for the most recent MAX_EPHEMERAL_SECRETS, so the registry and each redact() scan stay
// bounded. An evicted token expired long ago (dozens of refreshes back).
const permanent = new Set<string>();
// Insertion order is recency order: a re-registered value is moved to the end.
const ephemeral = new Set<string>();
// Both sets, longest first (a secret containing another must be replaced whole); rebuilt lazily.
let ordered: string[] | undefined;

/** Options of {@link registerSecret}. */
export interface RegisterSecretOptions {
  /** A short-lived value (access or refresh token): only the most recent ones are kept. */
  ephemeral?: boolean;
}

/** Registers a value that must never be printed (a client secret, an access token...). */
export function registerSecret(value: string | undefined | null, options: RegisterSecretOptions = {}): void {
  // Very short values would redact ordinary words; real secrets are long.
  if (!value || value.length < 8 || permanent.has(value)) return;
  ephemeral.delete(value);
  if (!options.ephemeral) permanent.add(value);
  else {
    ephemeral.add(value);
    if (ephemeral.size > MAX_EPHEMERAL_SECRETS) {
      const oldest = ephemeral.values().next().value;
      if (oldest !== undefined) ephemeral.delete(oldest);
    }
  }
  ordered = undefined;
}

/** Forgets every registered secret (tests). */
export function clearSecrets(): void {
  permanent.clear();
  ephemeral.clear();
  ordered = undefined;
}

/** Number of registered values, permanent and ephemeral (tests, diagnostics). */
export function registeredSecretCount(): { permanent: number; ephemeral: number } {
  return { permanent: permanent.size, ephemeral: ephemeral.size };
}

const PATTERNS: Array<[RegExp, string]> = [
  // Authorization headers in any rendering.
  [/(bearer|basic|token)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  // form bodies, query strings and JSON fields carrying secrets. Not after "/": in
  // "POST /v2/auth/token: connection refused", "token" is a path segment, not a field.
  [
    /((?<!\/)\b(?:client_secret|clientSecret|access_token|accessToken|refresh_token|refreshToken|api_token|apiToken|password|token)["']?\s*[=:]\s*["']?)[^"'&\s,}]+/gi,
    `$1${REDACTED}`,
  ],
];

/** Returns `text` with registered secrets and secret-looking fields replaced by [REDACTED]. */
export function redact(text: string): string {
  let out = text;
  ordered ??= [...permanent, ...ephemeral].sort((x, y) => y.length - x.length);
  for (const s of ordered) {
    if (out.includes(s)) out = out.split(s).join(REDACTED);
  }
  for (const [re, rep] of PATTERNS) out = out.replace(re, rep);
  return out;
}
