/**
 * The service's SQLite database (better-sqlite3: synchronous, prebuilt for Node 20, no download
 * at run time): WAL, a migrations table, one migration per schema change. Every write that
 * answers a webhook commits before the answer leaves (durable intake).
 */
import Database from "better-sqlite3";
import { UserError } from "../errors.js";

/** One open database. */
export type Db = Database.Database;

/** Schema changes, applied in order once each; never edit one that shipped, add the next. */
const MIGRATIONS: string[] = [
  `CREATE TABLE events (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     provider TEXT NOT NULL,
     delivery_id TEXT NOT NULL,
     source TEXT NOT NULL,
     received_at TEXT NOT NULL,
     status TEXT NOT NULL,
     tables_json TEXT NOT NULL DEFAULT '[]',
     targets_json TEXT NOT NULL DEFAULT '[]',
     detail TEXT,
     payload_json TEXT NOT NULL,
     run_id INTEGER,
     UNIQUE (provider, delivery_id)
   );
   CREATE INDEX events_status ON events(status);
   CREATE TABLE runs (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     created_at TEXT NOT NULL,
     started_at TEXT,
     finished_at TEXT,
     status TEXT NOT NULL,
     unmatched_json TEXT NOT NULL DEFAULT '[]',
     error TEXT
   );
   CREATE INDEX runs_status ON runs(status);
   CREATE TABLE jobs (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     run_id INTEGER NOT NULL REFERENCES runs(id),
     schedule_key TEXT NOT NULL,
     kind TEXT NOT NULL,
     document_id TEXT NOT NULL,
     document_name TEXT,
     sheet_id TEXT NOT NULL,
     element_id TEXT,
     element_name TEXT,
     wave INTEGER NOT NULL,
     because_json TEXT NOT NULL,
     upstream_json TEXT NOT NULL,
     status TEXT NOT NULL,
     materialization_id TEXT,
     sigma_status TEXT,
     attached INTEGER NOT NULL DEFAULT 0,
     triggered_at TEXT,
     started_at TEXT,
     ready_at TEXT,
     duration_ms INTEGER,
     error TEXT,
     updated_at TEXT NOT NULL
   );
   CREATE INDEX jobs_run ON jobs(run_id);
   CREATE INDEX jobs_key_status ON jobs(schedule_key, status);
   CREATE TABLE event_jobs (
     event_id INTEGER NOT NULL REFERENCES events(id),
     job_id INTEGER NOT NULL REFERENCES jobs(id),
     coalesced INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (event_id, job_id)
   );
   CREATE INDEX event_jobs_job ON event_jobs(job_id);`,
];

/** Opens (creating if needed) the database at `path` and applies pending migrations. */
export function openDb(path: string): Db {
  let db: Db;
  try {
    db = new Database(path);
  } catch (err) {
    // A bad --db path is the user's to fix (exit 3), never a stack trace.
    throw new UserError(`cannot open the database ${path}: ${(err as Error).message}`, { cause: err, suggestions: ["choose a writable --db FILE"] });
  }
  db.pragma("journal_mode = WAL");
  // NORMAL in WAL mode: a commit survives a process crash (kill -9) without an fsync each. Intake
  // commits switch to FULL (Store.commitPending): an acknowledged event survives a power cut too.
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  db.exec("CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
  const done = new Set((db.prepare("SELECT version FROM migrations").all() as Array<{ version: number }>).map((r) => r.version));
  MIGRATIONS.forEach((sql, i) => {
    const version = i + 1;
    if (done.has(version)) return;
    db.transaction(() => {
      db.exec(sql);
      db.prepare("INSERT INTO migrations (version, applied_at) VALUES (?, ?)").run(version, new Date().toISOString());
    })();
  });
  return db;
}

/** The schema version a database is at (tests, /healthz). */
export function schemaVersion(db: Db): number {
  const row = db.prepare("SELECT MAX(version) AS v FROM migrations").get() as { v: number | null };
  return row.v ?? 0;
}
