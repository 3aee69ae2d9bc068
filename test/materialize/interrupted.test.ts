/**
 * A run stopped through its AbortSignal (Ctrl-C in the CLI) rejects with an error carrying the
 * run so far: outcome `interrupted`, exit code 130, and the jobs Sigma keeps running.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { AbortedError } from "../../src/errors.js";
import { MaterializeInterruptedError } from "../../src/materialize/interrupted.js";
import { materialize } from "../../src/materialize/materialize.js";
import type { MaterializeEvent } from "../../src/materialize/types.js";
import { checkJobs, waitForJobs } from "../../src/materialize/wait.js";
import { targetOfRecord } from "../../src/materialize/wait-input.js";
import { FakeClock } from "./helpers/fake-clock.js";
import { FakeSigma, schedule, workbook } from "./helpers/fake-client.js";

const WB = "11111111-1111-4111-8111-111111111111";

let clock: FakeClock;
let sigma: FakeSigma;

beforeEach(() => {
  clock = new FakeClock();
  sigma = new FakeSigma(clock);
  sigma.workbookList = [workbook(WB, "Sales Overview")];
  sigma.schedules.set(WB, [schedule("s1", "Revenue"), schedule("s2", "Orders")]);
  sigma.scripts.set("s1", { durationMs: 60_000 });
  sigma.scripts.set("s2", { durationMs: 60_000 });
});

/** Aborts `ctl` once `n` jobs were triggered. */
function abortAfterTriggers(ctl: AbortController, n: number): (e: MaterializeEvent) => void {
  let triggered = 0;
  return (e) => {
    if (e.type === "job" && e.job.status === "triggered" && ++triggered === n) ctl.abort();
  };
}

async function rejection(p: Promise<unknown>): Promise<MaterializeInterruptedError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MaterializeInterruptedError);
  expect(err).toBeInstanceOf(AbortedError);
  return err as MaterializeInterruptedError;
}

describe("interrupted runs (library API)", () => {
  it("materialize(): rejects with the run so far, outcome interrupted and exit code 130", async () => {
    const ctl = new AbortController();
    const events: MaterializeEvent[] = [];
    const stopAt = abortAfterTriggers(ctl, 2);
    const err = await rejection(
      materialize({
        client: sigma,
        targets: [{ kind: "workbook", ref: WB }],
        clock,
        random: () => 0.5,
        signal: ctl.signal,
        onEvent: (e) => {
          events.push(e);
          stopAt(e);
        },
      }),
    );
    const r = err.result;
    expect(r).toMatchObject({ outcome: "interrupted", exitCode: 130, organizationId: "org-1" });
    expect(r.jobs.map((j) => j.status)).toEqual(["triggered", "triggered"]);
    expect(r.stillRunning).toEqual(r.jobs.map((j) => j.jobRef));
    expect(r.warnings.join("\n")).toContain("stopped early");
    expect(events.some((e) => e.type === "warning" && e.code === "stopped-early")).toBe(true);
    expect(events.some((e) => e.type === "done")).toBe(false);
  });

  it("materialize({ wait: false }): a signal that fired mid-way is not a clean `triggered`", async () => {
    const ctl = new AbortController();
    const err = await rejection(
      materialize({ client: sigma, targets: [{ kind: "workbook", ref: WB }], clock, concurrency: 1, wait: false, signal: ctl.signal, onEvent: abortAfterTriggers(ctl, 1) }),
    );
    expect(err.result.outcome).toBe("interrupted");
    expect(err.result.jobs.map((j) => j.status)).toEqual(["triggered", "queued"]);
    expect(err.result.stillRunning).toEqual([err.result.jobs[0]?.jobRef]);
    expect(sigma.calls["workbook.materialize"]).toBe(1);
  });

  it("a signal aborted before the run triggers nothing and reports no job", async () => {
    const ctl = new AbortController();
    ctl.abort();
    const err = await rejection(materialize({ client: sigma, targets: [{ kind: "workbook", ref: WB }], clock, signal: ctl.signal }));
    expect(sigma.calls["workbook.materialize"]).toBeUndefined();
    expect(err.result.outcome).toBe("interrupted");
    expect(err.result.stillRunning).toEqual([]);
  });

  it("waitForJobs() and checkJobs(): interrupted too, never `error` for a status request cut short", async () => {
    const started = await materialize({ client: sigma, targets: [{ kind: "workbook", ref: WB }], clock, wait: false });
    const items = started.jobs.map((record) => ({ record, target: targetOfRecord(record) }));
    const ctl = new AbortController();
    const waiting = waitForJobs({ client: sigma, items, clock, random: () => 0.5, signal: ctl.signal, onEvent: (e) => e.type === "job" && e.job.status === "building" && ctl.abort() });
    const err = await rejection(waiting);
    expect(err.result).toMatchObject({ outcome: "interrupted", exitCode: 130 });
    expect(err.result.stillRunning).toHaveLength(2);

    const stopped = new AbortController();
    stopped.abort();
    const status = await rejection(checkJobs({ client: sigma, items, clock, signal: stopped.signal }));
    expect(status.result.jobs.every((j) => j.status !== "error")).toBe(true);
    expect(status.result.outcome).toBe("interrupted");
  });
});
