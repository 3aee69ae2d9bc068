/**
 * Durations of jobs picked up later: a job seen ending keeps the time it was first seen ending,
 * so repeated `status`/`wait` calls report the same figure instead of one that grows with the clock.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { materialize } from "../../src/materialize/materialize.js";
import { StateFile } from "../../src/materialize/state-file.js";
import type { JobRecord } from "../../src/materialize/types.js";
import { checkJobs, waitForJobs } from "../../src/materialize/wait.js";
import { loadWaitItems, targetOfRecord } from "../../src/materialize/wait-input.js";
import { FakeClock } from "./helpers/fake-clock.js";
import { FakeSigma, schedule, workbook } from "./helpers/fake-client.js";

const WB = "22222222-2222-4222-8222-222222222222";

let clock: FakeClock;
let sigma: FakeSigma;
let dir: string;
let stateFile: string;

beforeEach(async () => {
  clock = new FakeClock();
  sigma = new FakeSigma(clock);
  sigma.workbookList = [workbook(WB, "Marketing Funnel")];
  sigma.schedules.set(WB, [schedule("m1", "Leads")]);
  // Sigma reports the failure with a startedAt but no readyAt: no run time of Sigma's own.
  sigma.scripts.set("m1", { durationMs: 2000, fail: "Warehouse suspended" });
  dir = await mkdtemp(join(tmpdir(), "sigmactl-durations-"));
  stateFile = join(dir, "state.json");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const opts = () => ({ clock, random: () => 0.5, stateFile });

async function startOne(): Promise<JobRecord> {
  const started = await materialize({ client: sigma, targets: [{ kind: "workbook", ref: WB }], ...opts(), wait: false });
  return started.jobs[0] as JobRecord;
}

describe("duration of a job that ended without Sigma's run time", () => {
  it("is trigger → first sighting of the end, and stays so on later status calls (state file)", async () => {
    const record = await startOne();
    const triggeredAt = Date.parse(record.triggeredAt as string);
    clock.advance(10_000);
    const first = await checkJobs({ client: sigma, items: [{ record, target: targetOfRecord(record) }], ...opts() });
    const seen = first.jobs[0] as JobRecord;
    expect(seen.status).toBe("failed");
    expect(seen.readyAt).toBeNull();
    expect(seen.endObservedAt).toBe(new Date(triggeredAt + 10_000).toISOString());
    expect(seen.durationMs).toBe(10_000);

    clock.advance(60_000);
    // The same --no-wait record again, then the bare reference (no trigger time, no running entry).
    const again = await checkJobs({ client: sigma, items: [{ record, target: targetOfRecord(record) }], ...opts() });
    expect(again.jobs[0]).toMatchObject({ status: "failed", durationMs: 10_000, endObservedAt: seen.endObservedAt });
    const entries = await new StateFile(stateFile, clock).read();
    const byRef = await loadWaitItems([record.jobRef as string], entries, "sigma");
    const waited = await waitForJobs({ client: sigma, items: byRef, ...opts() });
    expect(waited.jobs[0]).toMatchObject({ status: "failed", durationMs: 10_000, endObservedAt: seen.endObservedAt });
    expect(sigma.calls["workbook.getMaterialization"]).toBe(3);
  });

  it("is kept in the state file for a day, one record per job, and the running entry goes", async () => {
    const record = await startOne();
    clock.advance(5_000);
    // No argument: the running jobs of the state file, as `sigmactl materialize status` does.
    await checkJobs({ client: sigma, items: await loadWaitItems([], await new StateFile(stateFile, clock).read(), "sigma"), ...opts() });
    const doc = JSON.parse(await readFile(stateFile, "utf8")) as { entries: object; ended: Record<string, { endObservedAt: string; durationMs: number; expiresAt: string }> };
    expect(doc.entries).toEqual({});
    const key = `sigma/workbook:${WB}:${record.materializationId}`;
    expect(Object.keys(doc.ended)).toEqual([key]);
    expect(doc.ended[key]?.durationMs).toBe(5_000);
    expect(Date.parse(doc.ended[key]?.expiresAt as string) - Date.parse(doc.ended[key]?.endObservedAt as string)).toBe(24 * 3_600_000);
    clock.advance(24 * 3_600_000);
    expect(await new StateFile(stateFile, clock).readEnded()).toEqual({});
  });

  it("without a state file, a result carrying the first sighting keeps its figure", async () => {
    const record = await startOne();
    clock.advance(7_000);
    const noState = { clock, random: () => 0.5 };
    const first = (await checkJobs({ client: sigma, items: [{ record, target: targetOfRecord(record) }], ...noState })).jobs[0] as JobRecord;
    expect(first.durationMs).toBe(7_000);
    clock.advance(30_000);
    // A result file's failed record is reported as it was, not looked at again.
    const later = await checkJobs({ client: sigma, items: [{ record: first, target: targetOfRecord(first) }], ...noState });
    expect(later.jobs[0]).toMatchObject({ durationMs: 7_000, endObservedAt: first.endObservedAt });
  });

  it("is Sigma's readyAt − startedAt when Sigma gives both, however late the end is seen", async () => {
    sigma.scripts.set("m1", { durationMs: 4000 });
    const record = await startOne();
    clock.advance(90_000);
    const r = await checkJobs({ client: sigma, items: [{ record, target: targetOfRecord(record) }], ...opts() });
    expect(r.jobs[0]).toMatchObject({ status: "ready", durationMs: 4000 * 0.8 });
  });

  it("is unknown (null) for a bare reference whose end this process did not see", async () => {
    const record = await startOne();
    clock.advance(10_000);
    // No state file: neither the trigger time nor an earlier sighting is known.
    const items = await loadWaitItems([record.jobRef as string], {}, "sigma");
    const r = await checkJobs({ client: sigma, items, clock, random: () => 0.5 });
    expect(r.jobs[0]).toMatchObject({ status: "failed", durationMs: null });
  });
});
