/**
 * `sigmactl materialize` end to end: the CLI in-process, the real client, the emulator on a
 * loopback port. Materializations take 0.2-0.6 s and polling runs at 100-300 ms.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MaterializeResult } from "../../src/materialize/types.js";
import { dataModelsWithSchedules, startE2E, workbooksWithSchedules, type E2E, type WithSchedules } from "./helpers/emulator.js";

function parse(stdout: string): MaterializeResult {
  return JSON.parse(stdout) as MaterializeResult;
}

describe("sigmactl materialize (emulator over a real port)", () => {
  let e: E2E;
  let active: WithSchedules; // a workbook whose schedules are all unpaused
  let withPaused: WithSchedules; // a workbook with a paused schedule

  beforeAll(async () => {
    e = await startE2E();
    const all = await workbooksWithSchedules(e.client);
    active = all.find((w) => w.schedules.every((s) => !s.paused)) as WithSchedules;
    withPaused = all.find((w) => w.schedules.some((s) => s.paused)) as WithSchedules;
    expect(active).toBeDefined();
    expect(withPaused).toBeDefined();
  });
  afterAll(async () => {
    await e.close();
  });

  it("refreshes a workbook by name: exit 0, one JSON document on stdout, a line per state change on stderr", async () => {
    const r = await e.cli(["materialize", "--workbook", active.name, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = parse(r.stdout);
    expect(doc.outcome).toBe("ready");
    expect(doc.jobs).toHaveLength(active.schedules.length);
    for (const j of doc.jobs) {
      expect(j).toMatchObject({ kind: "workbook", documentId: active.id, documentName: active.name, status: "ready", sigmaStatus: "ready", error: null });
      expect(j.materializationId).toBeTruthy();
      expect(Date.parse(j.readyAt as string)).toBeGreaterThan(Date.parse(j.startedAt as string));
      expect(j.durationMs).toBeGreaterThan(0);
    }
    expect(r.stderr).toMatch(/: triggered \[workbook:/);
    expect(r.stderr).toMatch(/: ready in /);
  });

  it("skips a paused schedule and says so; --include-paused runs it", async () => {
    const paused = withPaused.schedules.filter((s) => s.paused);
    const r = await e.cli(["materialize", "--workbook", withPaused.id, "--json"]);
    const doc = parse(r.stdout);
    expect(doc.skipped.map((s) => s.sheetId)).toEqual(paused.map((s) => s.sheetId));
    expect(r.stderr).toMatch(/skipping paused schedule.*--include-paused/);
    expect(doc.jobs.map((j) => j.sheetId)).toEqual(withPaused.schedules.filter((s) => !s.paused).map((s) => s.sheetId));
    const all = await e.cli(["materialize", "--workbook", withPaused.id, "--include-paused", "--element", paused[0]?.elementName as string, "--json"]);
    expect(all.code, all.stderr).toBe(0);
    expect(parse(all.stdout).jobs.map((j) => j.sheetId)).toContain(paused[0]?.sheetId);
  });

  it("refreshes a data model and a (deprecated) dataset", async () => {
    const dm = (await dataModelsWithSchedules(e.client)).find((d) => d.schedules.some((s) => !s.paused)) as WithSchedules;
    const ds = (await e.client.datasets.list().toArray())[0];
    const r = await e.cli(["materialize", "--data-model", dm.id, "--dataset", ds?.datasetId as string, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = parse(r.stdout);
    expect(doc.jobs.filter((j) => j.kind === "data-model").length).toBeGreaterThan(0);
    const dsJob = doc.jobs.find((j) => j.kind === "dataset");
    expect(dsJob).toMatchObject({ status: "ready", sigmaStatus: "success" });
    expect(r.stderr).toMatch(/datasets are deprecated/);
  });

  it("carries a failing element's message and exits 1", async () => {
    const sheet = active.schedules[0]?.sheetId as string;
    e.emu.control.failSheets([sheet]);
    const out = join(e.dir, "failed.json");
    const r = await e.cli(["materialize", "--workbook", active.id, "--output", out]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(await readFile(out, "utf8")) as MaterializeResult;
    const failed = doc.jobs.find((j) => j.sheetId === sheet);
    expect(failed?.status).toBe("failed");
    expect(failed?.error).toBeTruthy();
    expect(r.stdout).toContain(failed?.error as string); // the summary names the error
    expect(r.stderr).toMatch(/error: 1 of \d+ materialization\(s\) failed/);

    // --retry-failed reruns only that element
    e.emu.control.reset();
    const before = e.emu.stats().materializationsStarted.total;
    const retry = await e.cli(["materialize", "--retry-failed", out, "--json"]);
    expect(retry.code, retry.stderr).toBe(0);
    expect(parse(retry.stdout).jobs.map((j) => j.sheetId)).toEqual([sheet]);
    expect(e.emu.stats().materializationsStarted.total - before).toBe(1);
  });

  it("--no-wait prints job refs; `wait` follows them; `status` reads them once", async () => {
    const r = await e.cli(["materialize", "--workbook", active.id, "--no-wait"]);
    expect(r.code, r.stderr).toBe(0);
    const refs = r.stdout.trim().split("\n");
    expect(refs).toHaveLength(active.schedules.length);
    for (const ref of refs) expect(ref).toMatch(new RegExp(`^workbook:${active.id}:[\\w-]+$`));
    const status = await e.cli(["materialize", "status", ...refs, "--json"]);
    expect(status.code, status.stderr).toBe(0);
    expect(["running", "ready"]).toContain(parse(status.stdout).outcome);
    const w = await e.cli(["materialize", "wait", ...refs, "--json"]);
    expect(w.code, w.stderr).toBe(0);
    const doc = parse(w.stdout);
    expect(doc.jobs.map((j) => j.status)).toEqual(refs.map(() => "ready"));
    expect(doc.jobs[0]?.documentName).toBe(active.name); // names come back from the state file
  });

  it("the documented flow: --no-wait --output f → wait f → --retry-failed f retries exactly the failed job", async () => {
    const wb = (await workbooksWithSchedules(e.client)).find((w) => w.schedules.filter((s) => !s.paused).length >= 2) ?? active;
    const sheets = wb.schedules.filter((s) => !s.paused).map((s) => s.sheetId);
    const failing = sheets[0] as string;
    e.emu.control.failSheets([failing]);
    const f = join(e.dir, "flow.json");
    const started = await e.cli(["materialize", "--workbook", wb.id, "--no-wait", "--output", f]);
    expect(started.code, started.stderr).toBe(0);
    expect((JSON.parse(await readFile(f, "utf8")) as MaterializeResult).jobs.map((j) => j.status)).not.toContain("failed");

    // `wait f` writes what it saw back to f (its default --output is its only result-file input).
    const waited = await e.cli(["materialize", "wait", f]);
    expect(waited.code).toBe(1);
    const seen = JSON.parse(await readFile(f, "utf8")) as MaterializeResult;
    expect(seen.jobs.filter((j) => j.status === "failed").map((j) => j.sheetId)).toEqual([failing]);
    expect(seen.jobs.filter((j) => j.status === "ready").map((j) => j.sheetId).sort()).toEqual(sheets.filter((s) => s !== failing).sort());
    expect(waited.stdout).toContain(`--retry-failed ${f}`);

    e.emu.control.reset();
    const before = e.emu.stats().materializationsStarted.total;
    const retry = await e.cli(["materialize", "--retry-failed", f, "--json"]);
    expect(retry.code, retry.stderr).toBe(0);
    expect(parse(retry.stdout).jobs.map((j) => [j.sheetId, j.status])).toEqual([[failing, "ready"]]);
    expect(e.emu.stats().materializationsStarted.total - before).toBe(1);
  });

  it("unknown workbook: exit 3 with the closest names", async () => {
    const typo = active.name.slice(0, -1) + (active.name.endsWith("x") ? "y" : "x");
    const r = await e.cli(["materialize", "--workbook", typo]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`no workbook matches "${typo}"`);
    expect(r.stderr).toContain(`did you mean "${active.name}"`);
    // close to nothing: still the nearest names
    const far = await e.cli(["materialize", "--workbook", "nonexistent thing"]);
    expect(far.code).toBe(3);
    expect(far.stderr).toMatch(/hint: nothing is close; the nearest names: "[^"]+" \(id [^)]+\), "/);
  });

  it("bad credentials: exit 4", async () => {
    const r = await e.cli(["materialize", "--workbook", active.id], { env: { SIGMA_CLIENT_SECRET: "not-the-secret-at-all" } });
    expect(r.code).toBe(4);
    expect(r.stderr).not.toContain("not-the-secret-at-all");
  });

  it("dry run triggers nothing", async () => {
    const before = e.emu.stats().materializationsStarted.total;
    const r = await e.cli(["materialize", "--workbook", active.id, "--dry-run"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/dry run: \d+ materialization\(s\) would be triggered/);
    expect(e.emu.stats().materializationsStarted.total).toBe(before);
  });

  it("draws a live view on a terminal", async () => {
    const r = await e.cli(["materialize", "--workbook", active.id, "--force"], { tty: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/✔ .+ › .+ ready +[\d.]+(ms|s)/);
    expect(r.stderr).toContain("\u001b["); // redrawn in place
    expect(r.stdout).toMatch(/DOCUMENT\s+ELEMENT\s+STATUS/);
  });
});

describe("sigmactl materialize under adverse conditions", () => {
  describe("with 30 s materializations", () => {
    let e: E2E;
    let wb: WithSchedules;
    beforeAll(async () => {
      e = await startE2E({ materializationTime: [30, 30] });
      wb = (await workbooksWithSchedules(e.client)).find((w) => w.schedules.some((s) => !s.paused)) as WithSchedules;
    });
    afterAll(async () => {
      await e.close();
    });

    it("times out: exit 2, says Sigma has no cancel and lists the job ids", async () => {
      const r = await e.cli(["materialize", "--workbook", wb.id, "--timeout", "500ms", "--json", "--state-file", join(e.dir, "timeout-state.json")]);
      expect(r.code).toBe(2);
      const doc = parse(r.stdout);
      expect(doc.outcome).toBe("timed-out");
      expect(doc.stillRunning.length).toBeGreaterThan(0);
      expect(r.stderr).toMatch(/Sigma has no cancel/);
      for (const ref of doc.stillRunning) expect(r.stderr).toContain(ref);
    });

    it("attaches to a running job instead of triggering again, unless --force", async () => {
      const sheet = wb.schedules.find((s) => !s.paused)?.sheetId as string;
      const args = ["materialize", "--workbook", wb.id, "--element", sheet, "--no-wait", "--json"];
      const before = e.emu.stats().materializationsStarted.workbook;
      const first = await e.cli(args);
      const second = await e.cli(args);
      expect(second.code, second.stderr).toBe(0);
      const job = parse(second.stdout).jobs[0];
      expect(job?.attached).toBe(true);
      expect(job?.materializationId).toBe(parse(first.stdout).jobs[0]?.materializationId);
      expect(second.stderr).toMatch(/attached to job .* --force/);
      expect(e.emu.stats().materializationsStarted.workbook - before).toBe(1);
      const forced = await e.cli([...args, "--force"]);
      expect(parse(forced.stdout).jobs[0]?.attached).toBe(false);
      expect(e.emu.stats().materializationsStarted.workbook - before).toBe(2);
    });
  });

  it("after a timed-out run, `wait` with no argument and a rerun both follow the same job (no second trigger)", async () => {
    const e = await startE2E({ materializationTime: [1.5, 1.5] });
    try {
      const wb = (await workbooksWithSchedules(e.client)).find((w) => w.schedules.some((s) => !s.paused)) as WithSchedules;
      const sheet = wb.schedules.find((s) => !s.paused)?.sheetId as string;
      const state = ["--state-file", join(e.dir, "attach-after-timeout.json")];
      const before = e.emu.stats().materializationsStarted.workbook;
      const first = await e.cli(["materialize", "--workbook", wb.id, "--element", sheet, "--timeout", "300ms", "--json", ...state]);
      expect(first.code, first.stderr).toBe(2);
      const jobId = parse(first.stdout).jobs[0]?.materializationId;
      expect(jobId).toBeTruthy();
      // `wait` with no argument finds the job in the state file (it used to expire with --timeout).
      const w = await e.cli(["materialize", "wait", "--timeout", "200ms", "--json", ...state]);
      expect(w.stderr).not.toMatch(/no job to follow/);
      expect(w.code, w.stderr).toBe(2);
      expect(parse(w.stdout).jobs.map((j) => j.materializationId)).toEqual([jobId]);
      // The rerun attaches and follows the job to the end.
      const again = await e.cli(["materialize", "--workbook", wb.id, "--element", sheet, "--json", ...state]);
      expect(again.code, again.stderr).toBe(0);
      const job = parse(again.stdout).jobs[0];
      expect(job).toMatchObject({ attached: true, materializationId: jobId, status: "ready" });
      expect(e.emu.stats().materializationsStarted.workbook - before).toBe(1);
      // Seen ready: the entry is gone, so the next run triggers anew.
      // Nothing to follow is an answer, not a usage error (issue #11): exit 0, outcome nothing-to-do.
      const none = await e.cli(["materialize", "wait", "--json", ...state]);
      expect(none.code).toBe(0);
      expect(none.stderr).toMatch(/no job to follow/);
      expect(parse(none.stdout)).toMatchObject({ command: "materialize wait", outcome: "nothing-to-do", exitCode: 0, jobs: [] });
    } finally {
      await e.close();
    }
  });

  it("survives a token TTL shorter than the run", async () => {
    const e = await startE2E({ tokenTtlSeconds: 1, materializationTime: [1.2, 1.5] });
    try {
      const wb = (await workbooksWithSchedules(e.client)).find((w) => w.schedules.some((s) => !s.paused));
      const before = e.emu.stats().tokensIssued;
      const r = await e.cli(["materialize", "--workbook", wb?.id as string, "--json"]);
      expect(r.code, r.stderr).toBe(0);
      expect(parse(r.stdout).outcome).toBe("ready");
      expect(e.emu.stats().tokensIssued - before).toBeGreaterThan(1);
    } finally {
      await e.close();
    }
  });

  it("keeps polling through 5xx and 429 answers to status requests", async () => {
    const e = await startE2E({ materializationTime: [0.8, 1] });
    try {
      const wb = (await workbooksWithSchedules(e.client)).find((w) => w.schedules.some((s) => !s.paused));
      // Only the status GETs (…/materializations/<id>) fail: a failed trigger POST is never retried.
      e.emu.control.setFaults(`503@/v2/workbooks/${wb?.id}/materializations/=#2-3,429@/v2/workbooks/${wb?.id}/materializations/=#4,retry-after=1`);
      e.emu.control.reset();
      const r = await e.cli(["materialize", "--workbook", wb?.id as string, "--json"]);
      expect(r.code, r.stderr).toBe(0);
      expect(parse(r.stdout).outcome).toBe("ready");
      const stats = e.emu.stats();
      expect(stats.faults["503"]).toBe(2);
      expect(stats.faults["429"]).toBe(1);
    } finally {
      await e.close();
    }
  });
});
