/**
 * Builds a SigmaApiError from a non-2xx Response. Reads Sigma's `{code, message, requestId}`
 * body (sigma-api-facts §6.1), a nested `{error: {...}}` form and the X-Request-Id header; a non-JSON
 * body (proxy or Cloudflare HTML) becomes a short excerpt. Request headers and bodies never
 * enter the error.
 */
import { SigmaApiError, type RequestInfo } from "../errors.js";
import { parseRetryAfter } from "./transport/retry-policy.js";

const EXCERPT_MAX = 200;

interface ErrorFields {
  code?: string | undefined;
  message?: string | undefined;
  requestId?: string | undefined;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v : undefined);

/** Picks code/message/requestId from a parsed JSON error body, top-level or under `error`. */
export function readErrorFields(body: unknown): ErrorFields {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return {};
  const top = body as Record<string, unknown>;
  const nested = top.error;
  if (typeof nested === "object" && nested !== null && !Array.isArray(nested)) {
    const n = nested as Record<string, unknown>;
    return {
      code: str(n.code) ?? str(top.code),
      message: str(n.message) ?? str(top.message),
      requestId: str(n.requestId) ?? str(top.requestId),
    };
  }
  return {
    code: str(top.code),
    // Some gateways send {error: "text"}.
    message: str(top.message) ?? str(nested) ?? str(top.error_description),
    requestId: str(top.requestId) ?? str(top.request_id),
  };
}

/** A one-line excerpt of a non-JSON body: the HTML title if any, else the text without tags. */
export function excerpt(text: string): string | undefined {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1];
  const plain = (title ?? text.replace(/<[^>]*>/g, " ")).replace(/\s+/g, " ").trim();
  if (plain === "") return undefined;
  return plain.length > EXCERPT_MAX ? `${plain.slice(0, EXCERPT_MAX)}…` : plain;
}

/** Reads the response body and returns the matching SigmaApiError subclass. */
export async function apiErrorFromResponse(
  res: Response,
  request: RequestInfo,
  nowMs: number = Date.now(),
): Promise<SigmaApiError> {
  const text = await res.text().catch(() => "");
  let fields: ErrorFields = {};
  let parsed = false;
  let body: unknown;
  if (text.trim().startsWith("{")) {
    try {
      body = JSON.parse(text);
      fields = readErrorFields(body);
      parsed = true;
    } catch {
      // Not JSON after all: fall through to the excerpt.
    }
  }
  const message = parsed ? fields.message : excerpt(text);
  const cause = res.headers.get("errorcause");
  return SigmaApiError.from({
    status: res.status,
    code: fields.code,
    // Sigma's unknown-route 404 carries `errorcause: UnmatchedHandler` and no body.
    message: message ?? (cause ? `errorcause ${cause}` : res.statusText || undefined),
    requestId: fields.requestId ?? res.headers.get("x-request-id") ?? undefined,
    request,
    body,
    retryAfterMs: parseRetryAfter(res.headers.get("retry-after"), nowMs),
  });
}
