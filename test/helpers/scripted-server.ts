/**
 * A small scripted HTTP server on 127.0.0.1 for client tests: each request is recorded and
 * answered by a handler (or a route table with per-route reply queues). Not an emulator:
 * it knows nothing about Sigma beyond what a test scripts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request as the script sees it. */
export interface ScriptedRequest {
  method: string;
  /** Path and query as sent, e.g. `/v2/workbooks?limit=1000`. */
  path: string;
  /** Path without the query. */
  pathname: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: string;
}

/** How to answer. `json` wins over `body`; `delayMs` holds the answer back. */
export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  body?: string;
  delayMs?: number;
  /** Destroy the socket without answering (a reset mid-request). */
  destroy?: boolean;
}

/** Answers one request. */
export type ScriptHandler = (req: ScriptedRequest) => ScriptedReply | Promise<ScriptedReply>;

/** A route value: one reply (repeated), a queue (the last one repeats) or a handler. */
export type RouteValue = ScriptedReply | ScriptedReply[] | ScriptHandler;

/**
 * Builds a handler from `"METHOD /path"` keys (path without query). Unmatched requests get a
 * Sigma-like 404 and are listed in `unmatched`.
 */
export function routes(table: Record<string, RouteValue>): ScriptHandler & { unmatched: string[] } {
  const queues = new Map<string, ScriptedReply[]>();
  const unmatched: string[] = [];
  const handler = (req: ScriptedRequest): ScriptedReply | Promise<ScriptedReply> => {
    const key = `${req.method} ${req.pathname}`;
    const value = table[key];
    if (value === undefined) {
      unmatched.push(key);
      return { status: 404, headers: { errorcause: "UnmatchedHandler" }, body: "" };
    }
    if (typeof value === "function") return value(req);
    if (!Array.isArray(value)) return value;
    const q = queues.get(key) ?? [...value];
    queues.set(key, q);
    return (q.length > 1 ? q.shift() : q[0]) ?? { status: 500 };
  };
  return Object.assign(handler, { unmatched });
}

/** A started server. */
export interface ScriptedServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: ScriptedRequest[];
  close(): Promise<void>;
}

/** Starts a server on an ephemeral loopback port. Always `await server.close()` in a finally/afterEach. */
export async function startScriptedServer(handle: ScriptHandler): Promise<ScriptedServer> {
  const requests: ScriptedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
      const sreq: ScriptedRequest = {
        method: req.method ?? "GET",
        path: req.url ?? "/",
        pathname: url.pathname,
        query: url.searchParams,
        headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(sreq);
      void Promise.resolve()
        .then(() => handle(sreq))
        .then(async (reply) => {
          if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
          if (reply.destroy) {
            req.socket.destroy();
            return;
          }
          const isJson = reply.json !== undefined;
          const body = isJson ? JSON.stringify(reply.json) : (reply.body ?? "");
          res.writeHead(reply.status ?? 200, {
            ...(isJson ? { "content-type": "application/json" } : {}),
            ...reply.headers,
          });
          res.end(body);
        })
        .catch((err: unknown) => {
          res.writeHead(599);
          res.end(String(err));
        });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
