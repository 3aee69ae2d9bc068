/**
 * Picking up jobs started earlier (`--no-wait`, another process, a timed-out run):
 * `waitForJobs` follows them to the end with the same polling loop as `materialize`;
 * `checkJobs` reads each one once (`sigmactl materialize status`).
 */
import { AbortedError } from "../errors.js";
import type { PollTarget } from "./adapters.js";
import type { MaterializeClient } from "./client-port.js";
import { resolveWaitOptions, type WaitOptions } from "./options.js";
import { buildResult } from "./result.js";
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
}

/** Follows `items` until each ended or a deadline passed. */
export async function waitForJobs(client: MaterializeClient, items: readonly WaitItem[], options: WaitOptions = {}): Promise<MaterializeResult> {
  return follow(client, items, options, "wait");
}

/** Reads the status of each job once; outcome `running` while any is still going. */
export async function checkJobs(client: MaterializeClient, items: readonly WaitItem[], options: WaitOptions = {}): Promise<MaterializeResult> {
  return follow(client, items, options, "status");
}

async function follow(client: MaterializeClient, items: readonly WaitItem[], options: WaitOptions, mode: "wait" | "status"): Promise<MaterializeResult> {
  const o = resolveWaitOptions(options);
  const startedAtMs = o.clock.now();
  const warnings: string[] = [];
  const warn = (message: string): void => {
    warnings.push(message);
    o.emit({ type: "warning", message });
  };
  const who = await client.whoami({ signal: o.signal });
  const state = o.stateFile ? new StateFile(o.stateFile, o.clock, warn) : null;
  const ctl = new AbortController();
  const onAbort = (): void => ctl.abort();
  o.signal?.addEventListener("abort", onAbort, { once: true });
  const tracker = new JobTracker(client, o, startedAtMs + o.timeoutMs, state, warn, ctl.signal);
  const records = items.map((i) => ({ ...i.record }));
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
    if (mode === "wait") {
      for (const t of tracked) {
        // A job that timed out earlier is running again as far as this run knows.
        if (t.record.status === "timed-out") tracker.update(t.record, { status: "triggered", error: null });
        tracker.track(t);
      }
      tracker.close();
      await tracker.run();
    } else {
      await Promise.all(tracked.map((t) => checkOnce(tracker, t, ctl.signal)));
    }
  } catch (err) {
    if (o.signal?.aborted) throw new AbortedError("materialize wait: interrupted", { cause: err });
    throw err;
  } finally {
    o.signal?.removeEventListener("abort", onAbort);
    await tracker.flush();
  }
  const result = buildResult({
    startedAtMs,
    finishedAtMs: o.clock.now(),
    organizationId: who.organizationId,
    jobs: records,
    skipped: [],
    warnings,
    polling: tracker.stats(),
    mode,
  });
  o.emit({ type: "done", result });
  return result;
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
    if (isFatal(err)) throw err;
    tracker.update(t.record, { status: "error", error: `status request failed: ${(err as Error).message}` });
  }
}
