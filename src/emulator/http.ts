/**
 * The transport-neutral request/response the emulator core works with. Two adapters feed it:
 * the Fetch one (`emu.fetch`, in-process) and the node:http one (a real loopback port). Keeping
 * the core off `Request`/`Response` objects keeps the per-request cost small on the socket path.
 */
/** A request as the core sees it. */
export interface EmuRequest {
  method: string;
  /** Path without the query string, percent-encoded as received. */
  path: string;
  query: URLSearchParams;
  /** Lower-case header lookup. */
  header(name: string): string | undefined;
  /** The raw body (read at most once). */
  body(): Promise<Uint8Array>;
  /** Which adapter delivered the request (a connection reset looks different on each). */
  transport: "fetch" | "socket";
  /**
   * Socket transport: runs `fn` once the response has been handed over (written and flushed,
   * or the connection closed). A request stays "in flight" until then, as on a real server.
   * Absent in-process, where the hand-over is immediate.
   */
  onSettled?: (fn: () => void) => void;
}

/** A response as the core produces it; `reset` asks the adapter to drop the connection instead. */
export interface EmuResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array | null;
  reset?: boolean;
}

/** JSON content type used on every JSON answer. */
export const JSON_TYPE = "application/json; charset=utf-8";

/** Serializes `value` as a JSON response. */
export function json(status: number, value: unknown, headers?: Record<string, string>): EmuResponse {
  return { status, headers: { "content-type": JSON_TYPE, ...headers }, body: JSON.stringify(value) };
}

/**
 * Sigma's error envelope `{code, message, requestId}` with the given status. The dispatcher
 * supplies `requestId` (deterministic per seed and request order: see request-id.ts).
 */
export function errorResponse(status: number, code: string, message: string, requestId: string, headers?: Record<string, string>): EmuResponse {
  return json(status, { code, message, requestId }, headers);
}

/** Thrown by route handlers; the dispatcher turns it into the error envelope. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** 400 `invalid_request` (the code Sigma uses for malformed input). */
export function badRequest(message: string): HttpError {
  return new HttpError(400, "invalid_request", message);
}

/** 404 `not_found` for an unknown id on a known route. */
export function notFound(message: string): HttpError {
  return new HttpError(404, "not_found", message);
}

/** Reads a JSON object body; 400 when it is not JSON or not an object. Empty body = `{}`. */
export async function readJsonObject(req: EmuRequest): Promise<Record<string, unknown>> {
  const bytes = await req.body();
  if (bytes.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    throw badRequest("Request body is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw badRequest("Request body must be a JSON object");
  return value as Record<string, unknown>;
}
