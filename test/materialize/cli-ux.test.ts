/**
 * `sigmactl materialize` as a user meets it: flags of `wait`/`status`, an --output that cannot
 * be written, and Ctrl-C in the middle of a run (state kept, result written, clear message).
 */
import { existsSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MaterializeResult } from "../../src/materialize/types.js";
import { runCli, spawnCli } from "../helpers/run-cli.js";
import { startE2E, workbooksWithSchedules, type E2E, type WithSchedules } from "./helpers/emulator.js";

const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

describe("sigmactl materialize: flags, outputs and interruptions", () => {
  let e: E2E;
  let wb: WithSchedules;

  beforeAll(async () => {
    // Long enough runs that a Ctrl-C lands while jobs are building.
    e = await startE2E({ materializationTime: [1.5, 2] });
    wb = (await workbooksWithSchedules(e.client)).find((w) => w.schedules.length > 0 && w.schedules.every((s) => !s.paused)) as WithSchedules;
    expect(wb).toBeDefined();
  });
  afterAll(async () => {
    await e.close();
  });

  it("refuses an --output it could not write before triggering anything (exit 3, no stack)", async () => {
    const blocker = join(e.dir, "a-file");
    writeFileSync(blocker, "");
    const before = e.emu.stats().materializationsStarted.total;
    const r = await e.cli(["materialize", "--workbook", wb.id, "--output", join(blocker, "result.json")]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error: --output .*result\.json: .*a-file is a file, not a directory$/m);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(e.emu.stats().materializationsStarted.total).toBe(before);
    const dir = await e.cli(["materialize", "--workbook", wb.id, "--output", e.dir]);
    expect(dir.code).toBe(3);
    expect(dir.stderr).toContain("is a directory; give a file name");
  });

  it("`wait` honours its own --output and --state-file, and refuses materialize's flags", async () => {
    const started = join(e.dir, "started.json");
    const state = join(e.dir, "own-state.json");
    const r = await e.cli(["materialize", "--workbook", wb.id, "--no-wait", "--output", started, "--state-file", state]);
    expect(r.code, r.stderr).toBe(0);
    const out = join(e.dir, "waited.json");
    // No input: the jobs come from --state-file alone, so it must be the subcommand's.
    const w = await e.cli(["materialize", "wait", "--output", out, "--state-file", state, "--timeout", "30s"]);
    expect(w.code, w.stderr).toBe(0);
    const doc = JSON.parse(await readFile(out, "utf8")) as MaterializeResult;
    expect(doc.outcome).toBe("ready");
    expect(doc.jobs).toHaveLength(wb.schedules.length);
    expect(w.stderr).toMatch(/^materialize: following \d+ job\(s\) started earlier$/m);

    const bad = await e.cli(["materialize", "status", started, "--workbook", wb.id]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain("--workbook is an option of `sigmactl materialize`, not of `materialize status`");
  });

  it("Ctrl-C mid-run: prints and writes what is known, names what still runs, and `wait FILE` picks it up", async () => {
    const out = join(e.dir, "interrupted.json");
    const stop = new AbortController();
    const before = e.emu.stats().materializationsStarted.total;
    const run = runCli(["materialize", "--workbook", wb.id, "--output", out, "--json", "--force", "--poll-interval", "100ms:200ms"], {
      env: e.env,
      cwd: e.dir,
      signal: stop.signal,
    });
    // Interrupt once every job was triggered (bounded wait).
    for (let i = 0; i < 200 && e.emu.stats().materializationsStarted.total - before < wb.schedules.length; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    stop.abort();
    const r = await run;
    expect(r.code).toBe(130); // 128 + SIGINT, also in-process (issue #11)
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stderr).toMatch(
      new RegExp(`^error: interrupted; ${wb.schedules.length} materialization\\(s\\) already started keep running in Sigma \\(it has no cancel\\)\\. Follow them with: sigmactl materialize wait ${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "m"),
    );
    expect(r.stderr).not.toContain("stopped early;"); // said once, in the error
    const printed = JSON.parse(r.stdout) as MaterializeResult;
    const written = JSON.parse(await readFile(out, "utf8")) as MaterializeResult;
    // The same document; only the time it was taken differs (the envelope's durationMs).
    expect({ ...written, durationMs: 0 }).toEqual({ ...printed, durationMs: 0 });
    // Not "running" with exit code 0: the process exits 130 and the result says so.
    expect(written).toMatchObject({ outcome: "interrupted", exitCode: 130 });
    expect(written.stillRunning).toHaveLength(wb.schedules.length);
    expect(existsSync(`${out}.${process.pid}.tmp`)).toBe(false);

    const w = await e.cli(["materialize", "wait", out, "--json"]);
    expect(w.code, w.stderr).toBe(0);
    expect((JSON.parse(w.stdout) as MaterializeResult).jobs.map((j) => j.status)).toEqual(wb.schedules.map(() => "ready"));
  });

  it("a real Ctrl-C (SIGINT) exits 130, the exit code the JSON result names", async () => {
    const before = e.emu.stats().materializationsStarted.total;
    const proc = spawnCli(["materialize", "--workbook", wb.id, "--json", "--force", "--poll-interval", "100ms:200ms"], { env: e.env, cwd: e.dir });
    for (let i = 0; i < 500 && e.emu.stats().materializationsStarted.total - before < wb.schedules.length; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    proc.kill("SIGINT");
    const done = await proc.exited;
    expect(done.code, done.stderr).toBe(130);
    const printed = JSON.parse(done.stdout) as MaterializeResult;
    expect(printed).toMatchObject({ outcome: "interrupted", exitCode: 130 });
    expect(printed.stillRunning).toHaveLength(wb.schedules.length);
  });

  it("paused schedules are listed once for humans (the summary), and warned about with --json", async () => {
    const paused = (await workbooksWithSchedules(e.client)).find((w) => w.schedules.some((s) => s.paused)) as WithSchedules;
    const human = await e.cli(["materialize", "--workbook", paused.id]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stderr).not.toContain("skipping paused schedule");
    expect(human.stderr).toMatch(/paused schedule\(s\) skipped/);
    expect(human.stdout).toContain("Skipped (paused in Sigma; --include-paused runs them):");
    const json = await e.cli(["materialize", "--workbook", paused.id, "--json", "--force"]);
    expect(json.stderr).toContain("skipping paused schedule");
  });

  it("Ctrl-C before anything was triggered says so", async () => {
    const stop = new AbortController();
    stop.abort();
    const r = await runCli(["materialize", "--workbook", wb.id], { env: e.env, cwd: e.dir, signal: stop.signal });
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/^error: interrupted before any materialization was triggered; nothing is left running$/m);
    expect(r.stdout).toBe("");
  });
});
