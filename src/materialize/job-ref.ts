/**
 * Compact, copy-pasteable job references printed by `--no-wait` and read by
 * `sigmactl materialize wait|status`. Sigma needs the document id to read a job, so the ref
 * carries it: `workbook:<workbookId>:<materializationId>`, `data-model:<dataModelId>:<materializationId>`,
 * `dataset:<datasetId>:<taskId>@<trigger time in epoch ms>` (dataset completion is inferred from
 * the run history, so the trigger time is part of the reference).
 */
import { UserError } from "../errors.js";
import type { DocumentKind } from "./types.js";

/** What is needed to poll a job that is already running. */
export interface JobHandle {
  kind: DocumentKind;
  documentId: string;
  /** materializationId, or a dataset's taskId. */
  jobId: string;
  /** Trigger time (epoch ms); required for datasets. */
  triggeredAtMs?: number;
}

const KINDS: readonly DocumentKind[] = ["workbook", "data-model", "dataset"];

/** Renders a job reference. */
export function formatJobRef(h: JobHandle): string {
  const base = `${h.kind}:${h.documentId}:${h.jobId}`;
  return h.kind === "dataset" && h.triggeredAtMs !== undefined ? `${base}@${h.triggeredAtMs}` : base;
}

/** True when `text` looks like a job reference (and not a file name or a bare id). */
export function looksLikeJobRef(text: string): boolean {
  return KINDS.some((k) => text.startsWith(`${k}:`));
}

/** Parses a job reference; throws UserError naming the expected forms. */
export function parseJobRef(text: string): JobHandle {
  const t = text.trim();
  const [kind, documentId, ...rest] = t.split(":");
  const jobPart = rest.join(":");
  if (!KINDS.includes(kind as DocumentKind) || !documentId || !jobPart) {
    throw new UserError(`"${text}" is not a job reference`, {
      suggestions: ["expected workbook:<workbookId>:<materializationId>, data-model:<id>:<materializationId> or dataset:<id>:<taskId>@<ms>"],
    });
  }
  if (kind !== "dataset") return { kind: kind as DocumentKind, documentId, jobId: jobPart };
  const at = jobPart.lastIndexOf("@");
  const ms = at > 0 ? Number(jobPart.slice(at + 1)) : NaN;
  if (!Number.isFinite(ms)) {
    throw new UserError(`"${text}": a dataset job reference needs the trigger time (dataset:<id>:<taskId>@<epoch ms>)`);
  }
  return { kind: "dataset", documentId, jobId: jobPart.slice(0, at), triggeredAtMs: ms };
}
