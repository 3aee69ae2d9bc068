/**
 * What `sigmactl materialize` (and `wait`) leave behind when Ctrl-C stops them: the job
 * records seen so far become a result document (printed, and written to --output, so
 * `materialize wait FILE` can pick the jobs up) and one clear message. Helper module: no `register`.
 */
import { AbortedError } from "../../errors.js";
import { buildResult } from "../../materialize/result.js";
import type { JobRecord, MaterializeEvent, MaterializeResult, SkippedSchedule } from "../../materialize/types.js";

/** Keeps the latest record of every job from a run's events. */
export class JobLog {
  private readonly jobs = new Map<string, JobRecord>();
  private skipped: SkippedSchedule[] = [];
  private readonly warnings: string[] = [];
  // Jobs picked up by reference (wait) are told apart by it; planned ones by their schedule.
  private byRef = false;
  readonly startedAtMs = Date.now();

  /** Feed every event of the run here. */
  onEvent(e: MaterializeEvent): void {
    if (e.type === "planned") {
      this.byRef = e.jobs.length > 0 && e.jobs.every((j) => j.jobRef !== null);
      for (const j of e.jobs) this.jobs.set(this.keyOf(j), { ...j });
      this.skipped = e.skipped;
    } else if (e.type === "job") this.jobs.set(this.keyOf(e.job), { ...e.job });
    else if (e.type === "warning") this.warnings.push(e.message);
  }

  private keyOf(j: JobRecord): string {
    return this.byRef && j.jobRef !== null ? j.jobRef : `${j.kind}/${j.documentId}/${j.sheetId ?? "-"}`;
  }

  /** The run so far, as a result document (outcome `running` while jobs may still be going). */
  partialResult(): MaterializeResult {
    return buildResult({
      startedAtMs: this.startedAtMs,
      finishedAtMs: Date.now(),
      organizationId: null,
      jobs: [...this.jobs.values()],
      skipped: this.skipped,
      warnings: this.warnings,
      polling: { ticks: 0, statusRequests: 0, activeJobTicks: 0 },
      mode: "wait",
    });
  }
}

/**
 * The error a Ctrl-C'd run exits with: what was left running in Sigma and how to follow it
 * (`follow`: the command line that picks the jobs up again).
 */
export function interruptedError(r: MaterializeResult, follow: string, cause: unknown): AbortedError {
  const running = r.stillRunning.length;
  if (running === 0) {
    const started = r.jobs.some((j) => j.materializationId !== null);
    return new AbortedError(`interrupted${started ? "" : " before any materialization was triggered"}; nothing is left running`, { cause });
  }
  return new AbortedError(
    `interrupted; ${running} materialization(s) already started keep running in Sigma (it has no cancel). Follow them with: ${follow}`,
    { cause },
  );
}
