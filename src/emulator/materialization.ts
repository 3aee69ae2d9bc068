/**
 * Materialization runs (workbook and data-model elements, and deprecated datasets).
 *
 * A run is decided when it is triggered: its duration (uniform in materializationTime), the
 * share of it spent "pending" (10-30%), and whether it fails (materializationFailRate, or an id
 * in failSheets). Each trigger draws the same number of values from the "materializations"
 * stream, so runs are deterministic per seed and trigger order. Status is derived from the
 * emulator clock on read: pending -> building (startedAt) -> ready (readyAt) | failed (error).
 * Datasets: a finished run is listed in the history with finishedAt; in-progress runs are not.
 *
 * A ready run gets `expiredAt` once another run of the same sheet finishes successfully after
 * it (its table was replaced), so expiredAt is never before readyAt; status stays "ready"
 * (Sigma's status list has no evidenced "expired").
 *
 * Memory stays bounded: runs are kept queryable for RUN_RETENTION_MS of emulator time after
 * they finish, then forgotten (GET answers 404). A forgotten dataset run stays in that
 * dataset's history (at most DATASET_HISTORY_LIMIT entries each), as Sigma keeps it.
 */
import type { DatasetMaterializationRunDoc as DatasetMaterializationRun, MaterializationJobDoc as MaterializationJob } from "../schemas/index.js";
import { iso } from "./clock.js";
import { Rng as Prng } from "./org/rng.js";

/** What to do when a sheet (or dataset) is triggered while a run of it is in progress. */
export type ConcurrentTrigger = "new-job" | "conflict";

/** Engine settings. */
export interface MaterializationSettings {
  /** [min, max] run duration in seconds. */
  timeRange: [number, number];
  failRate: number;
  concurrentTrigger: ConcurrentTrigger;
}

/** How long a finished run stays queryable (emulator clock). */
export const RUN_RETENTION_MS = 24 * 3600_000;
/** History entries kept per dataset once their runs are forgotten. */
export const DATASET_HISTORY_LIMIT = 1000;
// A sweep walks every run: at most every SWEEP_EVERY triggers or once per emulator hour.
const SWEEP_EVERY = 256;
const SWEEP_INTERVAL_MS = 3600_000;

interface Run {
  id: string;
  /** Trigger order, to break ties between runs that finish at the same instant. */
  seq: number;
  /** "workbook:<id>", "dataModel:<id>" or "dataset:<id>". */
  owner: string;
  /** sheetId, or the dataset id for datasets. */
  target: string;
  createdAt: number;
  startAt: number;
  endAt: number;
  error: string | undefined;
  numRows: number;
  /** The API client that triggered it (order-violation check), when known. */
  by: string | undefined;
}

const FAILURES = [
  "Warehouse 'TRANSFORMING' cannot be resumed because resource monitor 'RM_DAILY' has exceeded its quota.",
  "SQL compilation error: Object 'ANALYTICS.MARTS.FCT_ORDERS' does not exist or not authorized.",
  "Statement reached its statement or warehouse timeout of 3,600 second(s) and was canceled.",
  "Materialization failed: the source element has an error and cannot be materialized.",
  "Insufficient privileges to operate on schema 'SIGMA_MATERIALIZATIONS'.",
];

/** Runs and their derived status. */
export class MaterializationEngine {
  private readonly runs = new Map<string, Run>();
  /** Runs per "owner/target", in trigger order. */
  private readonly byTarget = new Map<string, Run[]>();
  /** History entries of forgotten dataset runs, newest first, per dataset id. */
  private readonly datasetArchive = new Map<string, DatasetMaterializationRun[]>();
  private readonly failing = new Set<string>();
  private prng: Prng;
  private seq = 0;
  private triggersSinceSweep = 0;
  private lastSweep = Number.NEGATIVE_INFINITY;
  /** Runs started since the last reset, by kind (stats). */
  started = { workbook: 0, dataModel: 0, dataset: 0 };
  /** Runs started since the last reset per "kind:ownerId/target" (stats: a sheet triggered twice shows 2). */
  readonly startedByTarget = new Map<string, number>();
  /**
   * Triggers of a schedule while a run of a schedule upstream of it, triggered by the same API
   * client (the "same run"), was still pending or building (stats `orderViolations`).
   */
  orderViolations = 0;
  /** Runs per target (sheetId or dataset id), whatever the owner: the order check's index. */
  private byTargetId = new Map<string, Run[]>();

  constructor(
    private readonly seed: number,
    private settings: MaterializationSettings,
  ) {
    this.prng = new Prng(seed, "materializations");
  }

  /** Makes every future run of these sheetIds (or dataset ids) fail. */
  failSheets(ids: Iterable<string>): void {
    for (const id of ids) this.failing.add(id);
  }

  /** Runs currently held (queryable). */
  get size(): number {
    return this.runs.size;
  }

  /** Starts a run, or returns "conflict" when the policy refuses a concurrent trigger. */
  trigger(kind: "workbook" | "dataModel" | "dataset", ownerId: string, target: string, now: number, by?: string): Run | "conflict" {
    this.maybeSweep(now);
    const owner = `${kind}:${ownerId}`;
    const key = `${owner}/${target}`;
    const list = this.byTarget.get(key);
    const last = list?.[list.length - 1];
    if (this.settings.concurrentTrigger === "conflict" && last && now < last.endAt) return "conflict";
    const [min, max] = this.settings.timeRange;
    // Fixed number of draws per trigger, whatever the outcome: keeps later runs stable.
    const durationMs = (min + this.prng.next() * (max - min)) * 1000;
    const pendingShare = 0.1 + this.prng.next() * 0.2;
    const fails = this.prng.chance(this.settings.failRate) || this.failing.has(target);
    const message = this.prng.pick(FAILURES);
    const numRows = 1000 + this.prng.int(5_000_000);
    const id = this.prng.uuid();
    const run: Run = {
      id,
      seq: ++this.seq,
      owner,
      target,
      createdAt: now,
      startAt: now + Math.round(durationMs * pendingShare),
      endAt: now + Math.round(durationMs),
      error: fails ? message : undefined,
      numRows,
      by,
    };
    this.runs.set(id, run);
    const same = this.byTargetId.get(target);
    if (same) same.push(run);
    else this.byTargetId.set(target, [run]);
    if (list) list.push(run);
    else this.byTarget.set(key, [run]);
    this.started[kind]++;
    this.startedByTarget.set(key, (this.startedByTarget.get(key) ?? 0) + 1);
    return run;
  }

  /**
   * Counts an order violation when a run of one of `upstream` (targets of the schedules upstream
   * of the one being triggered) that `by` triggered is still pending or building at `now`.
   * Call before `trigger`.
   */
  checkOrder(upstream: ReadonlySet<string>, by: string | undefined, now: number): void {
    if (by === undefined) return;
    for (const target of upstream) {
      if ((this.byTargetId.get(target) ?? []).some((r) => r.by === by && now < r.endAt)) {
        this.orderViolations++;
        return;
      }
    }
  }

  /** Status of a workbook or data-model run as Sigma's GET answers it; undefined if not that owner's. */
  job(kind: "workbook" | "dataModel", ownerId: string, id: string, now: number): MaterializationJob | undefined {
    const run = this.runs.get(id);
    if (!run || run.owner !== `${kind}:${ownerId}`) return undefined;
    if (now < run.startAt) return { materializationId: id, status: "pending" };
    if (now < run.endAt) return { materializationId: id, status: "building", startedAt: iso(run.startAt) };
    if (run.error) return { materializationId: id, status: "failed", startedAt: iso(run.startAt), error: run.error };
    const job: MaterializationJob = { materializationId: id, status: "ready", startedAt: iso(run.startAt), readyAt: iso(run.endAt) };
    const replacedAt = this.replacedAt(run, now);
    if (replacedAt !== undefined) job.expiredAt = iso(replacedAt);
    return job;
  }

  /** When a later successful run of the same target replaced this run's result (<= now), if one did. */
  private replacedAt(run: Run, now: number): number | undefined {
    let at: number | undefined;
    for (const other of this.byTarget.get(`${run.owner}/${run.target}`) ?? []) {
      if (other === run || other.error || other.endAt > now) continue;
      const after = other.endAt > run.endAt || (other.endAt === run.endAt && other.seq > run.seq);
      if (after && (at === undefined || other.endAt < at)) at = other.endAt;
    }
    return at;
  }

  /** Finished runs of a dataset, newest first, as history entries. */
  datasetHistory(datasetId: string, now: number): DatasetMaterializationRun[] {
    const out: DatasetMaterializationRun[] = [];
    for (const run of this.byTarget.get(`dataset:${datasetId}/${datasetId}`) ?? []) if (now >= run.endAt) out.push(historyEntry(run));
    out.sort(newestFirst);
    const archived = this.datasetArchive.get(datasetId);
    return archived ? [...out, ...archived] : out;
  }

  /** Forgets runs that finished more than RUN_RETENTION_MS ago (dataset runs move to the history archive). */
  sweep(now: number): void {
    this.triggersSinceSweep = 0;
    this.lastSweep = now;
    for (const [key, list] of this.byTarget) {
      const keep: Run[] = [];
      for (const r of list) {
        if (now < r.endAt + RUN_RETENTION_MS) keep.push(r);
        else this.forget(r);
      }
      if (keep.length === list.length) continue;
      if (keep.length === 0) this.byTarget.delete(key);
      else this.byTarget.set(key, keep);
    }
    this.byTargetId = new Map();
    for (const list of this.byTarget.values()) {
      for (const r of list) {
        const same = this.byTargetId.get(r.target);
        if (same) same.push(r);
        else this.byTargetId.set(r.target, [r]);
      }
    }
  }

  private maybeSweep(now: number): void {
    if (++this.triggersSinceSweep >= SWEEP_EVERY || now - this.lastSweep >= SWEEP_INTERVAL_MS) this.sweep(now);
  }

  private forget(run: Run): void {
    this.runs.delete(run.id);
    if (!run.owner.startsWith("dataset:")) return;
    const datasetId = run.target;
    const archive = this.datasetArchive.get(datasetId) ?? [];
    archive.push(historyEntry(run));
    archive.sort(newestFirst);
    if (archive.length > DATASET_HISTORY_LIMIT) archive.length = DATASET_HISTORY_LIMIT;
    this.datasetArchive.set(datasetId, archive);
  }

  /** Forgets every run, the fail list and the counters; the random stream restarts. */
  reset(): void {
    this.runs.clear();
    this.byTarget.clear();
    this.datasetArchive.clear();
    this.failing.clear();
    this.seq = 0;
    this.triggersSinceSweep = 0;
    this.lastSweep = Number.NEGATIVE_INFINITY;
    this.started = { workbook: 0, dataModel: 0, dataset: 0 };
    this.startedByTarget.clear();
    this.byTargetId.clear();
    this.orderViolations = 0;
    this.prng = new Prng(this.seed, "materializations");
  }
}

function historyEntry(run: Run): DatasetMaterializationRun {
  const runtimeSecs = Math.round((run.endAt - run.startAt) / 100) / 10;
  return run.error
    ? { status: "failed", finishedAt: iso(run.endAt), error: { code: "materialization_failed", message: run.error, errorCode: null }, runtimeSecs, numRows: null, numBytes: null }
    : { status: "success", finishedAt: iso(run.endAt), error: null, runtimeSecs, numRows: run.numRows, numBytes: run.numRows * 96 };
}

function newestFirst(a: DatasetMaterializationRun, b: DatasetMaterializationRun): number {
  return a.finishedAt < b.finishedAt ? 1 : a.finishedAt > b.finishedAt ? -1 : 0;
}
