/** The human renderings of a materialize run: live lines, plain lines, the summary and the exit error. */
import pc from "picocolors";
import { describe, expect, it } from "vitest";
import { createProgressView, line, plannedLine, saidElsewhere } from "../../src/cli/commands/materialize-live.js";
import { createOutput } from "../../src/cli/output.js";
import { captureContext } from "../helpers/run-cli.js";
import { countLine, outcomeError, renderSummary } from "../../src/cli/commands/materialize-render.js";
import { buildResult } from "../../src/materialize/result.js";
import type { JobRecord } from "../../src/materialize/types.js";

const c = pc.createColors(false);

function job(over: Partial<JobRecord>): JobRecord {
  return {
    kind: "workbook",
    documentId: "wb1",
    documentName: "Sales Overview",
    elementName: "Revenue",
    elementId: "el1",
    sheetId: "sh1",
    materializationId: "m1",
    jobRef: "workbook:wb1:m1",
    status: "ready",
    sigmaStatus: "ready",
    attached: false,
    triggeredAt: "2026-01-01T00:00:00.000Z",
    startedAt: "2026-01-01T00:00:01.000Z",
    readyAt: "2026-01-01T00:00:03.500Z",
    endObservedAt: "2026-01-01T00:00:04.000Z",
    durationMs: 2500,
    error: null,
    ...over,
  };
}

function result(jobs: JobRecord[]) {
  return buildResult({ startedAtMs: 0, finishedAtMs: 9000, organizationId: "o", jobs, skipped: [], warnings: [], polling: { ticks: 0, statusRequests: 0, activeJobTicks: 0 }, mode: "wait" });
}

describe("live view lines", () => {
  it("a finished job shows the same duration as the summary table, not the time it took us to notice", () => {
    const l = line(job({}), 7000, 40, c);
    expect(l).toMatch(/^✔ Sales Overview › Revenue +ready +2\.5s$/);
    expect(renderSummary(result([job({})]), c)).toMatch(/Sales Overview +Revenue +ready +2\.5s/);
  });

  it("a running job shows the time since its trigger; one never started shows no time", () => {
    expect(line(job({ status: "building", durationMs: null, readyAt: null }), 4200, 40, c)).toMatch(/building +4\.2s$/);
    const notStarted = job({ status: "error", materializationId: null, jobRef: null, durationMs: 0, error: "429" });
    expect(line(notStarted, 4200, 40, c)).toMatch(/error +-$/);
  });

  it("keeps every line within the terminal: long names are cut, short ones are not", () => {
    const long = job({ kind: "data-model", documentName: "A".repeat(80), elementName: "B".repeat(80) });
    const l = line(long, 0, 80 - 22, c);
    expect(l.length).toBeLessThanOrEqual(80);
    expect(l).toContain("… (data model) › ");
    expect(line(job({ documentName: "Supply Chain Renewals Dashboard", elementName: "Web Sessions Open Items" }), 0, 57, c)).toContain(
      "Supply Chain Renewals Dashboard › Web Sessions Open Items  ready",
    );
  });
});

describe("live view", () => {
  it("keeps apart jobs picked up by reference that share document and sheet", () => {
    const cap = captureContext({ tty: true });
    const view = createProgressView(cap.ctx, createOutput(cap.ctx, {}), { interactive: true, quiet: false, mode: "follow" });
    const a = job({ sheetId: null, elementName: "First", jobRef: "workbook:wb1:m1", status: "building" });
    const b = job({ sheetId: null, elementName: "Second", jobRef: "workbook:wb1:m2", materializationId: "m2", status: "building" });
    view.onEvent({ type: "planned", jobs: [a, b], skipped: [] });
    view.onEvent({ type: "job", job: { ...a, status: "ready" }, previous: "building" });
    view.stop();
    const last = cap.stderr().split("\n").slice(-4).join("\n");
    expect(last).toMatch(/✔ Sales Overview › First +ready +2\.5s/);
    expect(last).toMatch(/… Sales Overview › Second +building/);
  });
});

describe("plain lines and counts", () => {
  it("the first line says what is about to happen, without a zero count", () => {
    expect(plannedLine([job({ status: "queued" })], 0, "run")).toBe("materialize: 1 job(s) to trigger");
    expect(plannedLine([job({ status: "queued" })], 2, "run")).toBe("materialize: 1 job(s) to trigger; 2 paused schedule(s) skipped");
    expect(plannedLine([job({ status: "would-trigger" })], 0, "run")).toBe("materialize: dry run, 1 job(s) would be triggered");
    expect(plannedLine([job({}), job({})], 0, "follow")).toBe("materialize: following 2 job(s) started earlier");
  });

  it("counts come in a fixed order, outcomes first", () => {
    expect(countLine([job({ status: "building" }), job({ status: "failed" }), job({})])).toBe("1 ready, 1 failed, 1 building");
  });
});

describe("summary and exit error", () => {
  it("lists problems apart from the table, says data model in words, and offers --retry-failed", () => {
    const failed = job({ kind: "data-model", documentName: "Metrics", status: "failed", error: "SQL compilation error", readyAt: null });
    const lost = job({ status: "error", materializationId: null, jobRef: null, durationMs: 0, error: "not started: 429" });
    const r = result([job({}), failed, lost]);
    const text = renderSummary(r, c, { resultFile: "out.json" });
    expect(text).toMatch(/Metrics \(data model\)/);
    expect(text).not.toContain("(data-model)");
    expect(text).toMatch(/Problems:\n {2}failed {2}data model "Metrics" › Revenue: SQL compilation error\n {2}error {2}workbook "Sales Overview" › Revenue: not started: 429\n/);
    expect(text).toMatch(/Sales Overview +Revenue +error +- +-/);
    expect(text).toContain("Rerun only what failed: sigmactl materialize --retry-failed out.json");
    expect(renderSummary(r, c)).toContain("--output result.json, then --retry-failed result.json");
    expect(outcomeError(r)?.message).toBe("1 of 3 materialization(s) failed, 1 could not be started or followed");
  });

  it("a run with nothing to trigger starts with its first section, not a blank line", () => {
    const r = { ...result([]), skipped: [{ ...job({}), reason: "paused" as const }] };
    expect(renderSummary(r, c)).toMatch(/^Skipped \(paused in Sigma; --include-paused runs them\):\n {2}workbook "Sales Overview" › Revenue\n\nnothing to do/);
  });

  it("an interrupted run leaves the follow-up command to its error message", () => {
    const r = { ...result([job({}), job({ status: "failed", error: "x", readyAt: null })]), stillRunning: ["workbook:wb1:m9"] };
    expect(renderSummary(r, c)).toContain("sigmactl materialize wait workbook:wb1:m9");
    expect(renderSummary({ ...r, outcome: "interrupted", exitCode: 130 }, c)).not.toContain("materialize wait");
  });
});

describe("warnings the human output already carries", () => {
  it("are recognised by their code, whatever their wording", () => {
    const paused = { type: "warning" as const, code: "paused-skipped" as const, message: "any wording" };
    const stopped = { type: "warning" as const, code: "stopped-early" as const, message: "any wording" };
    expect(saidElsewhere(paused, { interrupted: false, json: false })).toBe(true);
    expect(saidElsewhere(paused, { interrupted: false, json: true })).toBe(false);
    expect(saidElsewhere(stopped, { interrupted: true, json: true })).toBe(true);
    expect(saidElsewhere(stopped, { interrupted: false, json: false })).toBe(false);
    expect(saidElsewhere({ type: "warning", code: "attached", message: "skipping paused schedule of x" }, { interrupted: true, json: false })).toBe(false);
  });
});
