/**
 * The write-ahead journal of trigger requests (decisions/0002-trigger-journal.md): one JSON line
 * per event, appended next to the state file (`<state>.journal`). The intent of a trigger is on
 * disk (written and fdatasync'ed) before its POST leaves, and the answer is appended right after,
 * so a crash at any instant leaves either nothing ("not sent") or an intent without an answer
 * ("sent, maybe accepted"). Appends that arrive together share one fdatasync (group commit).
 *
 * Only the run that owns the trigger phase appends (see trigger-phase.ts); the journal is folded
 * into the state file when a trigger phase ends, or by the next owner when its writer died.
 */
import { open, readFile, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";
import { ENDED_RETENTION_MS, endedKey, type StateDocument, type StateEntry, type UnconfirmedTrigger } from "./state-file.js";

/** What is known of a sheet before its trigger is sent. */
export type TriggerIdentity = Omit<StateEntry, "jobId" | "triggeredAt" | "baselineFinishedAt" | "expiresAt">;

/** One line of the journal. */
export type JournalLine =
  | { op: "intent"; key: string; run: string; at: string; sheet: TriggerIdentity }
  | { op: "accepted"; key: string; run: string; at: string; jobId: string; baselineFinishedAt: string | null }
  /** Provably not started (429 after retries, 4xx, connection never made, credentials refused). */
  | { op: "refused"; key: string; run: string; at: string; reason: string }
  /** An answer that does not say (5xx, timeout, reset): maybe accepted. */
  | { op: "unknown"; key: string; run: string; at: string; reason: string };

/** The journal path of a state file. */
export function journalPath(statePath: string): string {
  return `${statePath}.journal`;
}

/** Appends lines durably; one instance per trigger phase. */
export class TriggerJournal {
  private pending: Array<{ text: string; resolve: () => void; reject: (e: unknown) => void }> = [];
  private draining = false;
  /** Group commits done (figures: fsyncs per trigger). */
  syncs = 0;

  private constructor(
    readonly path: string,
    private readonly fh: FileHandle,
  ) {}

  /** Opens (creates) the journal for appending, and makes its directory entry durable. */
  static async open(path: string): Promise<TriggerJournal> {
    const fh = await open(path, "a", 0o600);
    await fsyncDir(dirname(path));
    return new TriggerJournal(path, fh);
  }

  /** Resolves once `line` is on disk (after fdatasync). */
  append(line: JournalLine): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ text: `${JSON.stringify(line)}\n`, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  /** Empties the journal once its lines are folded into the state file. */
  async clear(): Promise<void> {
    await this.fh.truncate(0);
    await this.fh.datasync();
  }

  /** Closes the file (waits for appends in progress). */
  async close(): Promise<void> {
    while (this.draining) await new Promise((r) => setImmediate(r));
    await this.fh.close();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0);
        try {
          await this.fh.appendFile(batch.map((b) => b.text).join(""));
          await this.fh.datasync();
          this.syncs += 1;
          for (const b of batch) b.resolve();
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
    } finally {
      this.draining = false;
    }
  }
}

/** The lines of a journal (a torn last line, from a crash mid-append, is skipped). Missing file: none. */
export async function readJournal(path: string): Promise<JournalLine[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  const out: JournalLine[] = [];
  for (const raw of text.split("\n")) {
    if (raw.trim() === "") continue;
    try {
      const line = JSON.parse(raw) as JournalLine;
      if (line && typeof line.key === "string" && typeof line.run === "string" && typeof line.op === "string") out.push(line);
    } catch {
      // A line cut by a crash: its POST never left (the intent was not durable yet).
    }
  }
  return out;
}

/**
 * Folds journal lines into the state document: an accepted trigger becomes a running entry
 * (unless its job was already seen ending) and the sheet's `recent` trigger; an intent left
 * without an answer, or with an ambiguous one, becomes `unconfirmed`; a refusal clears it.
 * Idempotent: folding the same lines twice gives the same document.
 */
export function foldJournal(doc: StateDocument, lines: readonly JournalLine[], entryExpiryMs: number): void {
  const intents = new Map<string, { run: string; at: string; sheet: TriggerIdentity }>();
  const open = new Map<string, { run: string; at: string; sheet: TriggerIdentity; reason: string }>();
  for (const line of lines) {
    const id = `${line.run} ${line.key}`;
    if (line.op === "intent") {
      intents.set(id, line);
      open.set(line.key, { ...line, reason: "no answer was recorded: the run that sent it stopped first" });
      continue;
    }
    const intent = intents.get(id);
    if (!intent) continue;
    if (line.op === "unknown") {
      open.set(line.key, { ...intent, reason: line.reason });
      continue;
    }
    if (open.get(line.key)?.run === line.run) open.delete(line.key);
    delete doc.unconfirmed[line.key];
    if (line.op !== "accepted") continue;
    const entry: StateEntry = {
      ...intent.sheet,
      jobId: line.jobId,
      triggeredAt: intent.at,
      baselineFinishedAt: line.baselineFinishedAt,
      expiresAt: new Date(Date.parse(intent.at) + entryExpiryMs).toISOString(),
    };
    doc.recent[line.key] = { ...entry, expiresAt: new Date(Date.parse(intent.at) + ENDED_RETENTION_MS).toISOString() };
    // A job already seen ending must not come back as running.
    if (!doc.ended[endedKey(entry.host, entry.kind, entry.documentId, entry.jobId)]) doc.entries[line.key] = entry;
  }
  for (const [key, o] of open) {
    const u: UnconfirmedTrigger = {
      ...o.sheet,
      sentAt: o.at,
      runId: o.run,
      reason: o.reason,
      expiresAt: new Date(Date.parse(o.at) + entryExpiryMs).toISOString(),
    };
    doc.unconfirmed[key] = u;
  }
}

async function fsyncDir(dir: string): Promise<void> {
  // Not every platform can open a directory (Windows): durability of the name is then best effort.
  const fh = await open(dir, "r").catch(() => null);
  if (!fh) return;
  try {
    await fh.sync();
  } catch {
    /* best effort, see above */
  } finally {
    await fh.close();
  }
}
