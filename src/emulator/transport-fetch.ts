/**
 * The in-process transport: a Fetch-standard function over the core. A connection-reset
 * fault rejects with `TypeError: fetch failed` whose cause carries code ECONNRESET, as Node's
 * fetch does when a socket is reset; an aborted signal rejects with the signal's reason.
 */
import type { EmuRequest, EmuResponse } from "./http.js";

/** The core as both transports call it. */
export type Dispatch = (req: EmuRequest, signal?: AbortSignal) => Promise<EmuResponse>;

/** Fetch's signature without the Node-specific overloads. */
export type FetchFn = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

function toEmuRequest(request: Request): EmuRequest {
  const url = new URL(request.url);
  let read: Promise<Uint8Array> | undefined;
  return {
    method: request.method.toUpperCase(),
    path: url.pathname,
    query: url.searchParams,
    header: (name) => request.headers.get(name) ?? undefined,
    body: () => (read ??= request.arrayBuffer().then((b) => new Uint8Array(b))),
    transport: "fetch",
  };
}

/** Converts a core response to a Fetch Response. */
export function toFetchResponse(res: EmuResponse, method: string): Response {
  const nullBody = method === "HEAD" || res.status === 204 || res.status === 304;
  const body = nullBody || res.body === null ? null : typeof res.body === "string" ? res.body : new Uint8Array(res.body);
  return new Response(body, { status: res.status, headers: res.headers });
}

/** A reset as Node's fetch reports it. */
export function resetError(): TypeError {
  const cause = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET", errno: -104, syscall: "read" });
  return new TypeError("fetch failed", { cause });
}

/** The core as a `(Request) => Promise<Response>` handler (no reset translation: throws on reset). */
export function createHandler(dispatch: Dispatch): (request: Request) => Promise<Response> {
  return async (request) => {
    const res = await dispatch(toEmuRequest(request), request.signal);
    if (res.reset) throw resetError();
    return toFetchResponse(res, request.method);
  };
}

/**
 * Marks a fetch that never leaves the process, so nothing it is given travels on a network:
 * SigmaClient accepts plain http:// to any host with it (decisions/0001, "Plain http").
 * A registered symbol, so the emulator need not import the client.
 */
export const IN_PROCESS_FETCH: unique symbol = Symbol.for("sigmactl.inProcessFetch") as never;

/** The core as a drop-in `fetch` (any host, or a bare "/path"; only path and query are used). */
export function createFetch(dispatch: Dispatch): FetchFn {
  const handler = createHandler(dispatch);
  const fetch: FetchFn = async (input, init) => {
    const request = new Request(typeof input === "string" && input.startsWith("/") ? `http://emulator.local${input}` : input, init);
    if (request.signal.aborted) throw request.signal.reason;
    return handler(request);
  };
  Object.defineProperty(fetch, IN_PROCESS_FETCH, { value: true });
  return fetch;
}
