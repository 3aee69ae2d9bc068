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

/**
 * Whether an unregistered value next to "token", "Bearer"... looks like a credential rather than
 * a word of a sentence: credentials are long and carry digits or punctuation, prose does not
 * ("Invalid token provided", "token: Invalid input", "basic authentication required").
 */
function looksLikeSecret(value: string): boolean {
  return value.length >= 8 && (/[\d._~+/=-]/.test(value) || value.length >= 20);
}

// Authorization headers in any rendering.
const AUTH_HEADER = /(bearer|basic|token)(\s+)([A-Za-z0-9._~+/=-]{8,})/gi;
// Form bodies, query strings and JSON/YAML fields carrying secrets. Not after "/": in
// "POST /v2/auth/token: connection refused", "token" is a path segment, not a field.
const SECRET_FIELD =
  /((?<!\/)\b(?:client_secret|clientSecret|access_token|accessToken|refresh_token|refreshToken|api_token|apiToken|password|token)(["']?)\s*([=:])\s*(["']?))([^"'&\s,}]+)/gi;

/** Returns `text` with registered secrets and secret-looking fields replaced by [REDACTED]. */
export function redact(text: string): string {
  let out = text;
  ordered ??= [...permanent, ...ephemeral].sort((x, y) => y.length - x.length);
  for (const s of ordered) {
    if (out.includes(s)) out = out.split(s).join(REDACTED);
  }
  // After "Bearer" anything long is a token; "basic" and "token" are also ordinary words.
  out = out.replace(AUTH_HEADER, (m: string, scheme: string, space: string, value: string) =>
    scheme.toLowerCase() === "bearer" || looksLikeSecret(value) ? `${scheme}${space}${REDACTED}` : m,
  );
  // `key=value` (forms, query strings) and quoted values (JSON) are always fields; an unquoted
  // `key: value` may be a sentence ("token: Invalid input"), so it must look like a secret.
  out = out.replace(SECRET_FIELD, (m: string, prefix: string, q1: string, sep: string, q2: string, value: string) =>
    sep === "=" || q1 !== "" || q2 !== "" || looksLikeSecret(value) ? `${prefix}${REDACTED}` : m,
  );
  return out;
}
