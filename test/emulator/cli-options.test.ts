/** CLI flag parsing into createEmulator options, and the start/stop lifecycle of `sigmactl emulator`. */
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { parseEmulatorFlags } from "../../src/emulator/cli-options.js";
import { startEmulatorFromCli } from "../../src/emulator/cli-start.js";
import type { Emulator } from "../../src/emulator/index.js";

describe("parseEmulatorFlags", () => {
  it("maps every flag to its option", () => {
    expect(
      parseEmulatorFlags({
        seed: "42",
        size: "tiny",
        host: "127.0.0.1",
        port: "8787",
        latency: "50:20",
        rateLimit: "20:40",
        maxInFlight: "8",
        faults: "5xx=0.1,slow=0.02:1500,retry-after=0.25",
        materializationTime: "1:3",
        materializationFailRate: "0.2",
        concurrentTrigger: "conflict",
        tokenTtl: "120",
        legacyLists: "array",
      }),
    ).toEqual({
      seed: 42,
      size: "tiny",
      listen: { host: "127.0.0.1", port: 8787 },
      latency: { ms: 50, jitterMs: 20 },
      rateLimit: { rps: 20, burst: 40 },
      maxInFlight: 8,
      faults: { rules: [{ kind: "5xx", probability: 0.1 }, { kind: "slow", probability: 0.02, delayMs: 1500 }], retryAfterProbability: 0.25 },
      materializationTime: [1, 3],
      materializationFailRate: 0.2,
      concurrentTrigger: "conflict",
      tokenTtlSeconds: 120,
      legacyLists: "array",
    });
  });

  it("defaults to listening on 127.0.0.1 with a free port; single numbers are accepted", () => {
    expect(parseEmulatorFlags({})).toEqual({ listen: { host: "127.0.0.1", port: 0 } });
    expect(parseEmulatorFlags({ latency: "10", rateLimit: "5", materializationTime: "4" })).toMatchObject({
      latency: { ms: 10 },
      rateLimit: { rps: 5 },
      materializationTime: [4, 4],
    });
  });

  it.each([
    [{ seed: "x" }, "--seed"],
    [{ size: "huge" }, "--size"],
    [{ port: "70000" }, "--port"],
    [{ latency: "-1" }, "--latency"],
    [{ latency: "1:2:3" }, "--latency"],
    [{ rateLimit: "0" }, "--rate-limit"],
    [{ rateLimit: "5:0.5" }, "--rate-limit"],
    [{ maxInFlight: "0" }, "--max-in-flight"],
    [{ faults: "boom=1" }, "--faults"],
    [{ materializationTime: "9:3" }, "--materialization-time"],
    [{ materializationFailRate: "2" }, "--materialization-fail-rate"],
    [{ concurrentTrigger: "queue" }, "--concurrent-trigger"],
    [{ tokenTtl: "0" }, "--token-ttl"],
    [{ legacyLists: "bare" }, "--legacy-lists"],
  ])("refuses %j with a UserError naming the flag", (flags, flag) => {
    let err: unknown;
    try {
      parseEmulatorFlags(flags);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toContain(flag);
  });

  it("suggests the closest size", () => {
    try {
      parseEmulatorFlags({ size: "smal" });
      expect.unreachable();
    } catch (err) {
      expect((err as UserError).suggestions).toEqual(["--size small"]);
    }
  });
});

describe("startEmulatorFromCli", () => {
  it("prints one JSON line, serves until the signal aborts, then closes", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const ctl = new AbortController();
    let emu: Emulator | undefined;
    const done = startEmulatorFromCli(
      { size: "tiny", seed: "3" },
      { stdout: { write: (t) => out.push(t) }, stderr: { write: (t) => err.push(t) }, signal: ctl.signal, onReady: (e) => (emu = e) },
    );
    for (let i = 0; i < 200 && !emu; i++) await new Promise((r) => setTimeout(r, 10));
    expect(out).toHaveLength(1);
    const line = JSON.parse(out[0] as string) as { url: string; clientId: string; clientSecret: string };
    expect(Object.keys(line)).toEqual(["url", "clientId", "clientSecret"]);
    expect(line.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const tok = await fetch(`${line.url}/v2/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: line.clientId, client_secret: line.clientSecret }),
    });
    expect(tok.status).toBe(200);
    expect(err.join("")).toContain("listening on");
    expect(err.join("")).not.toContain(line.clientSecret);
    ctl.abort();
    await done;
    expect(err.join("")).toContain("stopped");
    await expect(fetch(`${line.url}/__emulator/stats`)).rejects.toThrow();
  });

  it("rejects bad flags with a UserError before listening", async () => {
    const out: string[] = [];
    await expect(startEmulatorFromCli({ port: "nope" }, { stdout: { write: (t) => out.push(t) }, stderr: { write: () => {} }, signal: new AbortController().signal })).rejects.toBeInstanceOf(UserError);
    expect(out).toEqual([]);
  });
});
