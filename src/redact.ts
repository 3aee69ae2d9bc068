/**
 * Secret redaction. Every error message and log line passes through `redact`, so a client
 * secret or a token never reaches a terminal, a file or a snapshot.
 */

const REDACTED = "[REDACTED]";

// Values registered at runtime (client secret, tokens, upload tokens): exact-match removal.
const secrets = new Set<string>();

/** Registers a value that must never be printed (a client secret, an access token...). */
export function registerSecret(value: string | undefined | null): void {
  // Very short values would redact ordinary words; real secrets are long.
  if (value && value.length >= 8) secrets.add(value);
}

/** Forgets every registered secret (tests). */
export function clearSecrets(): void {
  secrets.clear();
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
  for (const s of secrets) {
    if (out.includes(s)) out = out.split(s).join(REDACTED);
  }
  for (const [re, rep] of PATTERNS) out = out.replace(re, rep);
  return out;
}
