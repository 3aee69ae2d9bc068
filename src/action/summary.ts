/**
 * The job summary: what a run did, in Markdown, from the command's `--json` document. It reads
 * the document tolerantly (only the fields it shows), so that a newer CLI field never breaks it.
 */
import type { ActionCommand } from "./inputs.js";

const ROW_LIMIT = 50;

/** Outcome words for exit codes, used when the document carries no `outcome` (src/cli/exit-codes.ts). */
const OUTCOME_BY_EXIT: Record<number, string> = { 0: "success", 1: "failed", 2: "timed-out", 3: "usage-error", 4: "auth-error", 5: "api-error", 6: "io-error", 70: "internal-error", 130: "interrupted", 143: "interrupted" };

type Doc = Record<string, unknown>;

function asDoc(v: unknown): Doc | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Doc) : undefined;
}

function rows(v: unknown): Doc[] {
  return Array.isArray(v) ? v.map(asDoc).filter((d): d is Doc => d !== undefined) : [];
}

function text(v: unknown): string {
  return v === undefined || v === null ? "" : String(v);
}

/** A table cell: pipes and newlines would break the row. */
function cell(v: unknown): string {
  return text(v).replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function table(head: string[], body: unknown[][]): string {
  const shown = body.slice(0, ROW_LIMIT);
  const lines = [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...shown.map((r) => `| ${r.map(cell).join(" | ")} |`)];
  if (body.length > shown.length) lines.push("", `… and ${body.length - shown.length} more (see the JSON result).`);
  return lines.join("\n");
}

function seconds(ms: unknown): string {
  return typeof ms === "number" ? `${(ms / 1000).toFixed(1)} s` : "";
}

/** The run's outcome: the document's own word, else one derived from the exit code. */
export function outcomeOf(doc: unknown, exitCode: number): string {
  const own = asDoc(doc)?.outcome;
  if (typeof own === "string" && own.length > 0) return own;
  return OUTCOME_BY_EXIT[exitCode] ?? "error";
}

/** Markdown for the job summary. */
export function renderSummary(args: { command: ActionCommand; exitCode: number; outcome: string; resultFile: string; doc: unknown; stderrTail?: string }): string {
  const { command, exitCode, outcome, resultFile } = args;
  const doc = asDoc(args.doc) ?? {};
  const icon = exitCode === 0 ? "✅" : "❌";
  const parts = [`### ${icon} sigmactl ${command}: ${outcome}`, "", `Exit code ${exitCode} · JSON result: \`${resultFile}\``, ""];
  const error = asDoc(doc.error);
  if (error) parts.push(`**Error:** ${cell(error.message)}`, "");
  if (command === "materialize") {
    const jobs = rows(doc.jobs);
    if (jobs.length > 0) {
      parts.push(table(["Document", "Element", "Status", "Duration", "Error"], jobs.map((j) => [j.documentName ?? j.documentId, j.elementName ?? j.elementId, j.status, seconds(j.durationMs), j.error])), "");
    }
    const skipped = rows(doc.skipped);
    if (skipped.length > 0) parts.push(`${skipped.length} paused schedule(s) skipped.`, "");
  } else if (command === "extract") {
    const files = rows(doc.files);
    if (files.length > 0) parts.push(table(["Asset", "Rows"], files.map((f) => [f.asset, f.rows])), "");
    const facts = [
      typeof doc.requests === "number" ? `${doc.requests} requests` : "",
      typeof doc.errors === "number" ? `${doc.errors} part(s) skipped` : "",
      doc.complete === false ? "incomplete run" : "",
      seconds(doc.durationMs),
    ].filter(Boolean);
    if (facts.length > 0) parts.push(facts.join(" · "), "");
  } else {
    const uploaded = rows(doc.uploaded);
    const failed = rows(doc.failed);
    const body = [...uploaded.map((u) => [u.objectPath, u.bytes, "uploaded"]), ...failed.map((f) => [f.objectPath, "", `failed: ${text(f.error)}`])];
    if (body.length > 0) parts.push(table(["File", "Bytes", "Result"], body), "");
  }
  const drift = rows(doc.drift);
  if (drift.length > 0) parts.push(`Sigma's answers differed from its API document in ${drift.length} way(s) (\`drift\` in the JSON result).`, "");
  if (exitCode !== 0 && args.stderrTail) parts.push("<details><summary>Last lines of the log</summary>", "", "```", args.stderrTail.trimEnd(), "```", "</details>", "");
  return parts.join("\n");
}
