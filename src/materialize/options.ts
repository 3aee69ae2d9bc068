/**
 * Options of `materialize()` and `waitForJobs()`, and their defaults.
 */
import { UserError } from "../errors.js";
import { systemClock, type Clock } from "./clock.js";
import { DEFAULT_POLL_INTERVAL, type PollIntervalBounds } from "./duration.js";
import { DEFAULT_UNKNOWN_GRACE, type UnknownStatusGrace } from "./status.js";
import type { RefreshPlan } from "../shared/refresh-plan.js";
import type { MaterializeClient } from "./client-port.js";
import type { EventListener, TargetSpec } from "./types.js";
import type { WaitItem } from "./wait.js";

/** Options shared by materialize() and waitForJobs(). */
export interface WaitOptions {
  /** Deadline of the whole run (default 1 h). */
  timeoutMs?: number;
  /** Deadline of each job, counted from its trigger (default: the run timeout). */
  jobTimeoutMs?: number;
  /** Bounds of the adaptive poll interval (default 1 s growing to 15 s). */
  pollInterval?: PollIntervalBounds;
  /** How long an unknown status word is tolerated before the job fails (default 3 polls or 60 s). */
  unknownStatusGrace?: UnknownStatusGrace;
  /** Consecutive failed status requests (after the client's own retries) before a job is given up as `error` (default 5). */
  maxPollErrors?: number;
  /**
   * Path of the attach-to-running state file, or false for none (default: none; the CLI passes
   * ~/.local/state/sigmactl/materialize-state.json). See state-file.ts.
   */
  stateFile?: string | false;
  /** API host used in state keys (default "sigma"); the CLI passes the base URL's host. */
  host?: string;
  /** Progress events (state changes, warnings, the final result). */
  onEvent?: EventListener;
  signal?: AbortSignal;
  /** Injected time (tests). */
  clock?: Clock;
  /** Injected randomness for jitter (tests). */
  random?: () => number;
}

/**
 * What materialize() takes: the client, the targets and the run's settings in one object, the
 * same call shape as extract() and upload().
 */
export interface MaterializeOptions extends WaitOptions {
  /** A SigmaClient (or anything with the methods the job uses). */
  client: MaterializeClient;
  /** What to materialize: workbooks, data models (optionally narrowed to elements) and datasets. */
  targets: readonly TargetSpec[];
  /** Parallel trigger requests (default 4). */
  concurrency?: number;
  /** Run paused schedules too (default: skip them and say so). */
  includePaused?: boolean;
  /**
   * Trigger even when a job this tool started for the same sheet is still running, or when an
   * earlier trigger may have been accepted without sigmactl learning of it (unconfirmed).
   */
  force?: boolean;
  /**
   * How long a trigger whose answer never arrived (a crash, a 5xx, a timeout) blocks another
   * trigger of the same sheet (default 1 h; needs a state file). See decisions/0002.
   */
  unconfirmedWindowMs?: number;
  /** Return right after triggering (default: wait for every job). */
  wait?: boolean;
  /** Resolve and plan only; trigger nothing. */
  dryRun?: boolean;
  /**
   * A refresh plan (`planRefresh`): its schedules run with the targets' (union), each only after
   * every job of this run upstream of it ended `ready`; when one did not, its downstream jobs
   * are `skipped` ("upstream failed") and the run fails (exit 1).
   */
  plan?: RefreshPlan;
}

/** What waitForJobs() and checkJobs() take: the client, the jobs to pick up and the settings. */
export interface WaitForJobsOptions extends WaitOptions {
  /** A SigmaClient (or anything with the methods the job uses). */
  client: MaterializeClient;
  /** The jobs, e.g. from an earlier result (`result.jobs`) or job references. */
  items: readonly WaitItem[];
}

/** Default of {@link MaterializeOptions.unconfirmedWindowMs}: longer than most materializations run. */
export const DEFAULT_UNCONFIRMED_WINDOW_MS = 3_600_000;

/** Options with defaults applied. */
export interface ResolvedWaitOptions {
  timeoutMs: number;
  jobTimeoutMs: number;
  pollInterval: PollIntervalBounds;
  unknownStatusGrace: UnknownStatusGrace;
  maxPollErrors: number;
  stateFile: string | false;
  host: string;
  emit: EventListener;
  signal: AbortSignal | undefined;
  clock: Clock;
  random: () => number;
}

/** Applies defaults and checks values (UserError on nonsense such as a zero timeout). */
export function resolveWaitOptions(o: WaitOptions): ResolvedWaitOptions {
  const timeoutMs = o.timeoutMs ?? 3_600_000;
  const jobTimeoutMs = o.jobTimeoutMs ?? timeoutMs;
  if (!(timeoutMs > 0)) throw new UserError("`timeoutMs` must be greater than zero");
  if (!(jobTimeoutMs > 0)) throw new UserError("`jobTimeoutMs` must be greater than zero");
  const listener = o.onEvent;
  return {
    timeoutMs,
    jobTimeoutMs,
    pollInterval: o.pollInterval ?? DEFAULT_POLL_INTERVAL,
    unknownStatusGrace: o.unknownStatusGrace ?? DEFAULT_UNKNOWN_GRACE,
    maxPollErrors: o.maxPollErrors ?? 5,
    stateFile: o.stateFile ?? false,
    host: o.host ?? "sigma",
    // A listener's bug must never break the run.
    emit: listener
      ? (e) => {
          try {
            listener(e);
          } catch {
            /* ignored on purpose */
          }
        }
      : () => undefined,
    signal: o.signal,
    clock: o.clock ?? systemClock,
    random: o.random ?? Math.random,
  };
}
