/**
 * How each document kind is triggered and observed:
 * - workbook:   POST /v2/workbooks/{id}/materializations {sheetId} → GET …/materializations/{id}
 * - data model: POST /v2/dataModels/{id}:materialize {sheetId}     → GET …/materializations/{id}
 * - dataset:    POST /v2/datasets/{id}/materialization → {taskId}; no status route, and in-progress
 *               runs are not listed, so completion is the first history entry that finished after
 *               both the trigger time and the newest entry seen before the trigger (sigma-api-facts §5.1).
 */
import type { CallOptions, MaterializeClient } from "./client-port.js";
import { classifyStatus, type ObservedStatus } from "./status.js";
import type { DocumentKind } from "./types.js";

/** A started job. */
export interface Started {
  /** materializationId, or a dataset's taskId. */
  jobId: string;
  /** Datasets: finishedAt of the newest run before the trigger (null: no run yet). */
  baselineFinishedAt?: string | null;
}

/** What is needed to poll a started job. */
export interface PollTarget {
  kind: DocumentKind;
  documentId: string;
  jobId: string;
  triggeredAtMs: number;
  baselineFinishedAt?: string | null | undefined;
}

/** One observation of a job. */
export interface Observation {
  observed: ObservedStatus;
  /** Sigma's word, verbatim (null while a dataset run is not listed yet). */
  sigmaStatus: string | null;
  startedAt?: string | undefined;
  readyAt?: string | undefined;
  error?: string | undefined;
  /** Sigma's own run time, when it gives one (datasets). */
  durationMs?: number | undefined;
}

/** Sends the trigger POST. The client retries it only when no run can have started (429, refused connection). */
export async function triggerJob(
  client: MaterializeClient,
  kind: DocumentKind,
  documentId: string,
  sheetId: string | null,
  call: CallOptions,
): Promise<Started> {
  if (kind === "dataset") {
    const baselineFinishedAt = await newestDatasetRun(client, documentId, call);
    const { taskId } = await client.datasets.materialize(documentId, call);
    return { jobId: taskId, baselineFinishedAt };
  }
  const resource = kind === "workbook" ? client.workbooks : client.dataModels;
  const { materializationId } = await resource.materialize(documentId, sheetId as string, call);
  return { jobId: materializationId };
}

/** Reads a job's status once. */
export async function observeJob(client: MaterializeClient, t: PollTarget, call: CallOptions): Promise<Observation> {
  if (t.kind === "dataset") return observeDataset(client, t, call);
  const resource = t.kind === "workbook" ? client.workbooks : client.dataModels;
  const job = await resource.getMaterialization(t.documentId, t.jobId, call);
  return {
    observed: classifyStatus(t.kind, job.status),
    sigmaStatus: job.status,
    startedAt: job.startedAt ?? undefined,
    readyAt: job.readyAt ?? undefined,
    error: job.error ?? undefined,
  };
}

async function newestDatasetRun(client: MaterializeClient, datasetId: string, call: CallOptions): Promise<string | null> {
  // A run without its finish time cannot be placed in time: the next one can.
  for await (const run of client.datasets.materializationHistory(datasetId, call)) if (typeof run.finishedAt === "string") return run.finishedAt;
  return null;
}

async function observeDataset(client: MaterializeClient, t: PollTarget, call: CallOptions): Promise<Observation> {
  const after = Math.max(t.triggeredAtMs, t.baselineFinishedAt ? Date.parse(t.baselineFinishedAt) : -Infinity);
  let found: { status: string; finishedAt: string; error: string | undefined; runtimeSecs: number | undefined } | undefined;
  // Newest first: stop at the first run that finished before our trigger.
  for await (const run of client.datasets.materializationHistory(t.documentId, call)) {
    if (typeof run.finishedAt !== "string") continue;
    if (!(Date.parse(run.finishedAt) > after)) break;
    // A missing status reads as an unknown word: a failure once the grace period is over.
    const error = run.error ? (run.error.message ?? run.error.code ?? "failed") : undefined;
    found = { status: run.status ?? "", finishedAt: run.finishedAt, error, runtimeSecs: run.runtimeSecs ?? undefined };
  }
  if (!found) return { observed: "pending", sigmaStatus: null };
  const observed = classifyStatus("dataset", found.status);
  return {
    observed,
    sigmaStatus: found.status,
    readyAt: observed === "ready" ? found.finishedAt : undefined,
    error: found.error,
    durationMs: found.runtimeSecs === undefined ? undefined : Math.round(found.runtimeSecs * 1000),
  };
}
