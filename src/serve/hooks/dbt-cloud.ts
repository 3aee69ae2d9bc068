/**
 * dbt Cloud job webhooks (docs.getdbt.com "Webhooks for your jobs"): `{eventId, eventType,
 * accountId, data: {jobId, runId, runStatus, runStatusCode, ...}}`. Only `job.run.completed`
 * with runStatus "Success" (code 10) is acted on; everything else is stored and shown. The
 * changed tables come later, when the worker fetches the run's artifacts (a webhook must be
 * answered within 10 s; artifacts may be large).
 */
import { createHash } from "node:crypto";
import type { NewEvent } from "../store.js";
import { jsonBody, text } from "./json-body.js";

/** The parts of a dbt Cloud webhook sigmactl reads. */
export interface DbtCloudHook {
  eventId: string;
  eventType: string;
  accountId: string;
  jobId: string;
  jobName?: string;
  runId: string;
  runStatus: string;
  succeeded: boolean;
}

const s = text;

/** Parses a verified dbt Cloud body into an event (queued when it is a successful completed run). */
export function parseDbtCloud(body: Buffer, jobs: Record<string, unknown>): { event: NewEvent; hook: DbtCloudHook } | { error: string } {
  const parsed = jsonBody(body);
  if ("error" in parsed) return parsed;
  const { raw, data } = parsed;
  const hook: DbtCloudHook = {
    eventId: s(raw.eventId) ?? `sha256:${createHash("sha256").update(body).digest("hex")}`,
    eventType: s(raw.eventType) ?? "unknown",
    accountId: s(raw.accountId) ?? s(data.accountId) ?? "",
    jobId: s(data.jobId) ?? "",
    runId: s(data.runId) ?? "",
    runStatus: s(data.runStatus) ?? "unknown",
    succeeded: false,
  };
  const jobName = s(data.jobName);
  if (jobName) hook.jobName = jobName;
  hook.succeeded = hook.eventType === "job.run.completed" && (hook.runStatus.toLowerCase() === "success" || s(data.runStatusCode) === "10");
  const source = `dbt Cloud job ${hook.jobName ?? hook.jobId} run ${hook.runId}`;
  let status: NewEvent["status"] = "queued";
  let detail: string | undefined;
  if (hook.eventType !== "job.run.completed") {
    status = "ignored";
    detail = `${hook.eventType}: only job.run.completed is acted on`;
  } else if (!hook.succeeded) {
    status = "ignored";
    detail = `run ${hook.runId} ended ${hook.runStatus}: nothing refreshed`;
  } else if (!hook.runId || !hook.accountId) {
    status = "error";
    detail = "job.run.completed without data.runId or accountId";
  }
  const mapped = jobs[hook.jobId] as { tables?: string[]; targets?: unknown[] } | undefined;
  const event: NewEvent = {
    provider: "dbt-cloud",
    deliveryId: hook.eventId,
    source,
    status,
    tables: mapped?.tables ?? [],
    targets: mapped?.targets ?? [],
    payload: raw,
  };
  if (detail) event.detail = detail;
  return { event, hook };
}
