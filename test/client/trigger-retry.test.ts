/**
 * Materialization triggers against the emulator's fault injector: a 429 (a refusal, nothing
 * started) is retried and starts exactly one job; a 5xx or a reset (the work may have started)
 * is never replayed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SigmaClient } from "../../src/client/client.js";
import { RateLimitError, ServerError, SigmaConnectionError } from "../../src/errors.js";
import { createEmulator, type Emulator } from "../../src/emulator/index.js";
import { fakeClock } from "./support.js";

let emu: Emulator;
let workbookId = "";
let sheetId = "";

beforeAll(async () => {
  emu = await createEmulator({ size: "tiny", seed: 3, log: () => {} });
  const probe = new SigmaClient({ baseUrl: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret, fetch: emu.fetch });
  for await (const w of probe.workbooks.list()) {
    const [s] = await probe.workbooks.materializationSchedules(w.workbookId).toArray();
    if (s) {
      workbookId = w.workbookId;
      sheetId = s.sheetId;
      break;
    }
  }
  expect(sheetId).not.toBe("");
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  emu.control.reset();
  emu.control.setFaults("none");
});

/** A client on the in-process emulator whose back-off waits advance a fake clock. */
function client() {
  const clock = fakeClock();
  const c = new SigmaClient({
    baseUrl: emu.url,
    clientId: emu.clientId,
    clientSecret: emu.clientSecret,
    fetch: emu.fetch,
    sleep: clock.sleep,
    random: () => 0.5,
  });
  return { c, clock };
}

/** Trigger POSTs the emulator received, by status ("reset" for dropped connections). */
function triggerPosts(): Record<string, number> {
  const byRoute = emu.stats().byRoute;
  const key = Object.keys(byRoute).find((k) => k.startsWith("POST /v2/workbooks/") && k.endsWith("/materializations"));
  return key ? (byRoute[key] ?? {}) : {};
}

const total = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

describe("materialization trigger retries (emulator faults)", () => {
  it("retries a trigger refused with 429 and starts exactly one job", async () => {
    // retry-after=0: the injected 429 has no Retry-After, so the 2 s floor applies.
    emu.control.setFaults(`429@/v2/workbooks/${workbookId}/materializations=#1,retry-after=0`);
    const { c, clock } = client();
    const started = await c.workbooks.materialize(workbookId, sheetId);
    expect(started.materializationId).toBeTypeOf("string");
    expect(triggerPosts()).toEqual({ "200": 1, "429": 1 });
    expect(emu.stats().materializationsStarted.workbook).toBe(1);
    expect(clock.sleeps).toEqual([2250]);
    expect(c.stats()).toMatchObject({ rateLimited: 1, retries: 1 });
  });

  it("gives up on a trigger that keeps answering 429 after maxRetries, starting nothing", async () => {
    emu.control.setFaults(`429@/v2/workbooks/${workbookId}/materializations=1,retry-after=0`);
    const { c } = client();
    await expect(c.workbooks.materialize(workbookId, sheetId)).rejects.toBeInstanceOf(RateLimitError);
    expect(triggerPosts()).toEqual({ "429": 6 });
    expect(emu.stats().materializationsStarted.workbook).toBe(0);
  });

  for (const status of [500, 502, 503] as const) {
    it(`never retries a trigger after a ${status}`, async () => {
      emu.control.setFaults(`${status}@/v2/workbooks/${workbookId}/materializations=#1`);
      const { c, clock } = client();
      await expect(c.workbooks.materialize(workbookId, sheetId)).rejects.toBeInstanceOf(ServerError);
      expect(triggerPosts()).toEqual({ [String(status)]: 1 });
      expect(clock.sleeps).toEqual([]);
    });
  }

  it("never retries a trigger after a connection reset", async () => {
    emu.control.setFaults(`reset@/v2/workbooks/${workbookId}/materializations=#1`);
    const { c, clock } = client();
    const err = await c.workbooks.materialize(workbookId, sheetId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SigmaConnectionError);
    expect((err as SigmaConnectionError).neverSent).toBe(false);
    expect(total(triggerPosts())).toBe(1);
    expect(clock.sleeps).toEqual([]);
    expect(emu.stats().materializationsStarted.workbook).toBe(0);
  });
});
