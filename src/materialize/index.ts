/** The materialize job: trigger Sigma materializations and wait for them (library surface). */
export { materialize } from "./materialize.js";
export { waitForJobs, checkJobs, type WaitItem } from "./wait.js";
export { MaterializeInterruptedError } from "./interrupted.js";
export type { MaterializeOptions, WaitForJobsOptions, WaitOptions } from "./options.js";
export type { MaterializeClient } from "./client-port.js";
export { parseTargetsText, readTargetsFile, targetsFromFlags, type TargetFlags } from "./targets.js";
export { loadWaitItems, readResultFile, retryTargets, targetOfRecord } from "./wait-input.js";
export type { PollTarget } from "./adapters.js";
export type { ScheduledResource } from "./client-port.js";
export { formatJobRef, parseJobRef, looksLikeJobRef, type JobHandle } from "./job-ref.js";
export { defaultStatePath } from "./state-file.js";
export { parseDuration, parsePollInterval, formatDuration, type PollIntervalBounds } from "./duration.js";
export type { UnknownStatusGrace } from "./status.js";
export type { Clock as MaterializeClock } from "./clock.js";
export type {
  DocumentKind,
  DocumentRef,
  EventListener,
  JobRecord,
  JobStatus,
  MaterializeEvent,
  MaterializeResult,
  MaterializeWarning,
  Outcome,
  PollingStats,
  ScheduleIdentity,
  SkippedSchedule,
  TargetSpec,
  WarningCode,
} from "./types.js";
