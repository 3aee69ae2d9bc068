/**
 * Reads and writes of the service's state (events, runs, jobs and which events each job
 * serves). Synchronous SQLite calls: each is one short transaction, so the event loop is never
 * held for long and a crash leaves either the whole change or none of it.
 */
import type { PlannedSchedule } from "../shared/refresh-plan.js";
import type { Db } from "./db.js";

/** Where an event is in its life. */
export type EventStatus = "queued" | "planned" | "coalesced" | "ignored" | "error";
/** Run statuses: queued (not started), running, then one of the terminal ones. */
export type RunStatus = "queued" | "running" | "ready" | "failed" | "error";
/** Job statuses: materialize's words (queued, triggered, pending, building, unknown, ready, failed, timed-out, error) plus `skipped` (an upstream failed). */
export type ServeJobStatus = string;

/** Job statuses after which nothing more happens. */
export const TERMINAL_JOB = new Set(["ready", "failed", "timed-out", "error", "skipped"]);

/** An event as stored and shown. */
export interface EventRow {
  id: number;
  provider: string;
  deliveryId: string;
  source: string;
  receivedAt: string;
  status: EventStatus;
  tables: string[];
  targets: unknown[];
  detail: string | null;
  runId: number | null;
}

/** A job as stored and shown. */
export interface JobRow {
  id: number;
  runId: number;
  scheduleKey: string;
  kind: PlannedSchedule["kind"];
  documentId: string;
  documentName: string | null;
  sheetId: string;
  elementId: string | null;
  elementName: string | null;
  wave: number;
  because: string[];
  upstream: string[];
  status: ServeJobStatus;
  materializationId: string | null;
  sigmaStatus: string | null;
  attached: boolean;
  triggeredAt: string | null;
  startedAt: string | null;
  readyAt: string | null;
  durationMs: number | null;
  error: string | null;
}

/** A run as stored and shown. */
export interface RunRow {
  id: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  status: RunStatus;
  unmatchedTables: string[];
  error: string | null;
}

/** What intake stores for one delivery. */
export interface NewEvent {
  provider: string;
  deliveryId: string;
  source: string;
  status: EventStatus;
  tables: string[];
  targets: unknown[];
  detail?: string;
  payload: unknown;
}

/** The key a schedule is known by across runs: coalescing compares it. */
export function scheduleKey(s: { kind: string; documentId: string; sheetId: string }): string {
  return `${s.kind}:${s.documentId}/${s.sheetId}`;
}

const ACTIVE_JOB = ["queued", "triggered", "pending", "building", "unknown"];

type Raw = Record<string, unknown>;
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function eventOf(r: Raw): EventRow {
  return {
    id: Number(r.id),
    provider: String(r.provider),
    deliveryId: String(r.delivery_id),
    source: String(r.source),
    receivedAt: String(r.received_at),
    status: r.status as EventStatus,
    tables: JSON.parse(String(r.tables_json)) as string[],
    targets: JSON.parse(String(r.targets_json)) as unknown[],
    detail: str(r.detail),
    runId: r.run_id === null ? null : Number(r.run_id),
  };
}

function jobOf(r: Raw): JobRow {
  return {
    id: Number(r.id),
    runId: Number(r.run_id),
    scheduleKey: String(r.schedule_key),
    kind: r.kind as PlannedSchedule["kind"],
    documentId: String(r.document_id),
    documentName: str(r.document_name),
    sheetId: String(r.sheet_id),
    elementId: str(r.element_id),
    elementName: str(r.element_name),
    wave: Number(r.wave),
    because: JSON.parse(String(r.because_json)) as string[],
    upstream: JSON.parse(String(r.upstream_json)) as string[],
    status: String(r.status),
    materializationId: str(r.materialization_id),
    sigmaStatus: str(r.sigma_status),
    attached: r.attached === 1,
    triggeredAt: str(r.triggered_at),
    startedAt: str(r.started_at),
    readyAt: str(r.ready_at),
    durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
    error: str(r.error),
  };
}

function runOf(r: Raw): RunRow {
  return {
    id: Number(r.id),
    createdAt: String(r.created_at),
    startedAt: str(r.started_at),
    finishedAt: str(r.finished_at),
    status: r.status as RunStatus,
    unmatchedTables: JSON.parse(String(r.unmatched_json)) as string[],
    error: str(r.error),
  };
}

/** Filters of the event list (page and /api/events). */
export interface EventFilter {
  limit?: number;
  /** Substring of source, tables, detail or delivery id (case-insensitive). */
  q?: string;
  status?: string;
  provider?: string;
  /** Events with id below this (paging backwards). */
  before?: number;
}

/** The state store over one database. */
export class Store {
  constructor(
    readonly db: Db,
    /** The clock rows are stamped with. */
    readonly now: () => number = Date.now,
  ) {}

  private iso(): string {
    return new Date(this.now()).toISOString();
  }

  private pendingInserts: Array<{ e: NewEvent; resolve: (r: { id: number; duplicate: boolean }) => void; reject: (err: unknown) => void }> = [];

  /**
   * Like {@link insertEvent}, but deliveries arriving in the same event-loop turn share one
   * transaction, hence one fsync (group commit): under a burst, intake latency stays that of
   * one commit instead of queueing behind one fsync per event. Resolves once committed.
   */
  insertEventBatched(e: NewEvent): Promise<{ id: number; duplicate: boolean }> {
    return new Promise((resolve, reject) => {
      this.pendingInserts.push({ e, resolve, reject });
      if (this.pendingInserts.length === 1) setImmediate(() => this.commitPending());
    });
  }

  private commitPending(): void {
    const batch = this.pendingInserts;
    this.pendingInserts = [];
    try {
      // FULL for this commit only: the WAL is fsynced before any 202 leaves (it also covers the
      // NORMAL commits before it); job updates stay cheap.
      this.db.pragma("synchronous = FULL");
      const results = this.db.transaction(() => batch.map((b) => this.insertEvent(b.e)))();
      batch.forEach((b, i) => b.resolve(results[i]!));
    } catch (err) {
      for (const b of batch) b.reject(err);
    } finally {
      this.db.pragma("synchronous = NORMAL");
    }
  }

  /** Stores a delivery; a repeated (provider, deliveryId) is not stored again: `duplicate` is then true. */
  insertEvent(e: NewEvent): { id: number; duplicate: boolean } {
    const info = this.db
      .prepare(
        `INSERT INTO events (provider, delivery_id, source, received_at, status, tables_json, targets_json, detail, payload_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (provider, delivery_id) DO NOTHING`,
      )
      .run(e.provider, e.deliveryId, e.source, this.iso(), e.status, JSON.stringify(e.tables), JSON.stringify(e.targets), e.detail ?? null, JSON.stringify(e.payload));
    if (info.changes === 1) return { id: Number(info.lastInsertRowid), duplicate: false };
    const row = this.db.prepare("SELECT id FROM events WHERE provider = ? AND delivery_id = ?").get(e.provider, e.deliveryId) as { id: number };
    return { id: row.id, duplicate: true };
  }

  /** Events waiting for the debounce window to close, oldest first. */
  queuedEvents(): EventRow[] {
    return (this.db.prepare("SELECT * FROM events WHERE status = 'queued' ORDER BY id").all() as Raw[]).map(eventOf);
  }

  /** Marks events that produced no work (a failed dbt run, nothing planned) with why. */
  settleEvents(ids: number[], status: EventStatus, detail: string | null): void {
    const stmt = this.db.prepare("UPDATE events SET status = ?, detail = COALESCE(?, detail) WHERE id = ?");
    this.db.transaction(() => ids.forEach((id) => stmt.run(status, detail, id)))();
  }

  /** Active jobs (queued or running in Sigma) by schedule key: new events attach to them. */
  activeJobsByKey(): Map<string, number> {
    const rows = this.db
      .prepare(`SELECT id, schedule_key FROM jobs WHERE status IN (${ACTIVE_JOB.map(() => "?").join(",")}) ORDER BY id`)
      .all(...ACTIVE_JOB) as Array<{ id: number; schedule_key: string }>;
    return new Map(rows.map((r) => [r.schedule_key, r.id]));
  }

  /**
   * In one transaction: a run with `schedules` (unless empty), the links of every event to its
   * jobs (new ones, and active ones it `coalesce`s into), and the events' new status.
   */
  createRun(args: {
    eventIds: number[];
    schedules: Array<PlannedSchedule & { eventIds: number[] }>;
    coalesce: Array<{ eventId: number; jobId: number }>;
    unmatchedTables: string[];
  }): number | null {
    const tx = this.db.transaction((): number | null => {
      const now = this.iso();
      let runId: number | null = null;
      if (args.schedules.length > 0) {
        runId = Number(
          this.db.prepare("INSERT INTO runs (created_at, status, unmatched_json) VALUES (?, 'queued', ?)").run(now, JSON.stringify(args.unmatchedTables))
            .lastInsertRowid,
        );
        const insert = this.db.prepare(
          `INSERT INTO jobs (run_id, schedule_key, kind, document_id, document_name, sheet_id, element_id, element_name, wave,
                             because_json, upstream_json, status, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?)`,
        );
        const link = this.db.prepare("INSERT OR IGNORE INTO event_jobs (event_id, job_id, coalesced) VALUES (?, ?, 0)");
        for (const s of args.schedules) {
          const jobId = Number(
            insert.run(runId, scheduleKey(s), s.kind, s.documentId, s.documentName ?? null, s.sheetId, s.elementId ?? null, s.elementName ?? null, s.wave, JSON.stringify(s.because), JSON.stringify(s.upstream), now)
              .lastInsertRowid,
          );
          for (const e of s.eventIds) link.run(e, jobId);
        }
      }
      const co = this.db.prepare("INSERT OR IGNORE INTO event_jobs (event_id, job_id, coalesced) VALUES (?, ?, 1)");
      for (const c of args.coalesce) co.run(c.eventId, c.jobId);
      const setEvent = this.db.prepare("UPDATE events SET status = ?, run_id = ? WHERE id = ?");
      for (const id of args.eventIds) {
        const has = this.db.prepare("SELECT COUNT(*) AS n FROM event_jobs WHERE event_id = ?").get(id) as { n: number };
        if (has.n === 0) continue;
        const own = args.schedules.some((s) => s.eventIds.includes(id));
        setEvent.run(own ? "planned" : "coalesced", own ? runId : null, id);
      }
      return runId;
    });
    return tx();
  }

  /** Runs not finished (queued or running): started again after a restart. */
  unfinishedRuns(): RunRow[] {
    return (this.db.prepare("SELECT * FROM runs WHERE status IN ('queued','running') ORDER BY id").all() as Raw[]).map(runOf);
  }

  /** Updates a run's status (and start/finish times). */
  setRun(id: number, status: RunStatus, error: string | null = null): void {
    const now = this.iso();
    if (status === "running") this.db.prepare("UPDATE runs SET status = ?, started_at = COALESCE(started_at, ?) WHERE id = ?").run(status, now, id);
    else if (status === "queued") this.db.prepare("UPDATE runs SET status = ? WHERE id = ?").run(status, id);
    else this.db.prepare("UPDATE runs SET status = ?, finished_at = ?, error = ? WHERE id = ?").run(status, now, error, id);
  }

  /** Applies what materialize reported about a job. */
  updateJob(id: number, patch: Partial<Pick<JobRow, "status" | "materializationId" | "sigmaStatus" | "attached" | "triggeredAt" | "startedAt" | "readyAt" | "durationMs" | "error">>): void {
    const cols: Record<string, string> = {
      status: "status",
      materializationId: "materialization_id",
      sigmaStatus: "sigma_status",
      attached: "attached",
      triggeredAt: "triggered_at",
      startedAt: "started_at",
      readyAt: "ready_at",
      durationMs: "duration_ms",
      error: "error",
    };
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [k, v] of Object.entries(patch)) {
      const col = cols[k];
      if (!col || v === undefined) continue;
      sets.push(`${col} = ?`);
      values.push(typeof v === "boolean" ? (v ? 1 : 0) : v);
    }
    if (sets.length === 0) return;
    sets.push("updated_at = ?");
    values.push(this.iso(), id);
    this.db.prepare(`UPDATE jobs SET ${sets.join(", ")} WHERE id = ?`).run(...values);
  }

  /** The jobs of a run, by wave then id. */
  jobsOfRun(runId: number): JobRow[] {
    return (this.db.prepare("SELECT * FROM jobs WHERE run_id = ? ORDER BY wave, id").all(runId) as Raw[]).map(jobOf);
  }

  /** The newest job of each schedule key among `keys` (the impact view marks schedules with it). */
  latestJobsByKey(keys: readonly string[]): Map<string, JobRow> {
    const out = new Map<string, JobRow>();
    const stmt = this.db.prepare("SELECT * FROM jobs WHERE schedule_key = ? ORDER BY id DESC LIMIT 1");
    for (const k of keys) {
      const r = stmt.get(k) as Raw | undefined;
      if (r) out.set(k, jobOf(r));
    }
    return out;
  }

  /** One run, or undefined. */
  run(id: number): RunRow | undefined {
    const r = this.db.prepare("SELECT * FROM runs WHERE id = ?").get(id) as Raw | undefined;
    return r ? runOf(r) : undefined;
  }

  /** Recent runs, newest first. */
  runs(limit = 50): RunRow[] {
    return (this.db.prepare("SELECT * FROM runs ORDER BY id DESC LIMIT ?").all(limit) as Raw[]).map(runOf);
  }

  /** One event, or undefined. */
  event(id: number): EventRow | undefined {
    const r = this.db.prepare("SELECT * FROM events WHERE id = ?").get(id) as Raw | undefined;
    return r ? eventOf(r) : undefined;
  }

  /** The jobs serving an event (its own run's and those it coalesced into), with `coalesced`. */
  jobsOfEvent(eventId: number): Array<JobRow & { coalesced: boolean }> {
    const rows = this.db
      .prepare("SELECT jobs.*, event_jobs.coalesced AS coalesced FROM event_jobs JOIN jobs ON jobs.id = event_jobs.job_id WHERE event_id = ? ORDER BY jobs.wave, jobs.id")
      .all(eventId) as Raw[];
    return rows.map((r) => ({ ...jobOf(r), coalesced: r.coalesced === 1 }));
  }

  /** The events a run serves. */
  eventsOfRun(runId: number): EventRow[] {
    return (
      this.db
        .prepare("SELECT DISTINCT events.* FROM events JOIN event_jobs ON event_jobs.event_id = events.id JOIN jobs ON jobs.id = event_jobs.job_id WHERE jobs.run_id = ? ORDER BY events.id")
        .all(runId) as Raw[]
    ).map(eventOf);
  }

  /** Recent events, newest first, filtered. */
  events(f: EventFilter = {}): EventRow[] {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (clause: string, value: unknown): void => {
      where.push(clause);
      values.push(value);
    };
    if (f.status) add("status = ?", f.status);
    if (f.provider) add("provider = ?", f.provider);
    if (f.before) add("id < ?", f.before);
    if (f.q) {
      where.push("(source LIKE ? ESCAPE '\\' OR tables_json LIKE ? ESCAPE '\\' OR detail LIKE ? ESCAPE '\\' OR delivery_id LIKE ? ESCAPE '\\')");
      const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      values.push(like, like, like, like);
    }
    const sql = `SELECT * FROM events ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...values, Math.min(f.limit ?? 50, 500)) as Raw[]).map(eventOf);
  }

  /** Counts for /metrics: events by provider and status, jobs by status. */
  counts(): { events: Array<{ provider: string; status: string; n: number }>; jobs: Array<{ status: string; n: number }> } {
    return {
      events: this.db.prepare("SELECT provider, status, COUNT(*) AS n FROM events GROUP BY provider, status").all() as Array<{ provider: string; status: string; n: number }>,
      jobs: this.db.prepare("SELECT status, COUNT(*) AS n FROM jobs GROUP BY status").all() as Array<{ status: string; n: number }>,
    };
  }

  /** Deletes finished history older than `beforeIso` (events, their links, runs and jobs); returns the events removed. */
  prune(beforeIso: string): number {
    const tx = this.db.transaction(() => {
      const oldRuns = this.db.prepare("SELECT id FROM runs WHERE status NOT IN ('queued','running') AND COALESCE(finished_at, created_at) < ?").all(beforeIso) as Array<{ id: number }>;
      for (const { id } of oldRuns) {
        this.db.prepare("DELETE FROM event_jobs WHERE job_id IN (SELECT id FROM jobs WHERE run_id = ?)").run(id);
        this.db.prepare("DELETE FROM jobs WHERE run_id = ?").run(id);
        this.db.prepare("DELETE FROM runs WHERE id = ?").run(id);
      }
      // An event goes once nothing links it to a job any more and it is old.
      const info = this.db
        .prepare("DELETE FROM events WHERE received_at < ? AND status != 'queued' AND id NOT IN (SELECT event_id FROM event_jobs)")
        .run(beforeIso);
      return info.changes;
    });
    return tx();
  }

  /** True when a write commits (healthz). */
  writable(): boolean {
    try {
      this.db.exec("BEGIN IMMEDIATE; ROLLBACK;");
      return true;
    } catch {
      return false;
    }
  }
}
