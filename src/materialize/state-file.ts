/**
 * The local record of jobs this tool started and that may still be running, so a second run
 * attaches to them instead of triggering Sigma again (Sigma has no idempotency key and no
 * "list running jobs"). Keyed by API host + organisation + document + sheet. Written
 * atomically (temp file + rename) under an inter-process lock (`<file>.lock`, proper-lockfile):
 * every update re-reads the file inside the lock, so parallel pipelines finishing at the same
 * moment never lose each other's entries. Entries go when a job is seen terminal or expired.
 * A job seen ending leaves a small `ended` record for a day (when the end was first seen and
 * the duration reported), so later `status`/`wait` calls report the same figure.
 *
 * Triggers themselves are coordinated here too (decisions/0002-trigger-journal.md): the
 * document holds the run that owns the trigger phase (`triggerOwner`), the triggers whose answer
 * never came (`unconfirmed`: sent, maybe accepted) and the last accepted trigger per sheet
 * (`recent`), which trigger-journal.ts folds in from the write-ahead journal.
 */
import { randomBytes } from "node:crypto";
import { open, readFile, rename, rm } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { lock } from "proper-lockfile";
import { UserError } from "../errors.js";
import { ensureDirectory } from "../shared/ensure-directory.js";
import type { Clock } from "./clock.js";
import type { DocumentKind } from "./types.js";

/** One job another (or this) run started. */
export interface StateEntry {
  kind: DocumentKind;
  host: string;
  organizationId: string;
  documentId: string;
  documentName: string;
  sheetId: string | null;
  elementId: string | null;
  elementName: string | null;
  /** materializationId, or a dataset's taskId. */
  jobId: string;
  triggeredAt: string;
  /** Dataset runs only: the newest history entry before the trigger (completion must be newer). */
  baselineFinishedAt?: string | null;
  /** After this the entry is ignored and dropped. */
  expiresAt: string;
  pid: number;
}

/** A job seen ending: what later looks at it must report the same way. */
export interface EndedJob {
  /** When the end was first observed (local clock, ISO). */
  endObservedAt: string;
  /** The duration reported then (null: unknown). */
  durationMs: number | null;
  /** After this the record is dropped. */
  expiresAt: string;
}

/** How long a job's entry is kept at most when its end is never seen (48 h from the trigger). */
export const ENTRY_SAFETY_EXPIRY_MS = 48 * 3_600_000;

/** How long an `ended` record is kept. */
export const ENDED_RETENTION_MS = 24 * 3_600_000;

/** A trigger that was sent but whose answer was never recorded: Sigma may have started it. */
export interface UnconfirmedTrigger extends Omit<StateEntry, "jobId" | "triggeredAt" | "baselineFinishedAt"> {
  /** When the intent was recorded, just before the POST (local clock, ISO). */
  sentAt: string;
  /** The run that sent it. */
  runId: string;
  /** What is known: "no answer recorded" (the run died) or the error of an ambiguous answer. */
  reason: string;
}

/** The run currently sending triggers for this state file (one at a time). */
export interface TriggerOwner {
  runId: string;
  pid: number;
  /** Host name plus pid namespace: a pid is only checked for liveness on the same one. */
  host: string;
  acquiredAt: string;
  /** Refreshed while the owner is alive; an owner silent for longer than the stale time is taken over. */
  heartbeatAt: string;
}

/** The whole file. */
export interface StateDocument {
  version: 1;
  entries: Record<string, StateEntry>;
  /** Jobs seen ending, by {@link endedKey}. */
  ended: Record<string, EndedJob>;
  /** Triggers sent without a recorded answer, by {@link stateKey}. */
  unconfirmed: Record<string, UnconfirmedTrigger>;
  /** The last accepted trigger per sheet, kept a day even after the job ended (runs started together share it). */
  recent: Record<string, StateEntry>;
  triggerOwner: TriggerOwner | null;
}

/** The key of a sheet's entry. Datasets have no sheet: the document stands for it. */
export function stateKey(host: string, organizationId: string, documentId: string, sheetId: string | null): string {
  return `${host}/${organizationId}/${documentId}/${sheetId ?? "-"}`;
}

/** The key of a job's `ended` record: the job itself (one sheet runs many jobs over time). */
export function endedKey(host: string, kind: DocumentKind, documentId: string, jobId: string): string {
  return `${host}/${kind}:${documentId}:${jobId}`;
}

/** Default path: $SIGMACTL_STATE_DIR, else $XDG_STATE_HOME/sigmactl, else $HOME/.local/state/sigmactl. */
export function defaultStatePath(env: Record<string, string | undefined> = process.env): string {
  const home = env.HOME || homedir();
  const dir = env.SIGMACTL_STATE_DIR || join(env.XDG_STATE_HOME || join(home, ".local", "state"), "sigmactl");
  return join(dir, "materialize-state.json");
}

/** Reads and updates the state file. One instance per run; updates are serialised in-process. */
export class StateFile {
  private queue: Promise<unknown> = Promise.resolve();
  private dirReady: Promise<void> | undefined;

  constructor(
    readonly path: string,
    private readonly clock: Clock,
    private readonly warn: (message: string) => void = () => undefined,
  ) {}

  /** Unexpired entries. A missing or unreadable file counts as empty (with a warning when corrupt). */
  async read(): Promise<Record<string, StateEntry>> {
    const doc = await this.load();
    return doc.entries;
  }

  /** Unexpired records of jobs seen ending, by {@link endedKey}. */
  async readEnded(): Promise<Record<string, EndedJob>> {
    const doc = await this.load();
    return doc.ended;
  }

  /** Applies `change` to the current entries (and ended records) and writes the result atomically. */
  update(change: (entries: Record<string, StateEntry>, ended: Record<string, EndedJob>) => void): Promise<void> {
    return this.transact((doc) => {
      change(doc.entries, doc.ended);
      return { result: undefined, write: true };
    });
  }

  /**
   * Runs `work` on the whole document inside the inter-process lock; writes the document back
   * (atomically, fsynced) when it says so. What `work` returns is passed on.
   * @throws UserError when the file cannot be locked, read or written
   */
  transact<T>(work: (doc: StateDocument) => Promise<{ result: T; write: boolean }> | { result: T; write: boolean }): Promise<T> {
    const next = this.queue.then(async () => {
      await this.ensureDir();
      // Another sigmactl process may be updating the same file: read-modify-write inside the lock.
      // The retries outlast the stale time (~19 s > 10 s): a holder killed with -9 delays, never fails, the next run.
      const release = await lock(this.path, { realpath: false, stale: 10_000, retries: { retries: 100, minTimeout: 10, maxTimeout: 200 } }).catch(
        (cause: unknown) => {
          throw new UserError(`cannot lock the state file ${this.path}: ${(cause as Error).message}`, {
            cause,
            suggestions: ["another sigmactl may hold it; a lock older than 10 s is taken over, or choose another `stateFile`"],
          });
        },
      );
      try {
        const doc = await this.load();
        const { result, write } = await work(doc);
        if (write) await this.save(doc);
        return result;
      } finally {
        await release().catch(() => undefined);
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async load(): Promise<StateDocument> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return emptyDocument();
      throw unusable(this.path, "read", err);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      this.warn(`state file ${this.path} is not valid JSON; ignoring it (it will be rewritten)`);
      return emptyDocument();
    }
    const now = this.clock.now();
    const doc = raw as Partial<StateDocument> | null;
    const entries = unexpired(doc?.entries, now, (e) => typeof e.jobId === "string");
    const ended = unexpired(doc?.ended, now, (e) => typeof e.endObservedAt === "string");
    const unconfirmed = unexpired(doc?.unconfirmed, now, (e) => typeof e.sentAt === "string");
    const recent = unexpired(doc?.recent, now, (e) => typeof e.jobId === "string");
    const o = doc?.triggerOwner;
    const triggerOwner = o && typeof o.runId === "string" && typeof o.heartbeatAt === "string" ? o : null;
    return { version: 1, entries, ended, unconfirmed, recent, triggerOwner };
  }

  private ensureDir(): Promise<void> {
    // Bounded: a recursive mkdir never returns under /proc (--state-file /proc/...).
    this.dirReady ??= ensureDirectory(dirname(this.path), "state file", this.path, { mode: 0o700, suggestion: "choose a writable place for `stateFile`, or pass `stateFile: false` to run without one" });
    return this.dirReady;
  }

  private async save(doc: StateDocument): Promise<void> {
    const tmp = `${this.path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      // fsync before the rename: after a crash the file is the old or the new document, never empty.
      const fh = await open(tmp, "w", 0o600);
      try {
        await fh.writeFile(JSON.stringify(doc, null, 2) + "\n");
        await fh.datasync();
      } finally {
        await fh.close();
      }
      await rename(tmp, this.path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw unusable(this.path, "write", err);
    }
  }
}

function emptyDocument(): StateDocument {
  return { version: 1, entries: {}, ended: {}, unconfirmed: {}, recent: {}, triggerOwner: null };
}

/** A state file that cannot be used is a configuration problem the user fixes (exit 3). */
function unusable(path: string, what: "read" | "write", cause: unknown): UserError {
  const code = (cause as NodeJS.ErrnoException).code ?? (cause as Error).message;
  return new UserError(`cannot ${what} the state file ${path} (${code})`, {
    cause,
    suggestions: ["choose a writable place for `stateFile`, or pass `stateFile: false` to run without one (a rerun may then trigger the same sheets again)"],
  });
}

/** The well-formed, unexpired values of a map read from the file. */
function unexpired<T extends { expiresAt: string }>(found: Record<string, T> | undefined, now: number, valid: (e: T) => boolean): Record<string, T> {
  const out: Record<string, T> = {};
  if (!found || typeof found !== "object") return out;
  for (const [k, e] of Object.entries(found)) {
    if (e && typeof e.expiresAt === "string" && valid(e) && Date.parse(e.expiresAt) > now) out[k] = e;
  }
  return out;
}
