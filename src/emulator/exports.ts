/**
 * Workbook exports (sigma-api-facts §5.12): POST /v2/workbooks/{id}/export starts one and answers a
 * queryId; GET /v2/query/{queryId}/download answers 204 while it runs, then 200 with the file,
 * then, once the validity window has passed, 404 with Sigma's "expired" message.
 *
 * Timeline on the emulator clock: ready `durationMs` after the request (option
 * `exportTimeMs`), downloadable for `validityMs` from then (1 h, or the request's
 * `resultsValidityTimeMs`). The CSV is built when downloaded, from the seed and the element, so
 * only the job's few fields are held. Memory stays bounded: a job is forgotten 24 h of emulator
 * time after it expired (then its queryId is unknown: 404 as well), and at most MAX_JOBS are
 * held (the oldest go first).
 *
 * Rows: each exportable element has a seeded number of rows (20-200) with values by column type
 * (number, text, datetime, boolean; about 3% empty). The same seed, workbook and element always
 * give the same rows; `offset` skips rows and `rowLimit` caps them.
 */
import { iso } from "./clock.js";
import { Rng } from "./org/rng.js";
import { EPOCH_MS } from "./org/time.js";

/** Default validity of an export's file (Sigma: one hour). */
export const DEFAULT_VALIDITY_MS = 3600_000;
/** Longest validity `resultsValidityTimeMs` may ask for (Sigma: six hours). */
export const MAX_VALIDITY_MS = 6 * 3600_000;
/** Sigma's message for an expired download (sigma-api-facts §5.12). */
export const EXPIRED_MESSAGE = "The query download has expired. For security & privacy reasons, the Exports are retained for one hour.";

const FORGET_AFTER_MS = 24 * 3600_000;
const MAX_JOBS = 10_000;
const WORDS = ["Alpha", "Bravo", "Cobalt", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Indigo", "Juniper", "Keystone", "Lumen"];

/** A column of an exported element: its header and value kind. */
export interface ExportColumn {
  label: string;
  /** Sigma's column type name: "number", "text", "datetime", "boolean" (others are rendered as text). */
  kind: string;
}

/** What an export request asked for, once validated. */
export interface ExportRequest {
  workbookId: string;
  elementId: string;
  /** File name without extension. */
  name: string;
  columns: ExportColumn[];
  offset: number;
  rowLimit: number | undefined;
  validityMs: number;
}

interface ExportJob extends ExportRequest {
  queryId: string;
  readyAt: number;
  expiresAt: number;
}

/** What the download route answers for a queryId. */
export type DownloadState =
  | { state: "pending" }
  | { state: "ready"; body: string; contentType: string; filename: string }
  | { state: "expired" }
  | { state: "unknown" };

/** Export jobs and their files. */
export class ExportEngine {
  private jobs = new Map<string, ExportJob>();
  private prng: Rng;
  /** Exports started since the last reset (stats). */
  started = 0;

  constructor(
    private readonly seed: number,
    private readonly durationMs: number,
  ) {
    this.prng = new Rng(seed, "exports");
  }

  /** Starts an export; returns its queryId. */
  start(request: ExportRequest, now: number): string {
    this.sweep(now);
    const queryId = this.prng.uuid();
    const readyAt = now + this.durationMs;
    this.jobs.set(queryId, { ...request, queryId, readyAt, expiresAt: readyAt + request.validityMs });
    this.started++;
    return queryId;
  }

  /** The download's state at `now`. */
  download(queryId: string, now: number): DownloadState {
    const job = this.jobs.get(queryId);
    if (!job) return { state: "unknown" };
    if (now < job.readyAt) return { state: "pending" };
    if (now >= job.expiresAt) return { state: "expired" };
    return { state: "ready", body: this.csv(job), contentType: "text/csv; charset=utf-8", filename: `${job.name}.csv` };
  }

  /** Forgets every job and restarts the queryId stream. */
  reset(): void {
    this.jobs.clear();
    this.prng = new Rng(this.seed, "exports");
    this.started = 0;
  }

  private sweep(now: number): void {
    for (const [id, job] of this.jobs) if (now >= job.expiresAt + FORGET_AFTER_MS) this.jobs.delete(id);
    // Insertion order is start order: the oldest go first.
    for (const id of this.jobs.keys()) {
      if (this.jobs.size < MAX_JOBS) break;
      this.jobs.delete(id);
    }
  }

  private csv(job: ExportJob): string {
    const rng = new Rng(this.seed, `export-rows:${job.workbookId}:${job.elementId}`);
    const total = rng.int(20, 200);
    const end = job.rowLimit === undefined ? total : Math.min(total, job.offset + job.rowLimit);
    const lines = [job.columns.map((c) => csvField(c.label)).join(",")];
    // Rows are drawn in order from one stream, so row i is the same whatever offset asks for it.
    for (let i = 0; i < end; i++) {
      const row = job.columns.map((c) => csvField(value(rng, c.kind, i)));
      if (i >= job.offset) lines.push(row.join(","));
    }
    return `${lines.join("\r\n")}\r\n`;
  }
}

/** One seeded value (always draws the same number of values, so rows stay aligned). */
function value(rng: Rng, kind: string, row: number): string {
  const empty = rng.chance(0.03);
  const a = rng.next();
  const b = rng.int(WORDS.length);
  if (empty) return "";
  if (kind === "number") return (Math.round(a * 1_000_000) / 100).toFixed(2);
  if (kind === "datetime") return iso(EPOCH_MS - Math.floor(a * 730) * 86_400_000);
  if (kind === "boolean") return a < 0.5 ? "true" : "false";
  // Some text values carry a comma or a quote, so readers must honour CSV quoting.
  const word = WORDS[b] as string;
  return a < 0.1 ? `${word}, Inc.` : a < 0.15 ? `"${word}" ${row + 1}` : `${word} ${row + 1}`;
}

/** RFC 4180 quoting: fields with a comma, quote or line break are quoted, quotes doubled. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
