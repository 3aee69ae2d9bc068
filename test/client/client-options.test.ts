/** Numeric options given in code are checked: NaN or out-of-range values used to hang or loop. */
import { describe, expect, it } from "vitest";
import { SigmaClient, type SigmaClientOptions } from "../../src/client/client.js";
import { ConfigError, ServerError } from "../../src/errors.js";
import { BASE, CLIENT_ID, SECRET, makeClient, scriptedFetch, tokenReply } from "./support.js";

const WHO = { json: { userId: "u", organizationId: "o" } };

function build(extra: Partial<SigmaClientOptions>) {
  const { fetch } = scriptedFetch((req) => (req.pathname === "/v2/auth/token" ? tokenReply() : WHO));
  return new SigmaClient({ baseUrl: BASE, clientId: CLIENT_ID, clientSecret: SECRET, fetch, ...extra });
}

const problem = (extra: Partial<SigmaClientOptions>): ConfigError => {
  try {
    build(extra);
  } catch (e) {
    return e as ConfigError;
  }
  throw new Error(`accepted ${JSON.stringify(extra)}`);
};

describe("numeric client options", () => {
  it.each([
    [{ concurrency: Number.NaN }, /concurrency must be a whole number from 1 to 1024, got NaN/],
    [{ concurrency: 0 }, /concurrency .* got 0/],
    [{ concurrency: 2.5 }, /concurrency .* got 2.5/],
    [{ maxRetries: Number.NaN }, /maxRetries .* got NaN/],
    [{ maxRetries: Number.POSITIVE_INFINITY }, /maxRetries .* got Infinity/],
    [{ maxRetries: -1 }, /maxRetries .* got -1/],
    [{ timeoutMs: Number.POSITIVE_INFINITY }, /timeoutMs must be a number from 1 to 2147483647, got Infinity/],
    [{ timeoutMs: 0 }, /timeoutMs .* got 0/],
    [{ timeoutMs: 2 ** 31 }, /timeoutMs .* got 2147483648/],
    [{ retryPolicy: { maxRetries: Number.NaN } }, /retryPolicy.maxRetries .* got NaN/],
    [{ retryPolicy: { maxRetryAfterMs: Number.NaN } }, /retryPolicy.maxRetryAfterMs .* got NaN/],
  ])("refuses %o", (extra, message) => {
    const err = problem(extra);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(message);
  });

  it("words a bad base URL and empty credentials", () => {
    expect(problem({ baseUrl: "nope" }).message).toBe('invalid baseUrl option: not a URL: "nope"');
    expect(problem({ clientId: "" }).message).toBe("the clientId and clientSecret options must not be empty");
  });

  it("names every problem at once", () => {
    const err = problem({ concurrency: Number.NaN, timeoutMs: -5 });
    expect(err.message).toMatch(/timeoutMs .*; concurrency/);
  });

  it("accepts the edges and works with them", async () => {
    const client = build({ concurrency: 1, maxRetries: 0, timeoutMs: 1_000, retryPolicy: { baseDelayMs: 0, rateLimitFloorMs: 0 } });
    await expect(client.whoami()).resolves.toMatchObject({ userId: "u" });
  });

  it("keeps the defaults for retry tunables given as undefined (no endless retries)", async () => {
    const { fetch, requests } = scriptedFetch((req) => (req.pathname === "/v2/auth/token" ? tokenReply() : { status: 503 }));
    const { client, clock } = makeClient(fetch, { retryPolicy: { maxRetries: undefined, baseDelayMs: undefined } });
    await expect(client.whoami()).rejects.toBeInstanceOf(ServerError);
    // Default policy: 5 retries, full-jitter backoff from 500 ms (random = 0.5).
    expect(requests.filter((r) => r.pathname === "/v2/whoami")).toHaveLength(6);
    expect(clock.sleeps).toEqual([250, 500, 1000, 2000, 4000]);
  });
});

describe("plain http in the library (not only at the CLI's config edge)", () => {
  it("refuses http:// to a remote host, naming the option that accepts it", () => {
    const err = problem({ baseUrl: "http://api.example.test" });
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(/refusing plain http:\/\/ to api\.example\.test/);
    expect(err.message).toMatch(/allowInsecureHttp/);
    expect(err.message).not.toContain(SECRET);
  });

  it("accepts http:// to loopback hosts, and to any host with allowInsecureHttp", async () => {
    for (const baseUrl of ["http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9"]) expect(() => build({ baseUrl })).not.toThrow();
    const client = build({ baseUrl: "http://proxy.internal.test", allowInsecureHttp: true });
    await expect(client.whoami()).resolves.toEqual({ userId: "u", organizationId: "o" });
  });

  it("accepts the in-process emulator's fetch (http://emulator.local, nothing leaves the process), not a wrapper of it", async () => {
    const { createEmulator } = await import("../../src/emulator/index.js");
    const emu = await createEmulator({ size: "tiny", seed: 1, log: () => {} });
    try {
      expect(emu.url).toBe("http://emulator.local");
      const base = { baseUrl: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret };
      await expect(new SigmaClient({ ...base, fetch: emu.fetch }).whoami()).resolves.toHaveProperty("organizationId");
      const wrapped: typeof emu.fetch = (input, init) => emu.fetch(input, init);
      expect(() => new SigmaClient({ ...base, fetch: wrapped })).toThrow(/refusing plain http/);
      expect(() => new SigmaClient({ ...base, fetch: wrapped, allowInsecureHttp: true })).not.toThrow();
    } finally {
      await emu.close();
    }
  });
});
