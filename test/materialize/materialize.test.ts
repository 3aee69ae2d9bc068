import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AuthenticationError, UserError } from "../../src/errors.js";
import { materialize } from "../../src/materialize/materialize.js";
import type { MaterializeOptions } from "../../src/materialize/options.js";
import type { MaterializeEvent } from "../../src/materialize/types.js";
import { waitForJobs } from "../../src/materialize/wait.js";
import { targetOfRecord } from "../../src/materialize/wait-input.js";
import { FakeClock } from "./helpers/fake-clock.js";
import { errors, FakeSigma, schedule, workbook } from "./helpers/fake-client.js";

const WB1 = "11111111-1111-4111-8111-111111111111";
const WB2 = "22222222-2222-4222-8222-222222222222";

let clock: FakeClock;
let sigma: FakeSigma;
let dir: string;

type Settings = Omit<MaterializeOptions, "client" | "targets">;

function opts(extra: Settings = {}): Settings {
  return { clock, random: () => 0.5, ...extra };
}

beforeEach(async () => {
  clock = new FakeClock();
  sigma = new FakeSigma(clock);
  sigma.workbookList = [workbook(WB1, "Sales Overview"), workbook(WB2, "Marketing Funnel")];
  sigma.schedules.set(WB1, [schedule("s1", "Revenue by Region"), schedule("s2", "Orders"), schedule("s3", "Old", true)]);
  sigma.schedules.set(WB2, [schedule("m1", "Leads")]);
  dir = await mkdtemp(join(tmpdir(), "sigmactl-mat-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("materialize()", () => {
  it("runs every unpaused schedule, skips paused ones and reports ready", async () => {
    sigma.scripts.set("s1", { durationMs: 4000 });
    sigma.scripts.set("s2", { durationMs: 9000 });
    const events: MaterializeEvent[] = [];
    const result = await materialize({ client: sigma, targets: [{ kind: "workbook", ref: "Sales Overview" }], ...opts({ onEvent: (e) => events.push(e) }) });
    expect(result.outcome).toBe("ready");
    expect(result.exitCode).toBe(0);
    expect(result.jobs.map((j) => [j.elementName, j.status])).toEqual([
      ["Revenue by Region", "ready"],
      ["Orders", "ready"],
    ]);
    expect(result.jobs[1]?.durationMs).toBe(9000 * 0.8);
    expect(result.jobs[0]?.jobRef).toMatch(new RegExp(`^workbook:${WB1}:job-\\d+$`));
    expect(result.skipped).toEqual([expect.objectContaining({ elementName: "Old", reason: "paused" })]);
    expect(result.warnings.join("\n")).toMatch(/skipping paused schedule.*pass `includePaused` to run it/);
    // Listeners filter warnings by code, never by wording.
    expect(events.filter((e) => e.type === "warning").map((e) => e.type === "warning" && e.code)).toEqual(["paused-skipped"]);
    expect(sigma.calls["workbook.materialize"]).toBe(2);
    // at most one status request per job per tick, and the run ends soon after the slowest job
    expect(result.polling.statusRequests).toBeLessThanOrEqual(result.polling.activeJobTicks);
    expect(result.durationMs).toBeGreaterThanOrEqual(9000);
    // seen at the nominal poll after 9 s (1 + 1.5 + 2.25 + 3.375 + 5.0625 s), sent early by the
    // jitter (random 0.5 → 7.5% of the 5.0625 s gap in effect), never later
    expect(result.durationMs).toBe(13_187.5 - 0.075 * 5062.5);
    const changes = events.filter((e) => e.type === "job").map((e) => (e.type === "job" ? `${e.job.elementName}:${e.job.status}` : ""));
    expect(changes).toContain("Orders:building");
    expect(changes.at(-1)).toMatch(/:ready$/);
    expect(events.at(-1)?.type).toBe("done");
  });

  it("includes paused schedules with includePaused and filters by element name, id or sheetId", async () => {
    const r = await materialize({ client: sigma, targets: [{ kind: "workbook", ref: WB1, elements: ["old", "el-s2"] }], ...opts({ includePaused: true }) });
    expect(r.jobs.map((j) => j.sheetId)).toEqual(["s2", "s3"]);
    expect(r.warnings.join("\n")).toMatch(/running paused schedule/);
  });

  it("reports a failing element with Sigma's message and outcome failed", async () => {
    sigma.scripts.set("s2", { durationMs: 2000, fail: "Warehouse suspended" });
    const r = await materialize({ client: sigma, targets: [{ kind: "workbook", ref: WB1 }], ...opts() });
    expect(r.outcome).toBe("failed");
    expect(r.exitCode).toBe(1);
    const failed = r.jobs.find((j) => j.sheetId === "s2");
    expect(failed?.status).toBe("failed");
    expect(failed?.error).toBe("Warehouse suspended");
    expect(r.jobs.find((j) => j.sheetId === "s1")?.status).toBe("ready");
  });

  it("times out: stops waiting, lists the still-running jobs and says Sigma cannot cancel", async () => {
    sigma.scripts.set("m1", { durationMs: 600_000 });
    const r = await materialize({ client: sigma, targets: [{ kind: "workbook", ref: "Marketing Funnel" }], ...opts({ timeoutMs: 30_000 }) });
    expect(r.outcome).toBe("timed-out");
    expect(r.exitCode).toBe(2);
    expect(r.jobs[0]?.status).toBe("timed-out");
    expect(r.jobs[0]?.error).toMatch(/no cancel.*may still finish/);
    expect(r.stillRunning).toEqual([r.jobs[0]?.jobRef]);
    expect(r.durationMs).toBeGreaterThanOrEqual(30_000);
    expect(r.durationMs).toBeLessThan(31_000);
  });

  it("applies the per-job timeout independently of the run timeout", async () => {
    sigma.scripts.set("s1", { durationMs: 600_000 });
    sigma.scripts.set("s2", { durationMs: 5000 });
    const r = await materialize({ client: sigma, targets: [{ kind: "workbook", ref: WB1 }], ...opts({ jobTimeoutMs: 20_000 }) });
    expect(r.jobs.map((j) => j.status)).toEqual(["timed-out", "ready"]);
    expect(r.jobs[0]?.error).toMatch(/`jobTimeoutMs` \(20s\)/);
  });

  it("treats an unknown status word as failure after the grace, never as success", async () => {
    sigma.scripts.set("m1", { durationMs: 1000, words: ["pending", "skipped-ish", "skipped-ish", "skipped-ish", "ready"] });
    const r = await materialize({ client: sigma, targets: [{ kind: "workbook", ref: WB2 }], ...opts() });
    expect(r.jobs[0]?.status).toBe("failed");
    expect(r.jobs[0]?.sigmaStatus).toBe("skipped-ish");
    expect(r.jobs[0]?.error).toMatch(/unknown status "skipped-ish" 3 time/);
    expect(r.warnings.join("\n")).toMatch(/unknown status "skipped-ish"/);
  });

  it("keeps polling through transient status errors", async () => {
    sigma.faults.set("workbook.getMaterialization", [errors.server(), errors.server()]);
    const events: MaterializeEvent[] = [];
    const r = await materialize({ client: sigma, targets: [{ kind: "workbook", ref: WB2 }], ...opts({ onEvent: (e) => events.push(e) }) });
    expect(r.outcome).toBe("ready");
    expect(r.warnings.join("\n")).toMatch(/status request failed/);
    expect(events.map((e) => e.type === "warning" && e.code)).toContain("poll-error");
  });

  it("gives a job up as error after too many failed status requests", async () => {
    sigma.faults.set("workbook.getMaterialization", Array.from({ length: 10 }, () => errors.server()));
    const r = await materialize({ client: sigma, targets: [{ kind: "workbook", ref: WB2 }], ...opts({ maxPollErrors: 3 }) });
    expect(r.outcome).toBe("error");
    expect(r.exitCode).toBe(5);
    expect(r.jobs[0]?.error).toMatch(/gave up after 3 failed status requests/);
  });

  it("never retries a failed trigger and says the run may have started", async () => {
    sigma.faults.set("workbook.materialize", [errors.server()]);
    const r = await materialize({ client: sigma, targets: [{ kind: "workbook", ref: WB2 }], ...opts() });
    expect(sigma.calls["workbook.materialize"]).toBe(1);
    expect(r.jobs[0]?.status).toBe("error");
    expect(r.jobs[0]?.error).toMatch(/may or may not have started.*never retries/);
    expect(r.exitCode).toBe(5);
  });

  it("stops on an authentication error and rethrows it", async () => {
    sigma.faults.set("workbook.getMaterialization", [errors.auth()]);
    await expect(materialize({ client: sigma, targets: [{ kind: "workbook", ref: WB2 }], ...opts() })).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("names the closest documents when a name matches nothing", async () => {
    const err = await materialize({ client: sigma, targets: [{ kind: "workbook", ref: "Sales Overveiw", source: "--workbook" }], ...opts() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe('no workbook matches "Sales Overveiw" (--workbook)');
    expect((err as UserError).suggestions[0]).toMatch(/did you mean "Sales Overview" \(id 1111/);
    expect(sigma.calls["workbook.materialize"]).toBeUndefined();
  });

  it("rejects an unknown element with the closest element names, before triggering anything", async () => {
    const err = await materialize(
      { client: sigma, targets: [{ kind: "workbook", ref: WB2 }, { kind: "workbook", ref: WB1, elements: ["Revenue by Regoin"] }], ...opts() }
    ).catch((e: unknown) => e);
    expect((err as UserError).suggestions.join()).toMatch(/Revenue by Region/);
    expect(sigma.calls["workbook.materialize"]).toBeUndefined();
  });

  it("dry-run resolves and plans but triggers nothing", async () => {
    const r = await materialize({ client: sigma, targets: [{ kind: "workbook", ref: WB1 }], ...opts({ dryRun: true }) });
    expect(r.outcome).toBe("dry-run");
    expect(r.jobs.map((j) => j.status)).toEqual(["would-trigger", "would-trigger"]);
    expect(sigma.calls["workbook.materialize"]).toBeUndefined();
  });

  it("runs a data model and a dataset (completion inferred from history after the trigger)", async () => {
    const DM = "33333333-3333-4333-8333-333333333333";
    const DS = "44444444-4444-4444-8444-444444444444";
    sigma.dataModelList = [{ dataModelId: DM, dataModelUrlId: "dmurl", name: "Core Model", url: "u", path: "p" } as never];
    sigma.schedules.set(DM, [schedule("d1", "Customers")]);
    sigma.datasetList = [{ datasetId: DS, name: "Legacy", url: "https://app.sigmacomputing.com/acme/b/legacyurl", path: "p" } as never];
    // an older run already in the history must not count as ours
    sigma.datasetHistory.set(DS, [{ status: "failed", finishedAt: new Date(clock.now() - 60_000).toISOString(), error: { code: "x", message: "old" }, runtimeSecs: 1, numRows: null, numBytes: null }]);
    sigma.scripts.set(DS, { durationMs: 7000 });
    const r = await materialize({ client: sigma, targets: [{ kind: "data-model", ref: "core model" }, { kind: "dataset", ref: DS }], ...opts() });
    expect(r.outcome).toBe("ready");
    const ds = r.jobs.find((j) => j.kind === "dataset");
    expect(ds?.status).toBe("ready");
    expect(ds?.sigmaStatus).toBe("success");
    expect(ds?.durationMs).toBe(7000);
    expect(ds?.jobRef).toMatch(/^dataset:4444.*@\d+$/);
    expect(r.warnings.join()).toMatch(/datasets are deprecated/);
  });

  describe("with a state file", () => {
    it("attaches to a job an earlier run started instead of triggering again, unless force", async () => {
      const stateFile = join(dir, "state.json");
      sigma.scripts.set("m1", { durationMs: 20_000 });
      const first = await materialize({ client: sigma, targets: [{ kind: "workbook", ref: WB2 }], ...opts({ stateFile, wait: false }) });
      expect(first.outcome).toBe("triggered");
      expect(first.stillRunning).toHaveLength(1);
      const saved = JSON.parse(await readFile(stateFile, "utf8")) as { entries: Record<string, { jobId: string }> };
      expect(Object.keys(saved.entries)).toEqual([`sigma/org-1/${WB2}/m1`]);

      const second = await materialize({ client: sigma, targets: [{ kind: "workbook", ref: WB2 }], ...opts({ stateFile }) });
      expect(sigma.calls["workbook.materialize"]).toBe(1);
      expect(second.jobs[0]?.attached).toBe(true);
      expect(second.jobs[0]?.materializationId).toBe(first.jobs[0]?.materializationId);
      expect(second.outcome).toBe("ready");
      // the finished job left the state file
      const after = JSON.parse(await readFile(stateFile, "utf8")) as { entries: Record<string, unknown> };
      expect(after.entries).toEqual({});

      await materialize({ client: sigma, targets: [{ kind: "workbook", ref: WB2 }], ...opts({ stateFile, wait: false }) });
      await materialize({ client: sigma, targets: [{ kind: "workbook", ref: WB2 }], ...opts({ stateFile, force: true, wait: false }) });
      expect(sigma.calls["workbook.materialize"]).toBe(3);
    });

    it("triggers a new job when the recorded one already ended", async () => {
      const stateFile = join(dir, "state.json");
      await materialize({ client: sigma, targets: [{ kind: "workbook", ref: WB2 }], ...opts({ stateFile, wait: false }) });
      clock.advance(3_600_000 - 1000); // the job (3 s) ended long ago, the entry has not expired yet
      const r = await materialize({ client: sigma, targets: [{ kind: "workbook", ref: WB2 }], ...opts({ stateFile }) });
      expect(sigma.calls["workbook.materialize"]).toBe(2);
      expect(r.jobs[0]?.attached).toBe(false);
    });
  });

  it("waitForJobs picks up --no-wait jobs and follows them to the end", async () => {
    sigma.scripts.set("s1", { durationMs: 5000, fail: "boom" });
    const started = await materialize({ client: sigma, targets: [{ kind: "workbook", ref: WB1 }], ...opts({ wait: false }) });
    expect(started.jobs.map((j) => j.status)).toEqual(["triggered", "triggered"]);
    const r = await waitForJobs({ client: sigma, items: started.jobs.map((record) => ({ record, target: targetOfRecord(record) })), clock, random: () => 0.5 });
    expect(r.jobs.map((j) => j.status)).toEqual(["failed", "ready"]);
    expect(r.outcome).toBe("failed");
    expect(sigma.calls["workbook.materialize"]).toBe(2);
  });
});
