/**
 * nodeFetch, SigmaClient's default transport for reads: node:http against a real loopback
 * server, answering fetch-like Responses and failures; writes go to the global fetch.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SigmaClient } from "../../src/client/index.js";
import { isBufferedResponse } from "../../src/client/transport/buffered-response.js";
import { nodeFetch } from "../../src/client/transport/node-fetch.js";
import { createEmulator, type Emulator } from "../../src/emulator/index.js";
import { SigmaConnectionError } from "../../src/errors.js";

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  remotePort: number | undefined;
}

let server: http.Server | undefined;
const timers = new Set<ReturnType<typeof setTimeout>>();

afterEach(async () => {
  vi.restoreAllMocks();
  for (const t of timers) clearTimeout(t);
  timers.clear();
  const s = server;
  server = undefined;
  if (s) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

/** Serves `handle` on 127.0.0.1 (a free port); returns the base URL and the requests seen. */
async function serve(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ base: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), remotePort: req.socket.remotePort });
      handle(req, res);
    });
  });
  server.on("clientError", () => {});
  await new Promise<void>((r) => server?.listen(0, "127.0.0.1", () => r()));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** A loopback port nothing listens on (listened on, then closed). */
async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function later(ms: number, fn: () => void): void {
  const t = setTimeout(() => {
    timers.delete(t);
    fn();
  }, ms);
  timers.add(t);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("nodeFetch over a loopback server", () => {
  it("GET answers the status, statusText, headers and body as a buffered Response", async () => {
    const { base, seen } = await serve((_req, res) => {
      res.writeHead(200, "All Fine", { "content-type": "application/json", "x-request-id": "abc-123" });
      res.end('{"hello":"wörld"}');
    });
    const res = await nodeFetch(`${base}/v2/things?a=1&b=two`);
    expect(res).toBeInstanceOf(Response);
    expect(isBufferedResponse(res)).toBe(true);
    expect(res.status).toBe(200);
    expect(res.statusText).toBe("All Fine");
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("x-request-id")).toBe("abc-123");
    expect(await res.json()).toEqual({ hello: "wörld" });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.method).toBe("GET");
    expect(seen[0]?.url).toBe("/v2/things?a=1&b=two");
  });

  it("accepts a URL object and keeps error statuses as answers", async () => {
    const { base } = await serve((_req, res) => {
      res.writeHead(503, { "content-type": "text/plain" });
      res.end("busy");
    });
    const res = await nodeFetch(new URL("/x", base));
    expect(res.status).toBe(503);
    expect(res.ok).toBe(false);
    expect(await res.text()).toBe("busy");
  });

  it("keeps repeated headers (several set-cookie lines)", async () => {
    const { base } = await serve((_req, res) => {
      res.setHeader("set-cookie", ["a=1", "b=2"]);
      res.setHeader("x-multi", ["one", "two"]);
      res.end("ok");
    });
    const res = await nodeFetch(base);
    expect(res.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(res.headers.get("x-multi")).toBe("one, two");
  });

  it("sends the request headers and adds accept-encoding", async () => {
    const { base, seen } = await serve((_req, res) => res.end("ok"));
    await (await nodeFetch(`${base}/h`, { headers: { authorization: "Bearer tok-1", "user-agent": "sigmactl-test", "X-Custom": "Value" } })).text();
    const h = seen[0]?.headers ?? {};
    expect(h.authorization).toBe("Bearer tok-1");
    expect(h["user-agent"]).toBe("sigmactl-test");
    expect(h["x-custom"]).toBe("Value");
    expect(h["accept-encoding"]).toBe("gzip, deflate, br");
  });

  it("sends headers given as a Headers object or pairs, and keeps a caller's accept-encoding", async () => {
    const { base, seen } = await serve((_req, res) => res.end("ok"));
    await nodeFetch(base, { headers: new Headers({ "accept-encoding": "identity", "x-a": "1" }) });
    await nodeFetch(base, { headers: [["x-b", "2"]] });
    expect(seen[0]?.headers["accept-encoding"]).toBe("identity");
    expect(seen[0]?.headers["x-a"]).toBe("1");
    expect(seen[1]?.headers["x-b"]).toBe("2");
    expect(seen[1]?.headers["accept-encoding"]).toBe("gzip, deflate, br");
  });

  const payload = JSON.stringify({ entries: Array.from({ length: 200 }, (_, i) => ({ id: `id-${i}`, name: `Name ${i} é` })) });
  it.each([
    ["gzip", zlib.gzipSync],
    ["x-gzip", zlib.gzipSync],
    ["deflate", zlib.deflateSync],
    ["br", zlib.brotliCompressSync],
  ] as const)("decodes a %s answer and drops content-encoding and content-length", async (encoding, compress) => {
    const { base } = await serve((_req, res) => {
      const body = compress(Buffer.from(payload));
      res.writeHead(200, { "content-type": "application/json", "content-encoding": encoding, "content-length": String(body.length), "x-kept": "yes" });
      res.end(body);
    });
    const res = await nodeFetch(base);
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(res.headers.get("content-length")).toBeNull();
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("x-kept")).toBe("yes");
    expect(await res.text()).toBe(payload);
  });

  it("keeps content-length on an answer that is not encoded", async () => {
    const { base } = await serve((_req, res) => {
      res.writeHead(200, { "content-length": "5" });
      res.end("plain");
    });
    const res = await nodeFetch(base);
    expect(res.headers.get("content-length")).toBe("5");
    expect(await res.text()).toBe("plain");
  });

  it("rejects a corrupt compressed answer with a fetch-like TypeError", async () => {
    const { base } = await serve((_req, res) => {
      res.writeHead(200, { "content-encoding": "gzip" });
      res.end("this is not gzip at all");
    });
    const err = (await nodeFetch(base).catch((e: unknown) => e)) as TypeError;
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toBe("fetch failed");
    expect(err.cause).toBeInstanceOf(Error);
  });

  it("returns a 302 as is: the redirect is not followed", async () => {
    const { base, seen } = await serve((req, res) => {
      if (req.url === "/elsewhere") return void res.end("followed!");
      res.writeHead(302, { location: "/elsewhere" });
      res.end();
    });
    const res = await nodeFetch(`${base}/start`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/elsewhere");
    expect(await res.text()).toBe("");
    await sleep(20);
    expect(seen.map((s) => s.url)).toEqual(["/start"]);
  });

  it("HEAD answers the headers and an empty body", async () => {
    const { base, seen } = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "x-head": "h" });
      res.end();
    });
    const res = await nodeFetch(base, { method: "HEAD" });
    expect(seen[0]?.method).toBe("HEAD");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-head")).toBe("h");
    expect(res.body).toBeNull();
    expect(await res.text()).toBe("");
  });

  it("lower-case head is sent as HEAD", async () => {
    const { base, seen } = await serve((_req, res) => res.end());
    await nodeFetch(base, { method: "head" });
    expect(seen[0]?.method).toBe("HEAD");
  });

  it("a 204 answers an empty body", async () => {
    const { base } = await serve((_req, res) => {
      res.writeHead(204, { "x-done": "1" });
      res.end();
    });
    const res = await nodeFetch(base);
    expect(res.status).toBe(204);
    expect(res.headers.get("x-done")).toBe("1");
    expect(await res.text()).toBe("");
  });

  it("reuses a kept-alive connection for the next request", async () => {
    const { base, seen } = await serve((_req, res) => res.end("ok"));
    await (await nodeFetch(`${base}/1`)).text();
    await (await nodeFetch(`${base}/2`)).text();
    expect(seen).toHaveLength(2);
    expect(seen[1]?.remotePort).toBe(seen[0]?.remotePort);
  });

  it("a status a Response cannot carry (999) rejects like a failed fetch, without crashing", async () => {
    const { base } = await serve((_req, res) => {
      res.writeHead(999, "Weird");
      res.end("x");
    });
    const err = await nodeFetch(`${base}/odd`).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TypeError);
    expect((err as TypeError).message).toBe("fetch failed");
    expect((err as TypeError).cause).toBeInstanceOf(RangeError);
  });

  it("a closed port rejects with a TypeError whose cause is ECONNREFUSED", async () => {
    const port = await closedPort();
    const err = (await nodeFetch(`http://127.0.0.1:${port}/v2/x`).catch((e: unknown) => e)) as TypeError;
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toBe("fetch failed");
    expect((err.cause as { code?: string }).code).toBe("ECONNREFUSED");
  });

  it("an abort while the server delays rejects promptly with the signal's reason and drops the connection", async () => {
    let closed = false;
    const { base, seen } = await serve((_req, res) => {
      res.on("close", () => (closed = true));
      later(5_000, () => res.end("too late"));
    });
    const ac = new AbortController();
    const started = performance.now();
    const pending = nodeFetch(base, { signal: ac.signal }).catch((e: unknown) => e);
    // Abort once the server holds the request.
    for (let i = 0; i < 200 && seen.length === 0; i++) await sleep(5);
    expect(seen).toHaveLength(1);
    ac.abort();
    const err = (await pending) as DOMException;
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(err).toBe(ac.signal.reason);
    expect(err.name).toBe("AbortError");
    for (let i = 0; i < 200 && !closed; i++) await sleep(5);
    expect(closed).toBe(true);
  });

  it("an abort rejects with a custom reason as is", async () => {
    const { base, seen } = await serve((_req, res) => later(5_000, () => res.end("late")));
    const ac = new AbortController();
    const pending = nodeFetch(base, { signal: ac.signal }).catch((e: unknown) => e);
    for (let i = 0; i < 200 && seen.length === 0; i++) await sleep(5);
    const reason = new Error("job cancelled");
    ac.abort(reason);
    expect(await pending).toBe(reason);
  });

  it("an already-aborted signal rejects without any request reaching the server", async () => {
    const { base, seen } = await serve((_req, res) => res.end("ok"));
    const err = (await nodeFetch(base, { signal: AbortSignal.abort() }).catch((e: unknown) => e)) as DOMException;
    expect(err.name).toBe("AbortError");
    const reason = new Error("stop");
    const ac = new AbortController();
    ac.abort(reason);
    await expect(nodeFetch(base, { signal: ac.signal })).rejects.toBe(reason);
    await sleep(50);
    expect(seen).toHaveLength(0);
  });

  it("an abort after the answer changes nothing", async () => {
    const { base } = await serve((_req, res) => res.end("done"));
    const ac = new AbortController();
    const res = await nodeFetch(base, { signal: ac.signal });
    ac.abort();
    expect(await res.text()).toBe("done");
  });

  it("the server closing the socket mid-body rejects with a fetch-like TypeError", async () => {
    const { base } = await serve((req, res) => {
      res.writeHead(200, { "content-length": "1000" });
      res.write("only part of it");
      later(20, () => req.socket.destroy());
    });
    const err = (await nodeFetch(base).catch((e: unknown) => e)) as TypeError;
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toBe("fetch failed");
    expect((err.cause as { code?: string }).code).toBe("ECONNRESET");
  });

  it("the server closing the socket before any answer rejects with a fetch-like TypeError", async () => {
    const { base } = await serve((req) => req.socket.destroy());
    const err = (await nodeFetch(base).catch((e: unknown) => e)) as TypeError;
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toBe("fetch failed");
    expect((err.cause as { code?: string }).code).toBe("ECONNRESET");
  });

  it("a POST with a string body is handed to the global fetch", async () => {
    const { base, seen } = await serve((_req, res) => res.end("server"));
    const spy = vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("from the spy", { status: 201 }));
    const init: RequestInit = { method: "POST", body: '{"a":1}', headers: { "content-type": "application/json" } };
    const res = await nodeFetch(`${base}/w`, init);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy).toHaveBeenCalledWith(`${base}/w`, init);
    expect(res.status).toBe(201);
    expect(await res.text()).toBe("from the spy");
    expect(seen).toHaveLength(0);
  });

  it.each([
    ["a Request input", (base: string) => [new Request(base)] as const],
    ["a PUT", (base: string) => [base, { method: "PUT", body: "x" }] as const],
    ["a GET with a URLSearchParams body", (base: string) => [base, { method: "GET", body: new URLSearchParams({ a: "1" }) }] as const],
  ])("%s is handed to the global fetch", async (_what, args) => {
    const { base, seen } = await serve((_req, res) => res.end("server"));
    const spy = vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("spied"));
    const [input, init] = args(base);
    const res = await nodeFetch(input, init);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(await res.text()).toBe("spied");
    expect(seen).toHaveLength(0);
  });

  it("GETs do not touch the global fetch", async () => {
    const { base } = await serve((_req, res) => res.end("ok"));
    const spy = vi.spyOn(globalThis, "fetch");
    await nodeFetch(base);
    await nodeFetch(base, { method: "HEAD" });
    expect(spy).not.toHaveBeenCalled();
  });

  it("a POST through the real global fetch reaches the server with its body", async () => {
    const { base, seen } = await serve((_req, res) => res.end("posted"));
    const res = await nodeFetch(`${base}/p`, { method: "POST", body: "payload", headers: { "content-type": "text/plain" } });
    expect(await res.text()).toBe("posted");
    expect(seen).toEqual([expect.objectContaining({ method: "POST", url: "/p", body: "payload" })]);
  });
});

describe("SigmaClient with its default transport against the emulator on a socket", () => {
  let emu: Emulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  it("lists workbooks and reads one; only the token exchange uses the global fetch", async () => {
    emu = await createEmulator({ size: "tiny", seed: 5, listen: true, log: () => {} });
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const spy = vi.spyOn(globalThis, "fetch");
    const client = new SigmaClient({ baseUrl: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret, maxRetries: 0 });
    const workbooks = await client.workbooks.list().toArray();
    const visible = emu.truth().workbooks.filter((w) => !w.isArchived && !w.hiddenFromCaller);
    expect(workbooks.map((w) => w.workbookId).sort()).toEqual(visible.map((w) => w.workbookId).sort());
    const first = workbooks[0]!;
    const wb = await client.workbooks.get(first.workbookId);
    expect(wb.workbookId).toBe(first.workbookId);
    expect(wb.name).toBe(first.name);
    // The token exchange (a POST) went to the global fetch; every read went through node:http.
    const calls = spy.mock.calls.map(([input, init]) => `${init?.method ?? "GET"} ${new URL(String(input)).pathname}`);
    expect(calls).toEqual(["POST /v2/auth/token"]);
    const stats = emu.stats();
    expect(stats.byRoute["GET /v2/workbooks/{workbookId}"]?.["200"]).toBe(1);
    expect(stats.byRoute["POST /v2/auth/token"]?.["200"]).toBe(1);
  });

  it("a refused GET surfaces as SigmaConnectionError marked as never sent", async () => {
    emu = await createEmulator({ size: "tiny", seed: 5, listen: true, log: () => {} });
    const client = new SigmaClient({ baseUrl: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret, maxRetries: 0 });
    await client.whoami(); // a token is held: the next call is a GET straight away
    const port = new URL(emu.url).port;
    await emu.close();
    emu = undefined;
    await sleep(50); // let the client see its kept-alive connection close
    const err = (await client.workbooks.get("11111111-1111-4111-8111-111111111111").catch((e: unknown) => e)) as SigmaConnectionError;
    expect(err).toBeInstanceOf(SigmaConnectionError);
    expect(err.neverSent).toBe(true);
    expect(err.permanent).toBe(false);
    expect(err.method).toBe("GET");
    expect(err.message).toBe(`GET /v2/workbooks/11111111-1111-4111-8111-111111111111: connection refused (ECONNREFUSED 127.0.0.1:${port})`);
    expect(err.cause).toBeInstanceOf(TypeError);
  });

  it("a closed port on the first call (token exchange) is a never-sent SigmaConnectionError", async () => {
    const port = await closedPort();
    const client = new SigmaClient({ baseUrl: `http://127.0.0.1:${port}`, clientId: "cid", clientSecret: "loopback-secret-value", maxRetries: 0 });
    const err = (await client.workbooks.get("w1").catch((e: unknown) => e)) as SigmaConnectionError;
    expect(err).toBeInstanceOf(SigmaConnectionError);
    expect(err.neverSent).toBe(true);
    expect(err.message).toMatch(/ECONNREFUSED 127\.0\.0\.1:\d+/);
  });
});
