/**
 * Request accounting for GET /__emulator/stats: requests by route template and status,
 * requests in flight (current and peak), 429s and injected faults served. Control routes
 * (/__emulator/*) are not counted. A request is in flight from its arrival until its answer
 * is handed over (on a socket: written and flushed), so the count reflects concurrent
 * exchanges even though handlers themselves are quick.
 */
import type { ConnectionSyncStat } from "./connection-syncs.js";
import type { ShapeStats } from "./shape/tally.js";

/** Snapshot returned by `emu.stats()` and GET /__emulator/stats. */
export interface EmulatorStats {
  requests: number;
  /** "GET /v2/workbooks/{workbookId}" -> { "200": 12, "404": 1 }; unknown routes under "UNMATCHED". */
  byRoute: Record<string, Record<string, number>>;
  /** Status code -> count, over all routes. */
  byStatus: Record<string, number>;
  inFlight: number;
  peakInFlight: number;
  /** 429 answers served (rate limiter, in-flight cap and injected). */
  rateLimited: number;
  /** Injected faults by kind ("500", "502", "503", "504", "429", "reset", "slow", "revoke"). */
  faults: Record<string, number>;
  faultsServed: number;
  materializationsStarted: { workbook: number; dataModel: number; dataset: number; total: number };
  /** Runs started per "workbook:<id>/<sheetId>", "dataModel:<id>/<sheetId>" or "dataset:<id>/<id>" (a double trigger shows 2). */
  materializationsByTarget: Record<string, number>;
  tokensIssued: number;
  /** Workbook exports started (POST /v2/workbooks/{workbookId}/export answered 200). */
  exportsStarted: number;
  /**
   * Triggers of a schedule while a schedule upstream of it (in the org's read graph), triggered
   * by the same API client, was still pending or building: a refresh run out of order.
   */
  orderViolations: number;
  /** Connection syncs per connection and resolved path, in order of first sync (`path: []` = whole connection). */
  connectionSyncs: ConnectionSyncStat[];
  /** What the response shape changed (mode, items varied, fields dropped/nulled/added...). */
  shape: ShapeStats;
  /**
   * API answers and their mean time from arrival to the answer being handed to the socket, in
   * ms: what injected latency really cost (a benchmark's lower bound can use it).
   */
  answerTime: { count: number; meanMs: number };
}

/** Mutable counters behind {@link EmulatorStats}. */
export class StatsRecorder {
  requests = 0;
  inFlight = 0;
  peakInFlight = 0;
  rateLimited = 0;
  faultsServed = 0;
  private answerCount = 0;
  private answerMsTotal = 0;
  private byRoute = new Map<string, Map<string, number>>();
  private byStatus = new Map<string, number>();
  private faults = new Map<string, number>();

  /** A request entered the API pipeline. */
  enter(): void {
    this.requests++;
    this.inFlight++;
    if (this.inFlight > this.peakInFlight) this.peakInFlight = this.inFlight;
  }

  /** A request was answered with `status` ("reset" for a dropped connection). */
  answered(routeKey: string, status: number | "reset"): void {
    const s = String(status);
    let m = this.byRoute.get(routeKey);
    if (!m) this.byRoute.set(routeKey, (m = new Map()));
    m.set(s, (m.get(s) ?? 0) + 1);
    this.byStatus.set(s, (this.byStatus.get(s) ?? 0) + 1);
    if (status === 429) this.rateLimited++;
  }

  /** A request took `ms` from its arrival to its answer. */
  timed(ms: number): void {
    this.answerCount++;
    this.answerMsTotal += ms;
  }

  /** A request's answer was handed over: it is no longer in flight. */
  release(): void {
    this.inFlight--;
  }

  /** An injected fault was applied. */
  fault(kind: string): void {
    this.faultsServed++;
    this.faults.set(kind, (this.faults.get(kind) ?? 0) + 1);
  }

  /** Clears every counter except requests currently in flight. */
  reset(): void {
    const inFlight = this.inFlight;
    Object.assign(this, { requests: 0, peakInFlight: inFlight, rateLimited: 0, faultsServed: 0, answerCount: 0, answerMsTotal: 0 });
    this.byRoute = new Map();
    this.byStatus = new Map();
    this.faults = new Map();
  }

  /** A plain-object copy. */
  snapshot(
    extra: Pick<
      EmulatorStats,
      "materializationsStarted" | "materializationsByTarget" | "tokensIssued" | "exportsStarted" | "connectionSyncs" | "orderViolations" | "shape"
    >,
  ): EmulatorStats {
    const byRoute: EmulatorStats["byRoute"] = {};
    for (const [k, m] of this.byRoute) byRoute[k] = Object.fromEntries(m);
    return {
      requests: this.requests,
      byRoute,
      byStatus: Object.fromEntries(this.byStatus),
      inFlight: this.inFlight,
      peakInFlight: this.peakInFlight,
      rateLimited: this.rateLimited,
      faults: Object.fromEntries(this.faults),
      faultsServed: this.faultsServed,
      answerTime: { count: this.answerCount, meanMs: this.answerCount === 0 ? 0 : Number((this.answerMsTotal / this.answerCount).toFixed(3)) },
      ...extra,
    };
  }
}
