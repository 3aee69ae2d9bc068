/**
 * Never trigger a sheet twice, end to end: real sigmactl processes against the emulator behind a
 * loopback proxy that counts trigger POSTs (helpers/trigger-proxy.ts). Kill instants follow the
 * trigger count (kill -9 when the k-th trigger arrives or was accepted, before its answer), runs
 * started together share one state file, and SIGTERM lands mid-trigger. Triggers per sheet come
 * from the emulator's stats (`materializationsByTarget`).
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SigmaClient } from "../../src/client/index.js";
import { createEmulator, type Emulator } from "../../src/emulator/index.js";
import { systemClock } from "../../src/materialize/clock.js";
import { StateFile } from "../../src/materialize/state-file.js";
import type { JobRecord, MaterializeResult } from "../../src/materialize/types.js";
import { spawnCli, type SpawnedCli } from "../helpers/run-cli.js";
import { workbooksWithSchedules, type WithSchedules } from "./helpers/emulator.js";
import { startTriggerProxy, type TriggerProxy } from "./helpers/trigger-proxy.js";

let emu: Emulator;
let proxy: TriggerProxy;
let workbooks: WithSchedules[];
let sheets: number;
let dir: string;
let targetsFile: string;

beforeAll(async () => {
  // Materializations outlast the test: a rerun finds every accepted job still running.
  emu = await createEmulator({ size: "medium", materializationTime: [600, 600], log: () => undefined });
  const client = new SigmaClient({ baseUrl: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret, fetch: emu.fetch });
  // 40 workbooks (~60 sheets): enough for 10 spread kill instants, quick to resolve.
  workbooks = (await workbooksWithSchedules(client)).slice(0, 40);
  sheets = workbooks.reduce((n, w) => n + w.schedules.length, 0);
  proxy = await startTriggerProxy(emu, 40);
  dir = await mkdtemp(join(tmpdir(), "sigmactl-trigger-journal-"));
  targetsFile = join(dir, "targets.json");
  await writeFile(targetsFile, JSON.stringify(workbooks.map((w) => ({ workbook: w.id }))));
});
afterAll(async () => {
  await proxy?.close();
  await emu?.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  emu.control.reset();
  proxy.arrived = 0;
  proxy.onArrive = () => undefined;
  proxy.onAccepted = () => undefined;
});

function env(): Record<string, string> {
  return { SIGMA_BASE_URL: proxy.url, SIGMA_CLIENT_ID: emu.clientId, SIGMA_CLIENT_SECRET: emu.clientSecret };
}

/** `sigmactl materialize` over every scheduled workbook sheet (paused ones included). */
function run(stateFile: string, extra: string[] = [], timeoutMs = 120_000): SpawnedCli {
  return spawnCli(["materialize", "--targets", targetsFile, "--include-paused", "--no-wait", "--json", "--state-file", stateFile, ...extra], {
    env: env(),
    cwd: dir,
    timeoutMs,
  });
}

function started(): Record<string, number> {
  return emu.stats().materializationsByTarget;
}

function targetOf(j: JobRecord): string {
  return `workbook:${j.documentId}/${j.sheetId}`;
}

const maybeRunning = (j: JobRecord) => j.status === "error" && (j.error ?? "").startsWith("unknown: maybe running");

describe("trigger journal (real processes)", () => {
  it("kill -9 at 10 instants through the trigger phase, then rerun: no sheet started twice", async () => {
    const figures: string[] = [];
    for (let i = 1; i <= 10; i++) {
      emu.control.reset();
      proxy.arrived = 0;
      const stateFile = join(dir, `kill-${i}`, "state.json");
      // Spread over the phase; odd instants kill when the k-th POST arrives, even ones once Sigma accepted it.
      const k = Math.max(1, Math.round((i * sheets) / 11));
      const first = run(stateFile);
      const kill = (n: number) => {
        if (n === k) first.kill("SIGKILL");
      };
      proxy.onArrive = i % 2 === 1 ? kill : () => undefined;
      proxy.onAccepted = i % 2 === 0 ? kill : () => undefined;
      const killed = await first.exited;
      proxy.onArrive = proxy.onAccepted = () => undefined;
      expect(killed.signal, killed.stderr).toBe("SIGKILL");
      // Requests in flight when the process died still reach Sigma: wait for the proxy to drain.
      for (let w = 0; w < 400 && emu.stats().inFlight > 0; w++) await new Promise((r) => setTimeout(r, 10));
      const beforeRerun = { ...started() };

      const rerun = await run(stateFile).exited;
      const result = JSON.parse(rerun.stdout) as MaterializeResult;
      const counts = started();
      const twice = Object.entries(counts).filter(([, n]) => n > 1);
      expect(twice, `instant ${i} (k=${k})`).toEqual([]);
      expect(result.jobs).toHaveLength(sheets);
      let attached = 0;
      let unknown = 0;
      for (const j of result.jobs) {
        const n = counts[targetOf(j)] ?? 0;
        if (maybeRunning(j)) {
          unknown++;
          expect(n).toBeLessThanOrEqual(1);
        } else {
          // Every other sheet runs exactly once: attached to the first run's job, or triggered now.
          expect(j.materializationId, `${targetOf(j)}: ${j.error}`).toBeTruthy();
          expect(n, targetOf(j)).toBe(1);
          if (j.attached) {
            attached++;
            expect(beforeRerun[targetOf(j)]).toBe(1);
          }
        }
      }
      // Only triggers in flight at the kill can be unconfirmed (concurrency 4).
      expect(unknown).toBeLessThanOrEqual(4);
      expect(rerun.code, rerun.stderr).toBe(unknown > 0 ? 5 : 0);
      figures.push(`k=${k}: attached ${attached}, unknown ${unknown}, triggered ${sheets - attached - unknown}`);
    }
    console.log(`kill -9 instants over ${sheets} sheets:\n  ${figures.join("\n  ")}`);
  }, 600_000);

  it("two and three runs started together: each sheet is triggered once", async () => {
    for (const n of [2, 3]) {
      emu.control.reset();
      const stateFile = join(dir, `together-${n}`, "state.json");
      const runs = Array.from({ length: n }, () => run(stateFile));
      const done = await Promise.all(runs.map((r) => r.exited));
      for (const d of done) expect(d.code, d.stderr).toBe(0);
      const counts = started();
      expect(Object.keys(counts)).toHaveLength(sheets);
      expect(Object.values(counts).every((c) => c === 1)).toBe(true);
      const results = done.map((d) => JSON.parse(d.stdout) as MaterializeResult);
      // One run triggered everything, the others attached to the same jobs.
      const triggering = results.filter((r) => r.jobs.some((j) => !j.attached));
      expect(triggering).toHaveLength(1);
      const ids = (r: MaterializeResult) => r.jobs.map((j) => j.materializationId).sort();
      for (const r of results) expect(ids(r)).toEqual(ids(triggering[0] as MaterializeResult));
    }
  }, 300_000);

  it("SIGTERM mid-trigger: triggers in flight finish, and every accepted one is in the result and the state file", async () => {
    const stateFile = join(dir, "sigterm", "state.json");
    const out = join(dir, "sigterm", "result.json");
    const k = Math.round(sheets / 3);
    const proc = run(stateFile, ["--output", out]);
    // Once Sigma accepted the k-th trigger, before its answer left: that one and its neighbours are in flight.
    proxy.onAccepted = (n) => {
      if (n === k) proc.kill("SIGTERM");
    };
    const done = await proc.exited;
    expect(done.code, done.stderr).toBe(143);
    const result = JSON.parse(done.stdout) as MaterializeResult;
    expect(result.outcome).toBe("interrupted");
    const counts = started();
    const accepted = Object.keys(counts).sort();
    expect(accepted.length).toBeGreaterThanOrEqual(k);
    expect(accepted.length).toBeLessThan(sheets);
    const inResult = result.jobs.filter((j) => j.materializationId !== null).map(targetOf).sort();
    expect(inResult).toEqual(accepted);
    // The same document, exit code 143 included (the process's own, issue #11); only the time it was taken differs.
    const { durationMs: _d1, ...fromFile } = JSON.parse(await readFile(out, "utf8")) as Record<string, unknown>;
    const { durationMs: _d2, ...fromStdout } = result as unknown as Record<string, unknown>;
    expect(fromFile).toEqual(fromStdout);
    expect(fromStdout.exitCode).toBe(143);
    const entries = Object.values(await new StateFile(stateFile, systemClock).read());
    expect(entries.map((e) => `workbook:${e.documentId}/${e.sheetId}`).sort()).toEqual(accepted);
    // The rerun attaches to all of them and triggers only the rest.
    const rerun = await run(stateFile).exited;
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(Object.values(started()).every((c) => c === 1)).toBe(true);
    expect(Object.keys(started())).toHaveLength(sheets);
  }, 120_000);

  it("refuses a --state-file it cannot write before triggering anything (exit 3); --no-state runs without one", async () => {
    const blocker = join(dir, "not-a-dir");
    await writeFile(blocker, "");
    const refused = await run(join(blocker, "state.json")).exited;
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr).toMatch(/state file .*not-a-dir/);
    expect(refused.stderr).toContain("--no-state");
    expect(refused.stderr).not.toMatch(/^\s+at /m);
    expect(proxy.arrived).toBe(0);
    const without = await run(join(blocker, "state.json"), ["--no-state"]).exited;
    expect(without.code, without.stderr).toBe(0);
    expect(proxy.arrived).toBe(sheets);
  }, 120_000);
});
