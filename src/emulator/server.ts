/**
 * The socket transport: node:http on a loopback port, keep-alive on. Requests are adapted
 * straight from IncomingMessage (no Fetch objects on this path: cheaper per request). A reset
 * fault destroys the socket without answering, which clients see as ECONNRESET.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { EmuRequest } from "./http.js";
import type { Dispatch } from "./transport-fetch.js";

function readBody(req: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function toEmuRequest(req: IncomingMessage, res: ServerResponse): EmuRequest {
  const raw = req.url ?? "/";
  const q = raw.indexOf("?");
  let read: Promise<Uint8Array> | undefined;
  return {
    method: (req.method ?? "GET").toUpperCase(),
    path: q < 0 ? raw : raw.slice(0, q),
    query: new URLSearchParams(q < 0 ? "" : raw.slice(q + 1)),
    header: (name) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v.join(", ") : v;
    },
    body: () => (read ??= readBody(req)),
    transport: "socket",
    // "close" follows "finish" (body flushed) or a dropped connection: either way, settled.
    onSettled: (fn) => res.once("close", fn),
  };
}

async function serve(dispatch: Dispatch, req: IncomingMessage, res: ServerResponse, onError: (err: unknown) => void): Promise<void> {
  const emuReq = toEmuRequest(req, res);
  // The body is read from arrival, while the request is handled and its latency runs: waiting
  // for it only afterwards (to keep the connection usable) put an event-loop turn or two
  // after every answer's latency.
  const body = emuReq.body();
  body.catch(() => undefined);
  const out = await dispatch(emuReq);
  if (out.reset) {
    req.socket.destroy();
    return;
  }
  await body.catch(onError);
  const payload = out.body === null || req.method === "HEAD" ? undefined : out.body;
  const headers: Record<string, string | number> = { ...out.headers };
  if (payload !== undefined) headers["content-length"] = Buffer.byteLength(payload);
  res.writeHead(out.status, headers);
  res.end(payload);
}

/** A listening emulator server. */
export interface ListeningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Listens on host:port (port 0 = any free port) and serves `dispatch`. */
export async function listen(dispatch: Dispatch, host: string, port: number, onError: (err: unknown) => void): Promise<ListeningServer> {
  const server = createServer({ keepAlive: true }, (req, res) => {
    serve(dispatch, req, res, onError).catch((err: unknown) => {
      onError(err);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
      res.end();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const shown = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${shown}:${addr.port}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
