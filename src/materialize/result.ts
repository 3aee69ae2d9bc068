/**
 * Builds the result document: per-job records and the overall outcome. Precedence when jobs
 * end differently: failed (1) > timed out (2) > lost track through API errors (5) > ready (0).
 * A failure is definitive; a timeout may still end well; an API error says nothing about the job.
 */
import { iso } from "./clock.js";
import { isActive } from "./status.js";
import type {
  EventListener,
  JobRecord,
  MaterializeResult,
  Outcome,
  PlannedJob,
  PollingStats,
  ScheduleIdentity,
  SkippedSchedule,
  Warn,
} from "./types.js";

// Same values as ExitCode in src/cli/exit-codes.ts (jobs do not import the CLI; a test checks they agree).
/** Exit codes of the materialize outcomes. */
export const OUTCOME_EXIT: Record<Outcome, number> = {
  ready: 0,
  triggered: 0,
  running: 0,
  "dry-run": 0,
  "nothing-to-do": 0,
  failed: 1,
  "timed-out": 2,
  error: 5,
  // What the CLI exits with after Ctrl-C (128 + SIGINT, see src/cli/main.ts).
  interrupted: 130,
};

// Identity fields first: records are written to JSON in this key order.
function identityOf(job: PlannedJob): ScheduleIdentity {
  return {
    kind: job.document.kind,
    documentId: job.document.id,
    documentName: job.document.name,
    elementName: job.elementName,
    elementId: job.elementId,
    sheetId: job.sheetId,
  };
}

/** A fresh record for a planned job. */
export function recordFor(job: PlannedJob): JobRecord {
  return {
    ...identityOf(job),
    materializationId: null,
    jobRef: null,
    status: "queued",
    sigmaStatus: null,
    attached: false,
    triggeredAt: null,
    startedAt: null,
    readyAt: null,
    endObservedAt: null,
    durationMs: null,
    error: null,
    ...(job.wave !== undefined ? { wave: job.wave } : {}),
    ...(job.because !== undefined ? { because: job.because } : {}),
  };
}

/** A skipped-schedule entry for a planned job. */
export function skippedFor(job: PlannedJob, reason: SkippedSchedule["reason"]): SkippedSchedule {
  return { ...identityOf(job), reason };
}

/** The outcome of a set of jobs. `waited` is false for --no-wait and status checks. */
export function decideOutcome(jobs: readonly JobRecord[], mode: "wait" | "no-wait" | "status" | "dry-run"): Outcome {
  if (mode === "dry-run") return "dry-run";
  if (jobs.length === 0) return "nothing-to-do";
  if (jobs.some((j) => j.status === "failed")) return "failed";
  if (jobs.some((j) => j.status === "timed-out")) return "timed-out";
  if (jobs.some((j) => j.status === "error")) return "error";
  if (jobs.some((j) => isActive(j.status))) return mode === "no-wait" ? "triggered" : "running";
  return "ready";
}

/** Assembles the final result document. */
export function buildResult(args: {
  startedAtMs: number;
  finishedAtMs: number;
  organizationId: string | null;
  jobs: JobRecord[];
  skipped: SkippedSchedule[];
  warnings: string[];
  polling: PollingStats;
  mode: "wait" | "no-wait" | "status" | "dry-run";
  /** The run was stopped through its AbortSignal: the outcome is `interrupted` whatever the jobs did. */
  interrupted?: boolean;
}): MaterializeResult {
  const outcome = args.interrupted ? "interrupted" : decideOutcome(args.jobs, args.mode);
  return {
    version: 1,
    outcome,
    exitCode: OUTCOME_EXIT[outcome],
    startedAt: iso(args.startedAtMs),
    finishedAt: iso(args.finishedAtMs),
    durationMs: args.finishedAtMs - args.startedAtMs,
    organizationId: args.organizationId,
    jobs: args.jobs,
    skipped: args.skipped,
    warnings: args.warnings,
    stillRunning: args.jobs
      .filter((j) => (isActive(j.status) || j.status === "timed-out") && j.jobRef !== null)
      .map((j) => j.jobRef as string),
    polling: args.polling,
  };
}

/** What a run knows so far; `materialize()` and `waitForJobs()` fill it in as they go. */
export interface RunSoFar {
  startedAtMs: number;
  organizationId: string | null;
  jobs: JobRecord[];
  skipped: SkippedSchedule[];
  warnings: string[];
  mode: "wait" | "no-wait" | "status" | "dry-run";
  /** Polling figures, once the polling loop exists. */
  polling?: () => PollingStats;
}

/** The result of a run from what it knows: at its end, or when it was interrupted. */
export function resultSoFar(so: RunSoFar, finishedAtMs: number, interrupted = false): MaterializeResult {
  const { polling, ...rest } = so;
  return buildResult({ ...rest, finishedAtMs, polling: polling?.() ?? { ticks: 0, statusRequests: 0, activeJobTicks: 0 }, interrupted });
}

/** The warning function of a run: into the result's warnings and out as an event. */
export function warnInto(so: RunSoFar, emit: EventListener): Warn {
  return (code, message) => {
    so.warnings.push(message);
    emit({ type: "warning", code, message });
  };
}
