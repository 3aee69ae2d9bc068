/**
 * `upload()`: ships extraction files to Coalesce Catalog the way castor-upload does (one
 * multipart POST per file, field `file`, `Authorization: Token <token>`, object path by file
 * type), with what castor lacks: retries with backoff on timeouts, connection errors, 429 and
 * 5xx. A refused token stops at once; any other failure is reported per file.
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
import { parseRetryAfter } from "../client/transport/retry-policy.js";
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
  /** First backoff delay; doubles each retry, with jitter (default 1000 ms). */
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

const RETRY_AFTER_CAP_MS = 60_000;
const MAX_DELAY_MS = 30_000;

/** Uploads `files`; see the module comment. Resolves with a per-file report. */
export async function upload(opts: UploadOptions): Promise<UploadReport> {
  if (!opts.token) throw new UserError("missing the Catalog `token`");
  registerSecret(opts.token);
  const base = opts.ingestUrl ?? INGEST_HOSTS[opts.zone ?? "EU"];
  const now = opts.now ?? Date.now;
  const uploadTs = Math.floor(now() / 1000);
  const report: UploadReport = { ingest: base, uploaded: [], failed: [] };
  for (const [i, file] of opts.files.entries()) {
    if (opts.signal?.aborted) throw new AbortedError("upload cancelled");
    const path = objectPath(opts.fileType, opts.sourceId, file, uploadTs);
    const outcome = await uploadOne(opts, base, file, path);
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

async function uploadOne(opts: UploadOptions, base: string, file: string, path: string): Promise<UploadedFile | FailedUpload> {
  const doFetch = opts.fetch ?? globalThis.fetch;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = opts.random ?? Math.random;
  const maxRetries = opts.maxRetries ?? 3;
  const url = ingestUrl(base, path);
  const request = { method: "POST", path: `/${path}` };
  let bytes: number;
  try {
    bytes = statSync(file).size;
  } catch (err) {
    return { file, objectPath: path, attempts: 0, error: `cannot read file: ${(err as Error).message}` };
  }
  let last: FailedUpload = { file, objectPath: path, attempts: 0, error: "not attempted" };
  for (let attempt = 1; attempt <= maxRetries + 1; attempt++) {
    let retryAfterMs: number | undefined;
    try {
      const res = await post(doFetch, url, file, opts, request);
      if (res.ok) {
        await res.body?.cancel();
        return { file, objectPath: path, bytes, status: res.status, attempts: attempt };
      }
      if (res.status >= 300 && res.status < 400) {
        // Never followed: a 301/302 would drop the body (nothing uploaded, yet "success"), a
        // 307/308 would send the file and the token to whatever host Location names.
        await res.body?.cancel();
        const location = redirectHost(res.headers.get("location"), url);
        const where = location === undefined ? "without a Location" : `to ${location}`;
        return {
          file,
          objectPath: path,
          attempts: attempt,
          status: res.status,
          error: `the ingest host answered ${res.status} (redirect ${where}); not followed, since the Catalog token would go along`,
          redirect: { status: res.status, location },
        };
      }
      const text = redact((await res.text().catch(() => "")).slice(0, 300));
      const err = SigmaApiError.from({ status: res.status, message: text || res.statusText, request });
      // A refused token fails every file the same way: stop now, exit code 4.
      if (res.status === 401 || res.status === 403) throw err;
      last = { file, objectPath: path, attempts: attempt, status: res.status, error: err.message };
      if (res.status !== 429 && res.status < 500) return last;
      // The client's parser (delay-seconds or an HTTP date; unreadable values ignored), capped here.
      const hinted = parseRetryAfter(res.headers.get("retry-after"), (opts.now ?? Date.now)());
      retryAfterMs = hinted === undefined ? undefined : Math.min(hinted, RETRY_AFTER_CAP_MS);
    } catch (err) {
      if (err instanceof SigmaApiError || err instanceof AbortedError) throw err;
      if (!(err instanceof SigmaConnectionError)) throw err;
      last = { file, objectPath: path, attempts: attempt, error: err.message, ...(err.neverSent ? { unreachable: true } : {}) };
    }
    if (attempt > maxRetries) break;
    const backoff = Math.min(MAX_DELAY_MS, (opts.baseDelayMs ?? 1000) * 2 ** (attempt - 1));
    const delay = retryAfterMs ?? backoff * (0.8 + 0.4 * random());
    opts.logger?.warn(`upload of ${basename(file)} failed (${last.error}); retrying in ${Math.round(delay)} ms`);
    await sleep(delay);
  }
  return last;
}

async function post(
  doFetch: typeof globalThis.fetch,
  url: string,
  file: string,
  opts: UploadOptions,
  request: { method: string; path: string },
): Promise<Response> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error("timeout")), timeoutMs);
  const onAbort = () => controller.abort(opts.signal?.reason);
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    // A fresh form per attempt: the file is streamed from disk, never held in memory whole.
    const form = new FormData();
    form.append("file", await openAsBlob(file), basename(file));
    return await doFetch(url, {
      method: "POST",
      headers: { Authorization: `Token ${opts.token}`, Accept: "text/csv, application/json" },
      body: form,
      redirect: "manual",
      signal: controller.signal,
    });
  } catch (err) {
    if (opts.signal?.aborted) throw new AbortedError("upload cancelled", { cause: err });
    if (controller.signal.aborted) {
      throw new SigmaTimeoutError({ request, message: `no answer within ${timeoutMs} ms`, cause: err });
    }
    const cause = (err as { cause?: { code?: string } }).cause;
    const refused = cause?.code === "ECONNREFUSED" || cause?.code === "ENOTFOUND";
    throw new SigmaConnectionError({ request, message: describe(err), neverSent: refused, cause: err });
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener("abort", onAbort);
  }
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

function describe(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ""}`;
  return err instanceof Error ? err.message : String(err);
}

