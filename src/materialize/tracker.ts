/**
 * Follows started jobs to the end through the shared PollScheduler: applies each observation
 * to the job's record, enforces the unknown-status grace and the poll-error budget, reports
 * timeouts, emits an event on every status change and drops state-file entries of jobs that ended.
 */
import { AuthenticationError, NotFoundError, PermissionDeniedError, SigmaError } from "../errors.js";
import { observeJob, type Observation, type PollTarget } from "./adapters.js";
import type { MaterializeClient } from "./client-port.js";
import { iso } from "./clock.js";
import { formatDuration } from "./duration.js";
import type { ResolvedWaitOptions } from "./options.js";
import { PollScheduler, type PollVerdict } from "./poll-scheduler.js";
import { ENDED_RETENTION_MS, endedKey, type EndedJob, type StateFile } from "./state-file.js";
import type { JobRecord, JobStatus, PollingStats, Warn } from "./types.js";

/** One job being followed. */
export interface Tracked {
  record: JobRecord;
  target: PollTarget;
  /** State-file key to drop when the job ends (null: not recorded). */
  stateKey: string | null;
  unknownPolls: number;
  unknownSince: number | null;
  pollErrors: number;
  /** When this run started following the job (set by track). */
  followedSinceMs?: number;
  /** What an earlier run saw when the job ended (from the state file). */
  knownEnd?: EndedJob | undefined;
}

/** True for errors that must stop the whole run (credentials or permissions). */
export function isFatal(err: unknown): boolean {
  return err instanceof AuthenticationError || err instanceof PermissionDeniedError || !(err instanceof SigmaError);
}

/** Follows jobs; one instance per run. */
export class JobTracker {
  private readonly scheduler: PollScheduler<Tracked>;
  private readonly pendingWrites: Promise<void>[] = [];

  constructor(
    private readonly client: MaterializeClient,
    private readonly o: ResolvedWaitOptions,
    runDeadline: number,
    private readonly state: StateFile | null,
    private readonly warn: Warn,
    signal: AbortSignal,
  ) {
    this.scheduler = new PollScheduler<Tracked>(
      { clock: o.clock, interval: o.pollInterval, runDeadline, random: o.random, signal },
      { poll: (t, s) => this.poll(t, s), timedOut: (t, cause) => this.timedOut(t, cause) },
    );
  }

  /** Sets a record's fields and emits a `job` event when its status changed (or `force`). */
  update(record: JobRecord, patch: Partial<JobRecord>, force = false): void {
    const previous = record.status;
    Object.assign(record, patch);
    if (force || record.status !== previous) this.o.emit({ type: "job", job: { ...record }, previous });
  }

  /**
   * Starts following a job; its first poll comes one (jittered) minimum interval from now. The
   * per-job deadline counts from now: for a fresh trigger that is the trigger time, and a job
   * picked up later (`wait`, attach) gets the full --job-timeout from when this run follows it.
   * `scheduleFrom` (a fresh trigger's send time) is where the nominal poll schedule counts from.
   */
  track(t: Tracked, scheduleFrom?: number): void {
    t.followedSinceMs = this.o.clock.now();
    this.scheduler.add(t, t.followedSinceMs + this.o.jobTimeoutMs, scheduleFrom);
  }

  /** Reads a job's status once (attach checks and `status`). Errors propagate. */
  observe(target: PollTarget, signal?: AbortSignal): Promise<Observation> {
    return observeJob(this.client, target, { signal });
  }

  /** Polls until every tracked job ended; call close() once no more jobs will be added. */
  run(): Promise<void> {
    return this.scheduler.run();
  }

  /** No more jobs will be tracked. */
  close(): void {
    this.scheduler.close();
  }

  /** Polling figures. */
  stats(): PollingStats {
    return this.scheduler.stats();
  }

  /** Queues a state-file change; failures become warnings (the run itself is not affected). */
  writeState(change: Parameters<StateFile["update"]>[0]): void {
    if (!this.state) return;
    const path = this.state.path;
    this.pendingWrites.push(
      this.state.update(change).catch((err: unknown) => this.warn("state-file", `could not update state file ${path}: ${(err as Error).message}`)),
    );
  }

  /** Waits for queued state-file writes. */
  async flush(): Promise<void> {
    await Promise.all(this.pendingWrites.splice(0));
  }

  /** Applies an observation; returns "done" when the job reached an end. */
  apply(t: Tracked, obs: Observation): PollVerdict {
    const now = this.o.clock.now();
    const patch: Partial<JobRecord> = {
      sigmaStatus: obs.sigmaStatus,
      startedAt: obs.startedAt ?? t.record.startedAt,
      readyAt: obs.readyAt ?? t.record.readyAt,
    };
    if (obs.observed === "unknown") {
      t.unknownPolls += 1;
      t.unknownSince ??= now;
      const { polls, ms } = this.o.unknownStatusGrace;
      if (t.unknownPolls === 1) {
        this.warn("unknown-status", `${label(t.record)}: Sigma answered an unknown status "${obs.sigmaStatus}"; it counts as a failure if it persists`);
      }
      if (t.unknownPolls >= polls || now - t.unknownSince >= ms) {
        this.finish(t, "failed", patch, `Sigma reported the unknown status "${obs.sigmaStatus}" ${t.unknownPolls} time(s) in a row; treated as a failure, never as success`, obs);
        return "done";
      }
      this.update(t.record, { ...patch, status: "unknown" });
      return "continue";
    }
    t.unknownPolls = 0;
    t.unknownSince = null;
    if (obs.observed === "ready") {
      this.finish(t, "ready", patch, null, obs);
      return "done";
    }
    if (obs.observed === "failed") {
      this.finish(t, "failed", patch, obs.error ?? "Sigma reported the job as failed without a message", obs);
      return "done";
    }
    this.update(t.record, { ...patch, status: obs.observed });
    return "continue";
  }

  private async poll(t: Tracked, signal: AbortSignal): Promise<PollVerdict> {
    let obs: Observation;
    try {
      obs = await observeJob(this.client, t.target, { signal });
    } catch (err) {
      if (signal.aborted) return "continue";
      if (isFatal(err)) throw err;
      if (err instanceof NotFoundError) {
        this.finish(t, "error", {}, `Sigma does not know this job any more (404): ${(err as Error).message}`);
        return "done";
      }
      t.pollErrors += 1;
      if (t.pollErrors >= this.o.maxPollErrors) {
        this.finish(t, "error", {}, `gave up after ${t.pollErrors} failed status requests in a row; last: ${(err as Error).message}`);
        return "done";
      }
      if (t.pollErrors === 1) this.warn("poll-error", `${label(t.record)}: status request failed (${(err as Error).message}); will keep polling`);
      return "continue";
    }
    t.pollErrors = 0;
    return this.apply(t, obs);
  }

  private timedOut(t: Tracked, cause: "job" | "run"): void {
    const limit = cause === "job" ? `its \`jobTimeoutMs\` (${formatDuration(this.o.jobTimeoutMs)})` : `the run's \`timeoutMs\` (${formatDuration(this.o.timeoutMs)})`;
    const last = t.record.sigmaStatus ? ` (last status: ${t.record.sigmaStatus})` : "";
    // The state entry stays: the job may still be running, and a later run should attach to it.
    this.update(t.record, {
      status: "timed-out",
      error: `stopped waiting after ${limit}${last}. Sigma has no cancel: the job may still finish; follow it with \`sigmactl materialize wait ${t.record.jobRef ?? ""}\``,
      durationMs: this.o.clock.now() - since(t, this.o.clock.now()),
    });
  }

  private finish(t: Tracked, status: JobStatus, patch: Partial<JobRecord>, error: string | null, obs?: Observation): void {
    const rec = { ...t.record, ...patch };
    const now = this.o.clock.now();
    // Lost track (error) is no end in Sigma: no end time and no duration to report.
    const ended = status === "ready" || status === "failed";
    // The first sighting of the end sticks: a later look must not make the job look longer.
    const seen = ended ? (rec.endObservedAt ?? t.knownEnd?.endObservedAt ?? iso(now)) : null;
    let durationMs: number | null = null;
    if (rec.startedAt && rec.readyAt) durationMs = Date.parse(rec.readyAt) - Date.parse(rec.startedAt);
    else if (obs?.durationMs !== undefined) durationMs = obs.durationMs;
    else if (t.knownEnd) durationMs = t.knownEnd.durationMs;
    else if (seen) durationMs = sinceStart(t, Date.parse(seen));
    this.update(t.record, { ...patch, status, error, endObservedAt: seen, durationMs });
    const key = t.stateKey;
    const { kind, documentId, jobId } = t.target;
    const ek = endedKey(this.o.host, kind, documentId, jobId);
    this.writeState((entries, endedJobs) => {
      if (key) delete entries[key];
      if (seen && !endedJobs[ek]) endedJobs[ek] = { endObservedAt: seen, durationMs, expiresAt: iso(Date.parse(seen) + ENDED_RETENTION_MS) };
    });
  }
}

/** When the job started as far as we know: its trigger time, else when this run began following it. */
function since(t: Tracked, now: number): number {
  return t.target.triggeredAtMs > 0 ? t.target.triggeredAtMs : (t.followedSinceMs ?? now);
}

/**
 * Trigger → `endMs`, or follow start → `endMs` when the trigger time is unknown and this run saw
 * the end itself; null when nothing tells how long the job ran.
 */
function sinceStart(t: Tracked, endMs: number): number | null {
  if (t.target.triggeredAtMs > 0) return endMs - t.target.triggeredAtMs;
  if (t.followedSinceMs !== undefined && endMs >= t.followedSinceMs) return endMs - t.followedSinceMs;
  return null;
}

/** Short label of a job for messages: `workbook "Sales" › Revenue`. */
export function label(r: JobRecord): string {
  const kind = r.kind === "data-model" ? "data model" : r.kind;
  return `${kind} "${r.documentName}"${r.elementName ? ` › ${r.elementName}` : ""}`;
}
