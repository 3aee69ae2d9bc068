/**
 * What the extractor does with a failed request. A document the caller may not read (403),
 * that vanished (404) or is archived (409), a 5xx that outlived the client's retries: the part
 * is skipped and recorded, the run goes on. Sigma's ordinary "no lineage" answers (500 on element
 * lineage, 400 on lineage graphs) are counted, not errors. Bad credentials or a bug stop the run.
 */
import {
  AbortedError,
  AuthenticationError,
  BadRequestError,
  ResponseValidationError,
  ServerError,
  SigmaApiError,
  SigmaConnectionError,
  SigmaError,
  UserError,
} from "../errors.js";
import type { DocKind } from "./assets.js";

/** One skipped part of the extraction, as written to the summary. */
export interface ExtractIssue {
  /** The asset that is missing rows because of this failure. */
  asset: string;
  documentType?: DocKind | undefined;
  documentId?: string | undefined;
  /** HTTP status, when Sigma answered. */
  status?: number | undefined;
  /** Sigma's error code (`inode_archived`, ...), when it sent one. */
  code?: string | undefined;
  /** Error class name (`PermissionDeniedError`, `SigmaTimeoutError`, ...). */
  error: string;
  message: string;
  /** Request method and path, when known. */
  request?: string | undefined;
  requestId?: string | undefined;
}

/**
 * What to do with an error: skip the part, count it as "no lineage", note a source Sigma
 * reports archived (a warning, as castor logs and skips it), or stop the run.
 */
export type Disposition = "skip" | "no-lineage" | "archived" | "fatal";

/**
 * Which "no lineage" answers an endpoint has: `graph` (element lineage: Sigma's ordinary 500,
 * or 400 for elements without lineage), `list` (workbook/data-model lineage: 400 when there is
 * no graph; a 500 there is a real failure), or none.
 */
export type LineageKind = "graph" | "list" | undefined;

/** Decides the fate of an error raised while fetching a part; `lineage` marks lineage endpoints. */
export function classify(err: unknown, lineage?: LineageKind): Disposition {
  if (!(err instanceof SigmaError)) return "fatal"; // a bug: never hide it
  if (err instanceof AuthenticationError || err instanceof AbortedError || err instanceof UserError) return "fatal";
  if (lineage && err instanceof BadRequestError) return "no-lineage";
  if (lineage === "graph" && err instanceof SigmaApiError && err.status === 500) return "no-lineage";
  // A dataset reading an archived table or dataset: ordinary in real organisations (sigma-api-facts
  // §5.3); the sources are unknowable, not lost to a failure of ours.
  if (err instanceof SigmaApiError && err.status === 409 && err.code === "inode_archived") return "archived";
  if (err instanceof SigmaApiError || err instanceof SigmaConnectionError || err instanceof ResponseValidationError) {
    return "skip";
  }
  return "fatal";
}

/** Builds the summary record of a skipped part. */
export function toIssue(err: unknown, asset: string, doc?: { kind: DocKind; id: string }): ExtractIssue {
  const issue: ExtractIssue = {
    asset,
    documentType: doc?.kind,
    documentId: doc?.id,
    error: err instanceof Error ? err.name : "Error",
    message: err instanceof Error ? err.message : String(err),
  };
  if (err instanceof SigmaApiError) {
    issue.status = err.status;
    issue.code = err.code;
    issue.request = `${err.method} ${err.path}`;
    issue.requestId = err.requestId;
    // The class name already says it; keep the message short and useful.
    issue.message = err.apiMessage ?? err.message;
  } else if (err instanceof SigmaConnectionError || err instanceof ResponseValidationError) {
    issue.request = `${err.method} ${err.path}`;
  }
  if (err instanceof ServerError && issue.message === "") issue.message = `HTTP ${err.status}`;
  return stripUndefined(issue);
}

function stripUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}

/** Sorts issues into a stable order so summaries do not depend on request timing. */
export function sortIssues(issues: ExtractIssue[]): ExtractIssue[] {
  const key = (i: ExtractIssue) =>
    `${i.documentType ?? ""}\u0000${i.documentId ?? ""}\u0000${i.asset}\u0000${i.request ?? ""}\u0000${i.message}`;
  return [...issues].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
