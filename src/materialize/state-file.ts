/**
 * The local record of jobs this tool started and that may still be running, so a second run
 * attaches to them instead of triggering Sigma again (Sigma has no idempotency key and no
 * "list running jobs"). Keyed by API host + organisation + document + sheet. Written
 * atomically (temp file + rename); every update re-reads the file first so two processes
 * rarely lose each other's entries. Entries go when a job is seen terminal or when expired.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
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

interface StateDocument {
  version: 1;
  entries: Record<string, StateEntry>;
}

/** The key of a sheet's entry. Datasets have no sheet: the document stands for it. */
export function stateKey(host: string, organizationId: string, documentId: string, sheetId: string | null): string {
  return `${host}/${organizationId}/${documentId}/${sheetId ?? "-"}`;
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

  /** Applies `change` to the current entries and writes the result atomically. */
  update(change: (entries: Record<string, StateEntry>) => void): Promise<void> {
    const next = this.queue.then(async () => {
      const doc = await this.load();
      change(doc.entries);
      await this.save(doc);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async load(): Promise<StateDocument> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, entries: {} };
      throw err;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      this.warn(`state file ${this.path} is not valid JSON; ignoring it (it will be rewritten)`);
      return { version: 1, entries: {} };
    }
    const entries: Record<string, StateEntry> = {};
    const now = this.clock.now();
    const found = (raw as Partial<StateDocument> | null)?.entries;
    if (found && typeof found === "object") {
      for (const [k, e] of Object.entries(found)) {
        if (!e || typeof e.jobId !== "string" || typeof e.expiresAt !== "string") continue;
        if (Date.parse(e.expiresAt) > now) entries[k] = e;
      }
    }
    return { version: 1, entries };
  }

  private async save(doc: StateDocument): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      await writeFile(tmp, JSON.stringify(doc, null, 2) + "\n", { mode: 0o600 });
      await rename(tmp, this.path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }
}
