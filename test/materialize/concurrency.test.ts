/** Triggers run with bounded concurrency: at most 4 trigger POSTs in flight by default. */
import { describe, expect, it } from "vitest";
import { materialize } from "../../src/materialize/materialize.js";
import { FakeClock } from "./helpers/fake-clock.js";
import { FakeSigma, schedule, workbook } from "./helpers/fake-client.js";

/** A FakeSigma whose triggers take 2 s (virtual) and that records how many overlap. */
function slowTriggers(clock: FakeClock, workbooks: number, perWorkbook: number) {
  const sigma = new FakeSigma(clock);
  for (let w = 0; w < workbooks; w++) {
    const id = `wb-${w}`;
    sigma.workbookList.push(workbook(id, `Workbook ${w}`));
    sigma.schedules.set(id, Array.from({ length: perWorkbook }, (_, k) => schedule(`s${w}-${k}`, `Element ${k}`)));
  }
  const seen = { inFlight: 0, peak: 0, started: 0 };
  const original = sigma.workbooks.materialize;
  sigma.workbooks.materialize = async (id: string, sheetId: string) => {
    seen.inFlight += 1;
    seen.started += 1;
    seen.peak = Math.max(seen.peak, seen.inFlight);
    try {
      await clock.sleep(2000);
      return await original(id, sheetId);
    } finally {
      seen.inFlight -= 1;
    }
  };
  return { sigma, seen };
}

describe("trigger concurrency", () => {
  it("keeps at most 4 triggers in flight by default, and uses all 4", async () => {
    const clock = new FakeClock();
    const { sigma, seen } = slowTriggers(clock, 5, 3);
    const targets = sigma.workbookList.map((w) => ({ kind: "workbook" as const, ref: w.workbookId }));
    const result = await materialize({ client: sigma, targets, clock, random: () => 0, wait: false });
    expect(result.jobs).toHaveLength(15);
    expect(result.jobs.every((j) => j.status === "triggered")).toBe(true);
    expect(seen.started).toBe(15);
    expect(seen.peak).toBe(4);
  });

  it("follows --concurrency", async () => {
    const clock = new FakeClock();
    const { sigma, seen } = slowTriggers(clock, 3, 2);
    const targets = sigma.workbookList.map((w) => ({ kind: "workbook" as const, ref: w.workbookId }));
    await materialize({ client: sigma, targets, clock, random: () => 0, wait: false, concurrency: 2 });
    expect(seen.started).toBe(6);
    expect(seen.peak).toBe(2);
  });
});
