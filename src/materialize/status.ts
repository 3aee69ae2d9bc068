/**
 * Mapping of Sigma's status words to ours. Closed allow-lists on both sides: only `ready`
 * (workbooks, data models) or `success` (dataset runs) is success; anything unrecognised is
 * `unknown`, which the poller turns into a failure after a bounded grace (docs/sigma-api-facts.md, peer-facts §3.7-3.8, §6.1-6.4).
 */
import type { DocumentKind, JobStatus } from "./types.js";

/** The status a single poll observed, in our vocabulary. */
export type ObservedStatus = "pending" | "building" | "ready" | "failed" | "unknown";

const JOB_WORDS: Record<string, ObservedStatus> = {
  pending: "pending",
  building: "building",
  ready: "ready",
  failed: "failed",
};

// Dataset history only lists finished runs; `marked`/`swept` are table clean-up, not outcomes.
const DATASET_WORDS: Record<string, ObservedStatus> = {
  success: "ready",
  failed: "failed",
};

/** Classifies Sigma's status word for a job of `kind` (case-insensitive: the recipe saw `FAILED`). */
export function classifyStatus(kind: DocumentKind, word: string): ObservedStatus {
  const table = kind === "dataset" ? DATASET_WORDS : JOB_WORDS;
  return table[word.trim().toLowerCase()] ?? "unknown";
}

/** How long an unknown status word is tolerated before the job counts as failed. */
export interface UnknownStatusGrace {
  /** Consecutive polls answering an unknown word. */
  polls: number;
  /** Time since the first unknown answer. */
  ms: number;
}

/** Default grace: three consecutive polls or one minute, whichever comes first. */
export const DEFAULT_UNKNOWN_GRACE: UnknownStatusGrace = { polls: 3, ms: 60_000 };

/** True for the statuses a job can be in while still being polled. */
export function isActive(status: JobStatus): boolean {
  return status === "queued" || status === "triggered" || status === "pending" || status === "building" || status === "unknown";
}
