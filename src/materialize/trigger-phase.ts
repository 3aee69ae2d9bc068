/**
 * One run's trigger phase over a shared state file (decisions/0002-trigger-journal.md):
 *
 * 1. Ownership: one run at a time sends triggers for a state file. The owner is recorded in the
 *    state document (under its short lock) and refreshes a heartbeat; a second run waits, then
 *    reads what the first one triggered and attaches to it. An owner is taken over when its
 *    process is gone (same host and pid namespace: checked at once) or its heartbeat is older
 *    than the stale time (another host).
 * 2. Recovery: the new owner folds the journal a dead owner left (intents without answers become
 *    `unconfirmed`) before reading the state, all inside the same lock.
 * 3. Journal: intent before each POST (durable), answer right after.
 * 4. End: the journal is folded into the state file, emptied, and ownership released.
 */
import { randomUUID } from "node:crypto";
import { readlinkSync } from "node:fs";
import { hostname } from "node:os";
import { UserError } from "../errors.js";
import { iso, type Clock } from "./clock.js";
import { ENTRY_SAFETY_EXPIRY_MS, type StateDocument, type StateEntry, type StateFile, type TriggerOwner, type UnconfirmedTrigger } from "./state-file.js";
import { foldJournal, journalPath, readJournal, TriggerJournal, type JournalLine, type TriggerIdentity } from "./trigger-journal.js";

/** An owner silent for this long is taken over (another host cannot check its pid). */
export const OWNER_STALE_MS = 30_000;

/** What the state said when the phase began (after recovery). */
export interface PhaseView {
  entries: Record<string, StateEntry>;
  unconfirmed: Record<string, UnconfirmedTrigger>;
  recent: Record<string, StateEntry>;
}

/** Options of {@link TriggerPhase.begin}. */
export interface PhaseOptions {
  clock: Clock;
  signal: AbortSignal;
  /** Give up waiting for another owner at this time (epoch ms). */
  deadlineMs: number;
  /** Called once when another run owns the phase and this one waits. */
  onWait: (owner: TriggerOwner) => void;
  /** Called when ownership was lost (this process stalled longer than the stale time). */
  onLost: () => void;
  staleMs?: number;
}

/** This process's identity for liveness checks: host name plus pid namespace (containers). */
function hostId(): string {
  let ns = "";
  try {
    ns = readlinkSync("/proc/self/ns/pid");
  } catch {
    /* not Linux: the host name alone */
  }
  return ns ? `${hostname()}/${ns}` : hostname();
}

/** True while `owner` may still be sending triggers. */
export function ownerAlive(owner: TriggerOwner | null, now: number, host: string, staleMs: number): boolean {
  if (!owner) return false;
  if (owner.host === host) {
    try {
      process.kill(owner.pid, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ESRCH") return false;
    }
  }
  // A live pid may be a reused one: the heartbeat still decides.
  return now - Date.parse(owner.heartbeatAt) < staleMs;
}

/** The trigger phase of one run; see the module comment. */
export class TriggerPhase {
  /** Set once another run took ownership over (this one must stop triggering). */
  lost = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private ended = false;

  private constructor(
    private readonly state: StateFile,
    private readonly journal: TriggerJournal,
    private readonly owner: TriggerOwner,
    private readonly clock: Clock,
    readonly view: PhaseView,
  ) {}

  /** The run id written into the journal and the state's owner record. */
  get runId(): string {
    return this.owner.runId;
  }

  /** fdatasyncs done for the journal (group commits). */
  get syncs(): number {
    return this.journal.syncs;
  }

  /**
   * Waits for ownership (bounded by the deadline and the signal), recovers a dead owner's
   * journal and opens this run's. Null when the deadline passed or the signal fired first.
   * @throws UserError when the state file or its journal cannot be written (nothing was triggered)
   */
  static async begin(state: StateFile, o: PhaseOptions): Promise<TriggerPhase | null> {
    const staleMs = o.staleMs ?? OWNER_STALE_MS;
    const host = hostId();
    const jpath = journalPath(state.path);
    const runId = randomUUID();
    let waited = false;
    for (let attempt = 0; ; attempt++) {
      const now = o.clock.now();
      const me: TriggerOwner = { runId, pid: process.pid, host, acquiredAt: iso(now), heartbeatAt: iso(now) };
      const got = await state.transact<{ owner: TriggerOwner } | { view: PhaseView }>(async (doc) => {
        if (ownerAlive(doc.triggerOwner, now, host, staleMs)) return { result: { owner: doc.triggerOwner as TriggerOwner }, write: false };
        // Recovery: whatever the previous owner journaled is folded in before anything is read.
        foldJournal(doc, await readJournalOrRefuse(jpath), ENTRY_SAFETY_EXPIRY_MS);
        doc.triggerOwner = me;
        return { result: { view: viewOf(doc) }, write: true };
      });
      if ("view" in got) {
        let journal: TriggerJournal;
        try {
          journal = await TriggerJournal.open(jpath);
          // The lines just folded are in the state file now.
          await journal.clear();
        } catch (err) {
          await state.transact((doc) => release(doc, runId)).catch(() => undefined);
          throw refused(jpath, err);
        }
        const phase = new TriggerPhase(state, journal, me, o.clock, got.view);
        phase.startHeartbeat(staleMs, o.onLost);
        return phase;
      }
      if (!waited) o.onWait(got.owner);
      waited = true;
      if (o.signal.aborted || o.clock.now() >= o.deadlineMs) return null;
      // 100 ms growing to 1 s: a trigger phase usually lasts seconds.
      await o.clock.sleep(Math.min(1_000, 100 * 1.5 ** Math.min(attempt, 6)), o.signal);
    }
  }

  /** Records the intent to trigger `key`; resolves once it is durable (the POST may then go). */
  intent(key: string, sheet: TriggerIdentity): Promise<void> {
    return this.write({ op: "intent", key, run: this.runId, at: iso(this.clock.now()), sheet }, sheet.documentId);
  }

  /** Records the answer of a trigger: accepted with its job id, provably refused, or ambiguous. */
  answer(key: string, a: { jobId: string; baselineFinishedAt: string | null } | { refused: string } | { unknown: string }): Promise<void> {
    const base = { key, run: this.runId, at: iso(this.clock.now()) };
    const line: JournalLine =
      "jobId" in a
        ? { op: "accepted", ...base, jobId: a.jobId, baselineFinishedAt: a.baselineFinishedAt }
        : "refused" in a
          ? { op: "refused", ...base, reason: a.refused }
          : { op: "unknown", ...base, reason: a.unknown };
    return this.write(line, key);
  }

  /**
   * Folds this run's journal into the state file, empties it and releases ownership. When the
   * fold cannot be written the journal stays for the next owner to recover (and the owner record
   * goes stale), so nothing is lost.
   */
  async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.heartbeat);
    try {
      if (this.lost) return;
      await this.state.transact(async (doc) => {
        if (doc.triggerOwner?.runId !== this.runId) return { result: undefined, write: false };
        foldJournal(doc, await readJournal(this.journal.path), ENTRY_SAFETY_EXPIRY_MS);
        await this.journal.clear();
        doc.triggerOwner = null;
        return { result: undefined, write: true };
      });
    } finally {
      await this.journal.close();
    }
  }

  private async write(line: JournalLine, what: string): Promise<void> {
    try {
      await this.journal.append(line);
    } catch (err) {
      throw refused(this.journal.path, err, what);
    }
  }

  private startHeartbeat(staleMs: number, onLost: () => void): void {
    // Real time on purpose: the heartbeat proves this process runs, whatever clock the job uses.
    this.heartbeat = setInterval(() => {
      void this.state
        .transact((doc) => {
          if (doc.triggerOwner?.runId !== this.runId) return { result: false, write: false };
          doc.triggerOwner.heartbeatAt = iso(this.clock.now());
          return { result: true, write: true };
        })
        .then((mine) => {
          if (!mine && !this.ended) {
            this.lost = true;
            clearInterval(this.heartbeat);
            onLost();
          }
        })
        // A failed heartbeat is retried at the next tick; the stale time allows two misses.
        .catch(() => undefined);
    }, Math.max(1_000, Math.floor(staleMs / 3)));
    this.heartbeat.unref();
  }
}

function viewOf(doc: StateDocument): PhaseView {
  return { entries: { ...doc.entries }, unconfirmed: { ...doc.unconfirmed }, recent: { ...doc.recent } };
}

function release(doc: StateDocument, runId: string): { result: undefined; write: boolean } {
  if (doc.triggerOwner?.runId !== runId) return { result: undefined, write: false };
  doc.triggerOwner = null;
  return { result: undefined, write: true };
}

async function readJournalOrRefuse(path: string): Promise<JournalLine[]> {
  try {
    return await readJournal(path);
  } catch (err) {
    throw refused(path, err);
  }
}

function refused(path: string, cause: unknown, what?: string): UserError {
  const code = (cause as NodeJS.ErrnoException).code ?? (cause as Error).message;
  return new UserError(`cannot write the trigger journal ${path} (${code})${what ? `; stopped before triggering ${what}` : ""}`, {
    cause,
    suggestions: ["choose a writable place for `stateFile`, or pass `stateFile: false` to run without one (a rerun may then trigger the same sheets again)"],
  });
}
