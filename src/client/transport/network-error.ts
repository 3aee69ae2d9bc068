/**
 * Classifies errors thrown by fetch. Undici throws `TypeError: fetch failed` (or `terminated`
 * when a body breaks off) and hides the real reason on `cause`: a system error with `code`,
 * `address`/`port` or `hostname`, an undici error (`UND_ERR_*`), or an AggregateError of them
 * when several addresses were tried. The message names that reason, e.g.
 * `connection refused (ECONNREFUSED 127.0.0.1:9)` or `host not found (ENOTFOUND api.example.com)`.
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
  ENOTFOUND: "host not found",
  EAI_AGAIN: "DNS lookup failed temporarily",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  UND_ERR_CONNECT_TIMEOUT: "connect timed out",
  ECONNRESET: "connection reset by peer",
  EPIPE: "connection closed while sending",
  UND_ERR_SOCKET: "connection closed by the server",
  ETIMEDOUT: "connection timed out",
  ECONNABORTED: "connection aborted",
  CERT_HAS_EXPIRED: "TLS certificate expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "TLS certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "TLS certificate chain is self-signed",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "TLS certificate cannot be verified",
  ERR_TLS_CERT_ALTNAME_INVALID: "TLS certificate does not match the host",
};

const MAX_DEPTH = 5;
const MAX_TARGETS = 3;

/** One error found in the chain, with the fields that describe it. */
interface Node {
  code: string | undefined;
  message: string;
  /** Where it happened: `address:port` or a hostname, when the error says. */
  target: string | undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined;
}

/** `address:port` (IPv6 in brackets), the hostname, or what follows the code in the message. */
function targetOf(e: Record<string, unknown>, code: string | undefined, message: string): string | undefined {
  const address = str(e.address);
  if (address) {
    const host = address.includes(":") ? `[${address}]` : address;
    const port = str(e.port);
    return port ? `${host}:${port}` : host;
  }
  const hostname = str(e.hostname);
  if (hostname) return hostname;
  // "connect ECONNREFUSED 127.0.0.1:9", "getaddrinfo ENOTFOUND api.example.com"
  if (!code) return undefined;
  const after = message.split(code)[1]?.trim();
  return after && !/\s/.test(after) ? after : undefined;
}

/** Every error in the chain (the error, its causes and aggregated errors), depth-first, bounded. */
function walk(err: unknown, depth = 0, out: Node[] = []): Node[] {
  if (depth > MAX_DEPTH || typeof err !== "object" || err === null) return out;
  const e = err as Record<string, unknown>;
  // Only string codes: DOMException has numeric legacy codes that name nothing useful.
  const code = typeof e.code === "string" && e.code !== "" ? e.code : undefined;
  const message = str(e.message) ?? "";
  out.push({ code, message, target: targetOf(e, code, message) });
  if (Array.isArray(e.errors)) for (const sub of e.errors.slice(0, 10)) walk(sub, depth + 1, out);
  walk(e.cause, depth + 1, out);
  return out;
}

/** Every `code` found on the error, its causes and aggregated errors (bounded depth). */
export function errorCodes(err: unknown): string[] {
  return walk(err).flatMap((n) => (n.code ? [n.code] : []));
}

/**
 * Describes a fetch failure: a short message, whether the request provably never left, and
 * whether it is permanent (fetch itself refuses the URL, so a retry gives the same answer).
 */
export function classifyNetworkError(err: unknown): { message: string; neverSent: boolean; permanent: boolean } {
  const nodes = walk(err);
  // The Fetch standard blocks some ports (9, 25, 6000...) before connecting: "bad port".
  if (nodes.some((n) => n.code === undefined && n.message === "bad port")) {
    return { message: "fetch refuses this port (\"bad port\" in the Fetch standard's blocked list): use another port", neverSent: true, permanent: true };
  }
  const coded = nodes.filter((n) => n.code !== undefined);
  // Every code must be a pre-send failure: one reset among refusals means bytes may have left.
  const neverSent = coded.length > 0 && coded.every((n) => NEVER_SENT_CODES.has(n.code as string));
  const chosen = coded.find((n) => DESCRIPTIONS[n.code as string] !== undefined) ?? coded[0];
  if (chosen) {
    const code = chosen.code as string;
    const targets = [...new Set(coded.filter((n) => n.code === code && n.target).map((n) => n.target as string))];
    const where = targets.length > 0 ? ` ${targets.slice(0, MAX_TARGETS).join(", ")}` : "";
    const description = DESCRIPTIONS[code];
    if (description) return { message: `${description} (${code}${where})`, neverSent, permanent: false };
    return { message: `network error (${code}${where}${chosen.message ? `: ${chosen.message}` : ""})`, neverSent, permanent: false };
  }
  // No code: the innermost message is the reason ("bad port" behind "fetch failed").
  const outer = nodes[0]?.message || String(err);
  const inner = nodes.at(-1)?.message;
  const reason = inner && inner !== outer ? ` (${inner})` : "";
  return { message: `network error: ${outer}${reason}`, neverSent, permanent: false };
}
