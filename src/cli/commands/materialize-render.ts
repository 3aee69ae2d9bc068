/**
 * Human renderings of a materialize run: the one-line state change (CI logs), the summary
 * table printed at the end, and the exit error that carries the outcome's exit code.
 */
import { JobFailedError, JobTimeoutError, SigmaError } from "../../errors.js";
import { formatDuration } from "../../materialize/duration.js";
import type { JobRecord, JobStatus, MaterializeResult } from "../../materialize/types.js";
import type { Colors } from "../output.js";
import { renderTable } from "../table.js";

/** `workbook "Sales" › Revenue` */
export function jobLabel(j: Pick<JobRecord, "kind" | "documentName" | "elementName">): string {
  return `${kindWord(j.kind)} "${j.documentName}"${j.elementName ? ` › ${j.elementName}` : ""}`;
}

/** "workbook", "data model" or "dataset": the words the messages use (not the JSON's `data-model`). */
export function kindWord(kind: JobRecord["kind"]): string {
  return kind === "data-model" ? "data model" : kind;
}

/**
 * How long a job took, as the summary table and the live view both show it: Sigma's own run
 * time once it is known (readyAt − startedAt), nothing for a job that was never started.
 */
export function jobDuration(j: Pick<JobRecord, "durationMs" | "materializationId">): string {
  return j.durationMs === null || j.materializationId === null ? "-" : formatDuration(j.durationMs);
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

// Outcomes first, then the work still going on: the order stays put while a live view redraws.
const STATUS_ORDER: readonly JobStatus[] = ["ready", "failed", "error", "timed-out", "unknown", "building", "pending", "triggered", "queued", "would-trigger", "skipped"];

/** Counts per status in a fixed order, e.g. "3 ready, 1 failed, 2 building". */
export function countLine(jobs: readonly JobRecord[]): string {
  const counts = new Map<string, number>();
  for (const j of jobs) counts.set(j.status, (counts.get(j.status) ?? 0) + 1);
  return STATUS_ORDER.filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`).join(", ");
}

/** Options of {@link renderSummary}. */
export interface SummaryOptions {
  /** Where --output wrote the result (named in the follow-up commands). */
  resultFile?: string | undefined;
}

/** The summary printed on stdout at the end of a run (human mode). */
export function renderSummary(r: MaterializeResult, c: Colors, opts: SummaryOptions = {}): string {
  const { resultFile } = opts;
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
          `${j.documentName}${j.kind === "workbook" ? "" : ` (${kindWord(j.kind)})`}`,
          j.elementName,
          paintStatus(j.status, c) + (j.attached ? " (attached)" : ""),
          jobDuration(j),
          j.materializationId,
        ]),
        c,
        { cut: ["end", "end", "never", "never", "middle"] },
      ),
    );
  }
  const problems = r.jobs.filter((j) => j.error && j.status !== "timed-out");
  // Sections are separated by a blank line, the first one starts at the top.
  const gap = () => (parts.length > 0 ? "\n" : "");
  if (problems.length > 0) {
    parts.push(`${gap()}${c.bold("Problems:")}\n`);
    for (const j of problems) parts.push(`  ${paintStatus(j.status, c)}  ${jobLabel(j)}: ${j.error}\n`);
  }
  if (r.skipped.length > 0) {
    parts.push(`${gap()}${c.bold("Skipped")} (paused in Sigma; --include-paused runs them):\n`);
    for (const s of r.skipped) parts.push(`  ${jobLabel(s)}\n`);
  }
  const head = r.outcome === "dry-run" ? `dry run: ${r.jobs.length} materialization(s) would be triggered` : countLine(r.jobs);
  parts.push(`${gap()}${head || "nothing to do"} ${c.dim(`(${formatDuration(r.durationMs)})`)}\n`);
  // An interrupted run's error message already says how to follow what is still running.
  if (r.stillRunning.length > 0 && r.outcome !== "running" && r.outcome !== "interrupted") {
    parts.push(
      `Sigma has no cancel: ${r.stillRunning.length} job(s) may still be running. Follow them with:\n  sigmactl materialize wait ${resultFile ?? r.stillRunning.join(" ")}\n`,
    );
  }
  if (r.jobs.some((j) => j.status === "failed" || j.status === "error")) {
    parts.push(
      resultFile
        ? `Rerun only what failed: sigmactl materialize --retry-failed ${resultFile}\n`
        : `To rerun only what failed next time, keep the result: --output result.json, then --retry-failed result.json\n`,
    );
  }
  return parts.join("");
}

/** The error that makes the CLI exit with the outcome's code (undefined for exit 0). */
export function outcomeError(r: MaterializeResult): SigmaError | undefined {
  const n = (s: string) => r.jobs.filter((j) => j.status === s).length;
  switch (r.outcome) {
    case "failed": {
      const lost = n("error") > 0 ? `, ${n("error")} could not be started or followed` : "";
      const late = n("timed-out") > 0 ? `, ${n("timed-out")} timed out` : "";
      const skipped = n("skipped") > 0 ? `, ${n("skipped")} skipped (upstream failed)` : "";
      return new JobFailedError(`${n("failed")} of ${r.jobs.length} materialization(s) failed${lost}${late}${skipped}`);
    }
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
