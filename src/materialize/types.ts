/**
 * The vocabulary of `sigmactl materialize`: what the user asks for (TargetSpec), what we plan
 * to run (PlannedJob), what we report (JobRecord, MaterializeResult) and the progress events.
 * Plain data only, so a result can be written to JSON and read back by `wait`/`--retry-failed`.
 */

/** The three kinds of Sigma documents that can be materialized. */
export type DocumentKind = "workbook" | "data-model" | "dataset";

/** One target as the user wrote it, before it is looked up in Sigma. */
export interface TargetSpec {
  kind: DocumentKind;
  /** Document id, urlId, app URL or name. */
  ref: string;
  /** Element filters (elementName, elementId or sheetId); empty means every schedule. */
  elements?: string[];
  /** Where the target came from, for error messages (`--workbook`, `targets.yaml #2`). */
  source?: string;
}

/** A document found in Sigma. */
export interface DocumentRef {
  kind: DocumentKind;
  id: string;
  name: string;
  urlId?: string | undefined;
  url?: string | undefined;
  path?: string | undefined;
}

/** One materialization to run: one schedule of one document (datasets have exactly one). */
export interface PlannedJob {
  document: DocumentRef;
  /** The schedule's sheetId, which is what Sigma's trigger takes; null for datasets. */
  sheetId: string | null;
  elementId: string | null;
  elementName: string | null;
  paused: boolean;
  /** From a refresh plan: its wave (1-based). */
  wave?: number;
  /** From a refresh plan: the lineage path that selected it. */
  because?: string[];
  /** From a refresh plan: sheetIds of the jobs of this run it starts after (each must end `ready`). */
  upstream?: string[];
}

/**
 * A job's status as sigmactl reports it. `pending`/`building` are Sigma's own words;
 * `queued` means planned but not triggered yet; `triggered` means started but not yet observed; `unknown` means Sigma answered a word we do not know.
 * Terminal: ready, failed, timed-out, error (we lost track: API/network), plus `would-trigger` for dry runs
 * and `skipped` (a refresh plan's job not triggered because a job upstream of it did not end ready).
 */
export type JobStatus =
  | "queued"
  | "triggered"
  | "pending"
  | "building"
  | "unknown"
  | "ready"
  | "failed"
  | "timed-out"
  | "error"
  | "would-trigger"
  | "skipped";

/** Statuses after which nothing more is polled. */
const TERMINAL_STATUSES: ReadonlySet<JobStatus> = new Set(["ready", "failed", "timed-out", "error", "would-trigger", "skipped"]);

/** True when nothing more will happen to a job with this status (as far as sigmactl knows). */
export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

/** Which schedule of which document a report line is about (first fields of a job or skipped record). */
export interface ScheduleIdentity {
  kind: DocumentKind;
  documentId: string;
  documentName: string;
  elementName: string | null;
  elementId: string | null;
  sheetId: string | null;
}

/** One job as reported (live events, summary table, JSON result). */
export interface JobRecord extends ScheduleIdentity {
  /** Sigma's materializationId (workbooks, data models) or taskId (datasets); null until triggered. */
  materializationId: string | null;
  /** Compact reference that `sigmactl materialize wait` accepts. */
  jobRef: string | null;
  status: JobStatus;
  /** The last status word Sigma sent, verbatim. */
  sigmaStatus: string | null;
  /** True when this run attached to a job an earlier run started instead of triggering a new one. */
  attached: boolean;
  /** When the trigger was sent (local clock, ISO). */
  triggeredAt: string | null;
  /** Sigma's startedAt, when known. */
  startedAt: string | null;
  /** Sigma's readyAt (or a dataset run's finishedAt), when known. */
  readyAt: string | null;
  /**
   * When sigmactl first saw the job ended in Sigma (ready or failed; local clock, ISO), kept so
   * later `status`/`wait` calls report the same duration; null while it runs or when never seen.
   */
  endObservedAt: string | null;
  /**
   * readyAt − startedAt when Sigma gave both (or a dataset run's runtime); otherwise trigger →
   * endObservedAt; null when neither is known (a job never seen ending, or a bare reference).
   */
  durationMs: number | null;
  error: string | null;
  /** Refresh plans only: the job's wave (1-based). */
  wave?: number;
  /** Refresh plans only: the lineage path that selected it. */
  because?: string[];
}

/** A schedule that was not run, and why. */
export interface SkippedSchedule extends ScheduleIdentity {
  reason: "paused";
}

/** The overall outcome of a run. `interrupted`: its AbortSignal (Ctrl-C) stopped it; started jobs keep running. */
export type Outcome =
  | "ready"
  | "failed"
  | "timed-out"
  | "error"
  | "interrupted"
  | "triggered"
  | "running"
  | "dry-run"
  | "nothing-to-do";

/** The one document `materialize` returns and `--json` prints. */
export interface MaterializeResult {
  version: 1;
  outcome: Outcome;
  /** The process exit code the CLI uses for this outcome (see src/cli/exit-codes.ts). */
  exitCode: number;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  organizationId: string | null;
  jobs: JobRecord[];
  skipped: SkippedSchedule[];
  warnings: string[];
  /** Job refs of jobs still running at the end (timeouts, --no-wait): Sigma has no cancel. */
  stillRunning: string[];
  polling: PollingStats;
}

/** Figures about the shared polling loop (the benchmark reads them). */
export interface PollingStats {
  /** Wake-ups of the loop that polled at least one job. */
  ticks: number;
  /** Status requests sent (one per job per tick at most). */
  statusRequests: number;
  /** Sum over ticks of the jobs still active at that tick: the upper bound for statusRequests. */
  activeJobTicks: number;
}

/** What a warning is about, so listeners filter on it instead of on its wording. */
export type WarningCode =
  /** A dataset target: deprecated by Sigma, completion inferred from its run history. */
  | "dataset-deprecated"
  /** A paused schedule was left out (the result's `skipped` lists it too). */
  | "paused-skipped"
  /** A paused schedule runs because of `includePaused`. */
  | "paused-included"
  /** Every selected schedule is paused: nothing to trigger. */
  | "nothing-to-trigger"
  /** A job an earlier run started is followed instead of triggering another. */
  | "attached"
  /** Sigma answered a status word sigmactl does not know. */
  | "unknown-status"
  /** A status request failed; polling goes on. */
  | "poll-error"
  /** The state file could not be read or written. */
  | "state-file"
  /** An earlier trigger of a sheet may have been accepted without an answer: not triggered again. */
  | "maybe-running"
  /** Another run owns the trigger phase of the same state file: this one waits for it. */
  | "waiting-for-run"
  /** The run stopped while jobs it started may still run in Sigma (the message lists them). */
  | "stopped-early"
  /** A document named only by a job reference could not be looked up: ids stand in for names. */
  | "names-unknown";

/** A warning of a run: a stable code and a human message. */
export interface MaterializeWarning {
  code: WarningCode;
  message: string;
}

/** Progress events emitted while a run goes on. */
export type MaterializeEvent =
  | { type: "resolved"; documents: DocumentRef[] }
  | { type: "planned"; jobs: JobRecord[]; skipped: SkippedSchedule[] }
  | { type: "skipped"; schedule: SkippedSchedule }
  | { type: "job"; job: JobRecord; previous: JobStatus | null }
  | ({ type: "warning" } & MaterializeWarning)
  | { type: "done"; result: MaterializeResult };

/** Records a warning (result and event); what materialize() and waitForJobs() hand their helpers. */
export type Warn = (code: WarningCode, message: string) => void;

/** Receives progress events; must not throw (errors are ignored). */
export type EventListener = (event: MaterializeEvent) => void;
