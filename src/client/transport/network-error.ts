/**
 * Classifies errors thrown by fetch (undici wraps the socket error in `TypeError: fetch failed`
 * with the real error, or an AggregateError of them, on `cause`).
 */

// Errors raised before a single byte of the request was written: replaying is always safe.
const NEVER_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

const DESCRIPTIONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found (DNS)",
  EAI_AGAIN: "DNS lookup failed temporarily",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  UND_ERR_CONNECT_TIMEOUT: "connect timed out",
  ECONNRESET: "connection reset",
  EPIPE: "connection closed while sending",
  UND_ERR_SOCKET: "socket closed",
  ETIMEDOUT: "connection timed out",
};

/** Every `code` found on the error, its causes and aggregated errors (bounded depth). */
export function errorCodes(err: unknown, depth = 0): string[] {
  if (depth > 5 || typeof err !== "object" || err === null) return [];
  const out: string[] = [];
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string") out.push(code);
  const errors = (err as { errors?: unknown }).errors;
  if (Array.isArray(errors)) for (const e of errors.slice(0, 10)) out.push(...errorCodes(e, depth + 1));
  out.push(...errorCodes((err as { cause?: unknown }).cause, depth + 1));
  return out;
}

/** Describes a fetch failure: a short message and whether the request provably never left. */
export function classifyNetworkError(err: unknown): { message: string; neverSent: boolean } {
  const codes = errorCodes(err);
  // Every code must be a pre-send failure: one reset among refusals means bytes may have left.
  const neverSent = codes.length > 0 && codes.every((c) => NEVER_SENT_CODES.has(c));
  const known = codes.find((c) => DESCRIPTIONS[c] !== undefined);
  const message = known
    ? `${DESCRIPTIONS[known]} (${known})`
    : `network error: ${err instanceof Error ? err.message : String(err)}`;
  return { message, neverSent };
}
