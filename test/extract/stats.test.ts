/**
 * The figures of a run: request counters are the run's own even when its client is shared
 * (library users, the demo), and sizes in progress lines are human.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SigmaClient, type ClientStats } from "../../src/client/index.js";
import { createEmulator, type Emulator } from "../../src/emulator/index.js";
import { formatBytes } from "../../src/extract/format-bytes.js";
import { extract, type ExtractEvent } from "../../src/extract/index.js";
import { statsSince } from "../../src/extract/summary.js";

let root: string;
let emu: Emulator;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "sigmactl-extract-stats-"));
  emu = await createEmulator({ seed: 5, size: "tiny", log: () => {} });
});
afterAll(async () => {
  await emu.close();
  await rm(root, { recursive: true, force: true });
});

describe("a run's request figures", () => {
  it("are what it added to a shared client's counters, not the client's running totals", async () => {
    const client = new SigmaClient({ baseUrl: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret, fetch: emu.fetch });
    // Earlier work on the same client: a token and a few requests.
    await client.whoami();
    await client.workbooks.list().toArray();
    const runs = [];
    for (const name of ["first", "second"]) {
      const before = emu.stats().requests;
      const events: ExtractEvent[] = [];
      const r = await extract({ client, outDir: join(root, name), timestamp: 1_700_000_000, onProgress: (e) => events.push(e) });
      const received = emu.stats().requests - before;
      expect(r.summary.requests).toBe(received);
      const lastTick = events.filter((e) => e.type === "tick").at(-1);
      expect(lastTick?.type === "tick" && lastTick.requests).toBeLessThanOrEqual(received);
      runs.push(r.summary);
    }
    // The token was fetched before either run: neither exchanged one.
    expect(runs.map((s) => s.token_refreshes)).toEqual([0, 0]);
    expect(runs[1]?.requests).toBe(runs[0]?.requests);
    expect(client.stats().requests).toBeGreaterThan((runs[0]?.requests ?? 0) + (runs[1]?.requests ?? 0));
  });

  it("statsSince subtracts counters and keeps the client's peak and current state", () => {
    const base: ClientStats = { requests: 10, retries: 2, rateLimited: 1, serverErrors: 1, inFlight: 0, peakInFlight: 8, concurrencyLimit: 8, tokenRefreshes: 1, driftEntries: 4, skippedEntries: 1 };
    const now: ClientStats = { requests: 25, retries: 5, rateLimited: 1, serverErrors: 3, inFlight: 2, peakInFlight: 9, concurrencyLimit: 6, tokenRefreshes: 2, driftEntries: 10, skippedEntries: 3 };
    expect(statsSince(base, now)).toEqual({ requests: 15, retries: 3, rateLimited: 0, serverErrors: 2, inFlight: 2, peakInFlight: 9, concurrencyLimit: 6, tokenRefreshes: 1, driftEntries: 6, skippedEntries: 2 });
  });
});

describe("sizes in progress lines", () => {
  it("are binary units with at most one decimal", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(1024)).toBe("1.0 KiB");
    expect(formatBytes(9_625)).toBe("9.4 KiB");
    expect(formatBytes(570_368)).toBe("557 KiB");
    expect(formatBytes(1024 * 1024 - 1)).toBe("1.0 MiB");
    expect(formatBytes(3.2 * 1024 * 1024)).toBe("3.2 MiB");
    expect(formatBytes(5 * 1024 ** 4)).toBe("5.0 TiB");
  });

  it("the write phase reports the files' size that way", async () => {
    const client = new SigmaClient({ baseUrl: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret, fetch: emu.fetch });
    const events: ExtractEvent[] = [];
    await extract({ client, outDir: join(root, "sizes"), onProgress: (e) => events.push(e) });
    const write = events.find((e) => e.type === "phase-end" && e.phase === "write");
    expect(write?.type === "phase-end" && write.detail).toMatch(/^\d+ files, \d+(\.\d)? (B|KiB|MiB)$/);
  });
});
