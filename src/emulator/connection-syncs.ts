/**
 * Connection syncs received (POST /v2/connections/{connectionId}/sync), counted per connection
 * and resolved path for GET /__emulator/stats: a test can check that a job synced what it
 * should, once. Bounded by the org: one entry per distinct (connection, path) that resolved.
 */
import { iso } from "./clock.js";

/** One synced (connection, path) with how often and when last; `path: []` = the whole connection. */
export interface ConnectionSyncStat {
  connectionId: string;
  /** The path as the org spells it (a case-insensitive match is recorded under its real spelling). */
  path: string[];
  count: number;
  /** Of `count`, how many asked `useServiceAccount=true`. */
  serviceAccount: number;
  lastSyncAt: string;
}

/** Counts syncs; cleared by the emulator's reset. */
export class ConnectionSyncs {
  private readonly byKey = new Map<string, ConnectionSyncStat>();

  /** Records one sync. */
  record(connectionId: string, path: readonly string[], useServiceAccount: boolean, now: number): void {
    const key = JSON.stringify([connectionId, ...path]);
    let s = this.byKey.get(key);
    if (!s) this.byKey.set(key, (s = { connectionId, path: [...path], count: 0, serviceAccount: 0, lastSyncAt: iso(now) }));
    s.count++;
    if (useServiceAccount) s.serviceAccount++;
    s.lastSyncAt = iso(now);
  }

  /** Total syncs recorded. */
  get total(): number {
    let n = 0;
    for (const s of this.byKey.values()) n += s.count;
    return n;
  }

  /** Copies of the entries, in order of first sync. */
  snapshot(): ConnectionSyncStat[] {
    return [...this.byKey.values()].map((s) => ({ ...s, path: [...s.path] }));
  }

  /** Forgets every sync. */
  reset(): void {
    this.byKey.clear();
  }
}
