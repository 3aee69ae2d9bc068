/**
 * SigmaClient's default way to send reads: node:http/https over keep-alive agents, answering a
 * Response whose body is already in memory (buffered-response.ts). The global fetch (undici)
 * spent about 0.7 ms of CPU per request in a large extraction, this path 0.25 ms; on a busy
 * extraction that CPU is what keeps the client from refilling its request slots at once.
 *
 * Only GET and HEAD go this way, with a string-or-bytes body at most; everything else (token
 * exchange, triggers, uploads with forms) goes to the global fetch, whose behaviour on a
 * keep-alive connection the server is closing is the one sigmactl has always had for writes.
 * Failures look like fetch's (`TypeError("fetch failed")` with the system error as `cause`),
 * so network-error.ts classifies both the same way. Redirects are never followed, like
 * `redirect: "manual"`. Compressed answers (gzip, deflate, br) are decoded, as fetch does.
 */
import http from "node:http";
import https from "node:https";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { bufferedResponse } from "./buffered-response.js";
import type { FetchLike } from "./types.js";

// Idle connections are closed after 4 s: below the 5 s keep-alive of common servers, so a
// request is rarely sent on a connection the server is closing at that moment.
const AGENT_OPTIONS: http.AgentOptions = { keepAlive: true, timeout: 4_000, scheduling: "lifo" };
const agents = { "http:": new http.Agent(AGENT_OPTIONS), "https:": new https.Agent(AGENT_OPTIONS) };

const DECODERS: Record<string, (b: Buffer) => Promise<Buffer>> = {
  gzip: promisify(zlib.gunzip),
  "x-gzip": promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
  br: promisify(zlib.brotliDecompress),
};

/** True when `nodeFetch` sends this request itself (else it hands it to the global fetch). */
function handled(input: string | URL | Request, init: RequestInit | undefined): boolean {
  if (input instanceof Request) return false;
  const method = (init?.method ?? "GET").toUpperCase();
  if (method !== "GET" && method !== "HEAD") return false;
  const body = init?.body;
  return body === undefined || body === null || typeof body === "string" || body instanceof Uint8Array;
}

function plainHeaders(init: RequestInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init?.headers).forEach((v, k) => (out[k] = v));
  out["accept-encoding"] ??= "gzip, deflate, br";
  return out;
}

/** Like fetch's failures: the reason is on `cause` (network-error.ts reads it there). */
function fetchFailed(cause: unknown): TypeError {
  return new TypeError("fetch failed", { cause });
}

/** See the module comment. */
export const nodeFetch: FetchLike = (input, init) => {
  if (input instanceof Request || !handled(input, init)) return globalThis.fetch(input, init);
  const url = typeof input === "string" ? new URL(input) : input;
  const signal = init?.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(signal.reason as Error);
  const agent = agents[url.protocol as keyof typeof agents];
  if (!agent) return globalThis.fetch(input, init);
  const body = init?.body as string | Uint8Array | null | undefined;
  return new Promise<Response>((resolve, reject) => {
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      reject(err);
    };
    const onAbort = () => {
      req.destroy();
      fail(signal?.reason);
    };
    const transport = url.protocol === "https:" ? https : http;
    const req = transport.request(url, { method: (init?.method ?? "GET").toUpperCase(), headers: plainHeaders(init), agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", (err) => fail(fetchFailed(err)));
      // Closed before its end: the connection broke off mid-answer.
      res.on("close", () => {
        if (!res.complete) fail(fetchFailed(Object.assign(new Error("the answer broke off"), { code: "ECONNRESET" })));
      });
      res.on("end", () => {
        if (settled) return;
        const headers = new Headers();
        const raw = res.rawHeaders;
        for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
        const encoding = (headers.get("content-encoding") ?? "").trim().toLowerCase();
        const decode = DECODERS[encoding];
        const bytes = Buffer.concat(chunks);
        const done = (b: Buffer) => {
          if (settled) return;
          settled = true;
          signal?.removeEventListener("abort", onAbort);
          if (decode) {
            // The body is decoded now: its length and encoding no longer describe it.
            headers.delete("content-encoding");
            headers.delete("content-length");
          }
          const status = res.statusCode ?? 0;
          const empty = status === 204 || status === 205 || status === 304 || b.length === 0;
          try {
            resolve(bufferedResponse(empty ? null : b, { status, statusText: res.statusMessage ?? "", headers }));
          } catch (err) {
            // A status a Response cannot carry (outside 200-599): a failed exchange, not a crash.
            reject(fetchFailed(err));
          }
        };
        if (!decode || bytes.length === 0) return done(bytes);
        decode(bytes).then(done, (err: unknown) => fail(fetchFailed(err)));
      });
    });
    req.on("error", (err) => fail(fetchFailed(err)));
    signal?.addEventListener("abort", onAbort, { once: true });
    if (body !== undefined && body !== null) req.end(body);
    else req.end();
  });
};
