/**
 * `upload()`: ships extraction files to Coalesce Catalog the way castor-upload does (one
 * multipart POST per file, field `file`, `Authorization: Token <token>`, object path by file
 * type), with what castor lacks: retries with backoff on timeouts, connection errors, 429 and
 * 5xx, through the client's own transport (createTransport: one retry policy, one network-error
 * classifier, one jitter; redirects never followed). A refused token stops at once; a host that
 * cannot be reached (or a URL fetch refuses) stops the run; any other failure is reported per file.
 */
import { openAsBlob, statSync } from "node:fs";
import { basename } from "node:path";
import {
  AbortedError,
  SigmaApiError,
  SigmaConnectionError,
  SigmaTimeoutError,
  UserError,
} from "../errors.js";
import { createTransport, type Transport } from "../client/transport/create-transport.js";
import { newTrace } from "../client/transport/types.js";
import { redact, registerSecret } from "../redact.js";
import { INGEST_HOSTS, ingestUrl, objectPath } from "./ingest.js";
import type { FileType, Zone } from "./ingest.js";

/** Minimal logging surface (the CLI's output or the client's logger fit). */
export interface UploadLogger {
  info(message: string): void;
  warn(message: string): void;
}

/** Options of {@link upload}. */
export interface UploadOptions {
  /** Catalog API token (never printed). */
  token: string;
  /** Catalog source id. */
  sourceId: string;
  fileType: FileType;
  /** Files to send, in order. */
  files: string[];
  zone?: Zone | undefined;
  /** Overrides the zone's ingest host (tests point it at the emulator's fake ingest). */
  ingestUrl?: string | undefined;
  /** Per-request timeout (castor: 60 s). */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt (default 3). */
  maxRetries?: number | undefined;
  /** First backoff ceiling; doubles each retry, full jitter as the client's (default 1000 ms). */
  baseDelayMs?: number | undefined;
  fetch?: typeof globalThis.fetch | undefined;
  sleep?: ((ms: number) => Promise<void>) | undefined;
  now?: (() => number) | undefined;
  random?: (() => number) | undefined;
  logger?: UploadLogger | undefined;
  signal?: AbortSignal | undefined;
}

/** One file that reached the ingest proxy. */
export interface UploadedFile {
  file: string;
  objectPath: string;
  bytes: number;
  status: number;
  attempts: number;
}

/** One file that did not. */
export interface FailedUpload {
  file: string;
  objectPath: string;
  attempts: number;
  status?: number | undefined;
  error: string;
  /** The last attempt never reached the host (DNS failure, connection refused); the files after it were not tried. */
  unreachable?: boolean | undefined;
  /** The host answered a redirect (never followed: the token would go along); the files after it were not tried. */
  redirect?: { status: number; location: string | undefined } | undefined;
}

/** The outcome of {@link upload}. */
export interface UploadReport {
  /** Base URL the files went to. */
  ingest: string;
  uploaded: UploadedFile[];
  failed: FailedUpload[];
}

/** castor's pace: 3 retries, the first backoff ceiling 1 s (the client's policy and jitter otherwise). */
const UPLOAD_RETRIES = 3;
const UPLOAD_BASE_DELAY_MS = 1_000;
/** castor's request timeout. */
const UPLOAD_TIMEOUT_MS = 60_000;

/** Uploads `files`; see the module comment. Resolves with a per-file report. */
export async function upload(opts: UploadOptions): Promise<UploadReport> {
  if (!opts.token) throw new UserError("missing the Catalog `token`");
  registerSecret(opts.token);
  const base = opts.ingestUrl ?? INGEST_HOSTS[opts.zone ?? "EU"];
  const now = opts.now ?? Date.now;
  const uploadTs = Math.floor(now() / 1000);
  const report: UploadReport = { ingest: base, uploaded: [], failed: [] };
  const send = transportOf(opts);
  for (const [i, file] of opts.files.entries()) {
    if (opts.signal?.aborted) throw new AbortedError("upload cancelled");
    const path = objectPath(opts.fileType, opts.sourceId, file, uploadTs);
    const outcome = await uploadOne(opts, send, base, file, path);
    if ("error" in outcome) {
      report.failed.push(outcome);
      opts.logger?.warn(`Failed to upload ${file}: ${outcome.error}`);
      // Host unknown or refusing connections after every retry: the other files would wait as long, for nothing.
      // A redirect would be answered to every file alike.
      if (outcome.unreachable || outcome.redirect) {
        const rest = opts.files.slice(i + 1);
        const why = outcome.redirect ? "the ingest host redirects elsewhere" : "the ingest host could not be reached";
        for (const f of rest) {
          report.failed.push({ file: f, objectPath: objectPath(opts.fileType, opts.sourceId, f, uploadTs), attempts: 0, error: `not attempted: ${why}` });
        }
        if (rest.length > 0) {
          opts.logger?.warn(`${outcome.redirect ? "the ingest host redirects" : "cannot reach the ingest host"} ${new URL(base).host}: not trying the other ${rest.length} file(s)`);
        }
        break;
      }
    } else {
      report.uploaded.push(outcome);
      // castor's own success line, so existing log scrapers keep working.
      opts.logger?.info(`Uploaded ${file} as ${opts.fileType} to ${path}`);
    }
  }
  return report;
}

/** The client's pipeline (retry → timeout → fetch) at castor's pace, retries logged per file. */
function transportOf(opts: UploadOptions): Transport {
  return createTransport({
    retryPolicy: { maxRetries: opts.maxRetries ?? UPLOAD_RETRIES, baseDelayMs: opts.baseDelayMs ?? UPLOAD_BASE_DELAY_MS },
    timeoutMs: opts.timeoutMs ?? UPLOAD_TIMEOUT_MS,
    fetch: opts.fetch,
    now: opts.now,
    sleep: opts.sleep,
    random: opts.random,
    onRetry: ({ path, attempt, maxAttempts, delayMs, reason }) =>
      opts.logger?.warn(`upload of ${basename(path)} failed (${reason}); retrying in ${Math.round(delayMs)} ms (attempt ${attempt + 1} of ${maxAttempts})`),
  });
}

async function uploadOne(opts: UploadOptions, send: Transport, base: string, file: string, path: string): Promise<UploadedFile | FailedUpload> {
  const url = ingestUrl(base, path);
  const request = { method: "POST", path: `/${path}` };
  let bytes: number;
  let form: FormData;
  try {
    bytes = statSync(file).size;
    // Streamed from disk on each attempt (the transport may replay the form), never held whole.
    form = new FormData();
    form.append("file", await openAsBlob(file), basename(file));
  } catch (err) {
    return { file, objectPath: path, attempts: 0, error: `cannot read file: ${(err as Error).message}` };
  }
  const trace = newTrace();
  let res: Response;
  try {
    res = await send({
      method: "POST",
      url,
      path: request.path,
      headers: { Authorization: `Token ${opts.token}`, Accept: "text/csv, application/json" },
      body: form,
      // The same object path overwrites the same object: sending a file twice is harmless.
      idempotent: true,
      signal: opts.signal,
      trace,
    });
  } catch (err) {
    if (err instanceof AbortedError) throw new AbortedError("upload cancelled", { cause: err });
    if (!(err instanceof SigmaConnectionError) && !(err instanceof SigmaTimeoutError)) throw err;
    const neverSent = err instanceof SigmaConnectionError && (err.neverSent || err.permanent);
    return { file, objectPath: path, attempts: trace.attempts, error: err.message, ...(neverSent ? { unreachable: true } : {}) };
  }
  const attempts = trace.attempts;
  if (res.ok) return { file, objectPath: path, bytes, status: res.status, attempts };
  if (res.status >= 300 && res.status < 400) {
    // Never followed: a 301/302 would drop the body (nothing uploaded, yet "success"), a
    // 307/308 would send the file and the token to whatever host Location names.
    const location = redirectHost(res.headers.get("location"), url);
    const where = location === undefined ? "without a Location" : `to ${location}`;
    return {
      file,
      objectPath: path,
      attempts,
      status: res.status,
      error: `the ingest host answered ${res.status} (redirect ${where}); not followed, since the Catalog token would go along`,
      redirect: { status: res.status, location },
    };
  }
  const text = redact((await res.text().catch(() => "")).slice(0, 300));
  const err = SigmaApiError.from({ status: res.status, message: text || res.statusText, request });
  // A refused token fails every file the same way: stop now, exit code 4.
  if (res.status === 401 || res.status === 403) throw err;
  return { file, objectPath: path, attempts, status: res.status, error: err.message };
}

/** The scheme and host a Location header points at (relative to `url`), for messages; never its path or query. */
export function redirectHost(location: string | null, url: string): string | undefined {
  if (location === null || location.trim() === "") return undefined;
  try {
    const u = new URL(location, url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return "an unreadable Location";
  }
}
