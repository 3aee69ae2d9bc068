/**
 * Human renderings of a materialize run: the one-line state change (CI logs), the summary
 * table printed at the end, and the exit error that carries the outcome's exit code.
 */
import { JobFailedError, JobTimeoutError, SigmaError } from "../../errors.js";
import { formatDuration } from "../../materialize/duration.js";
import type { JobRecord, MaterializeResult } from "../../materialize/types.js";
import { renderTable, type Colors } from "../output.js";

/** `workbook "Sales" › Revenue` */
export function jobLabel(j: Pick<JobRecord, "kind" | "documentName" | "elementName">): string {
  const kind = j.kind === "data-model" ? "data model" : j.kind;
  return `${kind} "${j.documentName}"${j.elementName ? ` › ${j.elementName}` : ""}`;
}

/** Colours a status word. */
export function paintStatus(status: string, c: Colors): string {
  if (status === "ready") return c.green(status);
  if (status === "failed" || status === "error") return c.red(status);
  if (status === "timed-out" || status === "unknown") return c.yellow(status);
  return c.cyan(status);
}

/** One plain log line for a state change (non-interactive stderr). */
export function stateLine(j: JobRecord): string {
  const base = `${jobLabel(j)}: ${j.status}`;
  switch (j.status) {
    case "triggered":
      return `${base}${j.attached ? " (attached to an earlier run's job)" : ""} [${j.jobRef ?? "-"}]`;
    case "ready":
      return `${base}${j.durationMs !== null ? ` in ${formatDuration(j.durationMs)}` : ""}`;
    case "failed":
    case "error":
    case "timed-out":
      return `${base}: ${j.error ?? "no message"}`;
    case "unknown":
      return `${base} (Sigma said "${j.sigmaStatus}")`;
    default:
      return base;
  }
}

/** Counts per status, e.g. "3 ready, 1 failed". */
export function countLine(jobs: readonly JobRecord[]): string {
  const counts = new Map<string, number>();
  for (const j of jobs) counts.set(j.status, (counts.get(j.status) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n} ${s}`).join(", ");
}

/** The summary printed on stdout at the end of a run (human mode). */
export function renderSummary(r: MaterializeResult, c: Colors): string {
  if (r.outcome === "triggered") {
    // Only the refs: `sigmactl materialize --no-wait … | xargs sigmactl materialize wait`.
    return r.jobs.map((j) => j.jobRef).filter((x): x is string => x !== null).join("\n") + "\n";
  }
  const parts: string[] = [];
  if (r.jobs.length > 0) {
    parts.push(
      renderTable(
        ["DOCUMENT", "ELEMENT", "STATUS", "DURATION", "JOB"],
        r.jobs.map((j) => [
          `${j.documentName}${j.kind === "workbook" ? "" : ` (${j.kind})`}`,
          j.elementName,
          paintStatus(j.status, c) + (j.attached ? " (attached)" : ""),
          j.durationMs === null ? null : formatDuration(j.durationMs),
          j.materializationId,
        ]),
        c,
      ),
    );
  }
  for (const j of r.jobs) {
    if (j.error && j.status !== "timed-out") parts.push(`${paintStatus(j.status, c)}: ${jobLabel(j)}: ${j.error}\n`);
  }
  for (const s of r.skipped) parts.push(`${c.dim("skipped")} (paused): ${jobLabel(s)}\n`);
  const head = r.outcome === "dry-run" ? `dry run: ${r.jobs.length} materialization(s) would be triggered` : countLine(r.jobs);
  parts.push(`${head || "nothing to do"} ${c.dim(`(${formatDuration(r.durationMs)})`)}\n`);
  if (r.stillRunning.length > 0 && r.outcome !== "running") {
    parts.push(
      `Sigma has no cancel: ${r.stillRunning.length} job(s) may still be running. Follow them with:\n  sigmactl materialize wait ${r.stillRunning.join(" ")}\n`,
    );
  }
  return parts.join("");
}

/** The error that makes the CLI exit with the outcome's code (undefined for exit 0). */
export function outcomeError(r: MaterializeResult): SigmaError | undefined {
  const n = (s: string) => r.jobs.filter((j) => j.status === s).length;
  switch (r.outcome) {
    case "failed":
      return new JobFailedError(`${n("failed")} of ${r.jobs.length} materialization(s) failed`);
    case "timed-out":
      return new JobTimeoutError(
        `${n("timed-out")} materialization(s) timed out; Sigma has no cancel, so they may still finish: ${r.stillRunning.join(" ")}`,
      );
    case "error":
      return new SigmaError(`${n("error")} materialization(s) could not be started or followed because of API or network errors`);
    default:
      return undefined;
  }
}
