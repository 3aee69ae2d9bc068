/** What a connection failure says: the reason undici hides behind "fetch failed", with its target. */
import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { SigmaClient } from "../../src/client/client.js";
import { classifyNetworkError } from "../../src/client/transport/network-error.js";
import { SigmaConnectionError } from "../../src/errors.js";

/** A system error the way Node builds one. */
const sysError = (message: string, fields: Record<string, unknown>): Error => Object.assign(new Error(message), fields);
const fetchFailed = (cause: unknown): TypeError => new TypeError("fetch failed", { cause });

describe("classifyNetworkError", () => {
  it("names a refused connection with its address and port", () => {
    const err = fetchFailed(sysError("connect ECONNREFUSED 127.0.0.1:9", { code: "ECONNREFUSED", address: "127.0.0.1", port: 9 }));
    expect(classifyNetworkError(err)).toEqual({ message: "connection refused (ECONNREFUSED 127.0.0.1:9)", neverSent: true, permanent: false });
  });
  it("names the host that was not found", () => {
    const err = fetchFailed(sysError("getaddrinfo ENOTFOUND api.example.com", { code: "ENOTFOUND", hostname: "api.example.com" }));
    expect(classifyNetworkError(err)).toEqual({ message: "host not found (ENOTFOUND api.example.com)", neverSent: true, permanent: false });
  });
  it("reads the target from the message when the fields are missing", () => {
    const err = fetchFailed(sysError("getaddrinfo ENOTFOUND api.example.com", { code: "ENOTFOUND" }));
    expect(classifyNetworkError(err).message).toBe("host not found (ENOTFOUND api.example.com)");
  });
  it("lists every address of an aggregated refusal (IPv6 in brackets)", () => {
    const err = fetchFailed(
      new AggregateError([
        sysError("connect ECONNREFUSED ::1:443", { code: "ECONNREFUSED", address: "::1", port: 443 }),
        sysError("connect ECONNREFUSED 127.0.0.1:443", { code: "ECONNREFUSED", address: "127.0.0.1", port: 443 }),
      ]),
    );
    expect(classifyNetworkError(err)).toEqual({ message: "connection refused (ECONNREFUSED [::1]:443, 127.0.0.1:443)", neverSent: true, permanent: false });
  });
  it("says a reset is a reset, and that it may have been sent", () => {
    const err = fetchFailed(sysError("read ECONNRESET", { code: "ECONNRESET", syscall: "read" }));
    expect(classifyNetworkError(err)).toEqual({ message: "connection reset by peer (ECONNRESET)", neverSent: false, permanent: false });
  });
  it("keeps the message of an unknown code", () => {
    const err = fetchFailed(sysError("weird thing happened", { code: "EWEIRD" }));
    expect(classifyNetworkError(err)).toEqual({ message: "network error (EWEIRD: weird thing happened)", neverSent: false, permanent: false });
  });
  it("treats fetch's blocked ports as permanent: retrying cannot help", () => {
    const c = classifyNetworkError(fetchFailed(new Error("bad port")));
    expect(c.permanent).toBe(true);
    expect(c.neverSent).toBe(true);
    expect(c.message).toMatch(/bad port/);
  });
  it("shows the hidden reason when there is no code", () => {
    expect(classifyNetworkError(fetchFailed(new Error("weird"))).message).toBe("network error: fetch failed (weird)");
    expect(classifyNetworkError(new Error("boom")).message).toBe("network error: boom");
    expect(classifyNetworkError(fetchFailed(new DOMException("x", "AbortError"))).message).toBe("network error: fetch failed (x)");
  });
});

describe("connection errors over loopback", () => {
  let server: Server | undefined;
  afterEach(async () => {
    const s = server;
    server = undefined;
    if (s) await new Promise<void>((r) => s.close(() => r()));
  });

  /** Listens on a free loopback port with `onData` called on each request's first bytes. */
  async function listen(onData?: (socket: import("node:net").Socket) => void): Promise<number> {
    server = createServer((socket) => {
      socket.on("error", () => {});
      socket.once("data", () => onData?.(socket));
    });
    await new Promise<void>((r) => server?.listen(0, "127.0.0.1", () => r()));
    return (server.address() as { port: number }).port;
  }

  const clientOn = (port: number) =>
    new SigmaClient({
      baseUrl: `http://127.0.0.1:${port}`,
      clientId: "cid",
      clientSecret: "loopback-secret-value",
      maxRetries: 0,
    });

  it("a closed port: connection refused with address and port", async () => {
    const port = await listen();
    await new Promise<void>((r) => server?.close(() => r()));
    server = undefined;
    const err = (await clientOn(port).whoami().catch((e: unknown) => e)) as SigmaConnectionError;
    expect(err).toBeInstanceOf(SigmaConnectionError);
    expect(err.message).toBe(`POST /v2/auth/token: connection refused (ECONNREFUSED 127.0.0.1:${port})`);
    expect(err.neverSent).toBe(true);
  });

  it("a reset: connection reset by peer, possibly sent", async () => {
    const port = await listen((socket) => socket.resetAndDestroy());
    const err = (await clientOn(port).whoami().catch((e: unknown) => e)) as SigmaConnectionError;
    expect(err).toBeInstanceOf(SigmaConnectionError);
    expect(err.message).toBe("POST /v2/auth/token: connection reset by peer (ECONNRESET)");
    expect(err.neverSent).toBe(false);
  });
});
