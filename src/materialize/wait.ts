/**
 * Picking up jobs started earlier (`--no-wait`, another process, a timed-out run):
 * `waitForJobs` follows them to the end with the same polling loop as `materialize`;
 * `checkJobs` reads each one once (`sigmactl materialize status`).
 */
import type { PollTarget } from "./adapters.js";
import type { MaterializeClient } from "./client-port.js";
import { settleRun } from "./interrupted.js";
import { resolveWaitOptions, type ResolvedWaitOptions, type WaitForJobsOptions, type WaitOptions } from "./options.js";
import { fillNames } from "./ref-names.js";
import { warnInto, type RunSoFar } from "./result.js";
import { endedKey, StateFile } from "./state-file.js";
import { isActive } from "./status.js";
import { isFatal, JobTracker, type Tracked } from "./tracker.js";
import type { JobRecord, MaterializeResult } from "./types.js";

/** A job to pick up: its record (names, earlier status) and how to poll it (null: nothing to poll). */
export interface WaitItem {
  record: JobRecord;
  target: PollTarget | null;
  /** State-file key to drop once the job ends. */
  stateKey?: string | null;
  /** The record has ids only (a bare job reference): the document is looked up for its name. */
  namesUnknown?: boolean;
}

/** Follows `items` until each ended or a deadline passed. */
export async function waitForJobs(options: WaitForJobsOptions): Promise<MaterializeResult> {
  return follow(options.client, options.items, options, "wait");
}

/** Reads the status of each job once; outcome `running` while any is still going. */
export async function checkJobs(options: WaitForJobsOptions): Promise<MaterializeResult> {
  return follow(options.client, options.items, options, "status");
}

async function follow(client: MaterializeClient, items: readonly WaitItem[], options: WaitOptions, mode: "wait" | "status"): Promise<MaterializeResult> {
  const o = resolveWaitOptions(options);
  const records = items.map((i) => ({ ...i.record }));
  const so: RunSoFar = { startedAtMs: o.clock.now(), organizationId: null, jobs: records, skipped: [], warnings: [], mode };
  return settleRun(so, o, `materialize ${mode}`, (ctl) => pickUp(client, items, o, so, ctl.signal));
}

/** Follows (`wait`) or reads once (`status`) the jobs of `items`, updating `so.jobs` in place. */
async function pickUp(client: MaterializeClient, items: readonly WaitItem[], o: ResolvedWaitOptions, so: RunSoFar, signal: AbortSignal): Promise<void> {
  const records = so.jobs;
  const warn = warnInto(so, o.emit);
  const who = await client.whoami({ signal });
  so.organizationId = who.organizationId;
  const state = o.stateFile ? new StateFile(o.stateFile, o.clock, (m) => warn("state-file", m)) : null;
  const tracker = new JobTracker(client, o, so.startedAtMs + o.timeoutMs, state, warn, signal);
  so.polling = () => tracker.stats();
  const unnamed = records.filter((_, k) => items[k]?.namesUnknown === true);
  if (unnamed.length > 0) await fillNames(client, unnamed, warn, { signal });
  o.emit({ type: "planned", jobs: records.map((r) => ({ ...r })), skipped: [] });
  // Jobs an earlier look saw ending keep the end time and duration reported then.
  const ended = state ? await state.readEnded() : {};
  const tracked: Tracked[] = [];
  items.forEach((item, k) => {
    const record = records[k] as JobRecord;
    const target = item.target;
    if (target && (isActive(record.status) || record.status === "timed-out")) {
      const knownEnd = ended[endedKey(o.host, target.kind, target.documentId, target.jobId)];
      tracked.push({ record, target, stateKey: item.stateKey ?? null, unknownPolls: 0, unknownSince: null, pollErrors: 0, knownEnd });
    }
  });
  try {
    if (so.mode === "wait") {
      for (const t of tracked) {
        // A job that timed out earlier is running again as far as this run knows.
        if (t.record.status === "timed-out") tracker.update(t.record, { status: "triggered", error: null });
        tracker.track(t);
      }
      tracker.close();
      await tracker.run();
    } else {
      await Promise.all(tracked.map((t) => checkOnce(tracker, t, signal)));
    }
  } finally {
    await tracker.flush();
  }
}

async function checkOnce(tracker: JobTracker, t: Tracked, signal: AbortSignal): Promise<void> {
  try {
    const obs = await tracker.observe(t.target, signal);
    // One look cannot tell a passing oddity from a new status word: report it, do not fail it.
    if (obs.observed === "unknown") {
      tracker.update(t.record, { status: "unknown", sigmaStatus: obs.sigmaStatus });
      return;
    }
    tracker.apply(t, obs);
  } catch (err) {
    if (isFatal(err) || signal.aborted) throw err;
    tracker.update(t.record, { status: "error", error: `status request failed: ${(err as Error).message}` });
  }
}
