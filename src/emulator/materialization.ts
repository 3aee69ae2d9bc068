/**
 * Materialization runs (workbook and data-model elements, and deprecated datasets).
 *
 * A run is decided when it is triggered: its duration (uniform in materializationTime), the
 * share of it spent "pending" (10-30%), and whether it fails (materializationFailRate, or an id
 * in failSheets). Each trigger draws the same number of values from the "materializations"
 * stream, so runs are deterministic per seed and trigger order. Status is derived from the
 * emulator clock on read: pending -> building (startedAt) -> ready (readyAt) | failed (error).
 * Datasets: a finished run is listed in the history with finishedAt; in-progress runs are not.
 */
import type { DatasetMaterializationRun, MaterializationJob } from "../schemas/index.js";
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

interface Run {
  id: string;
  /** "workbook:<id>", "dataModel:<id>" or "dataset:<id>". */
  owner: string;
  /** sheetId, or the dataset id for datasets. */
  target: string;
  createdAt: number;
  startAt: number;
  endAt: number;
  error: string | undefined;
  numRows: number;
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
  private readonly latestByTarget = new Map<string, Run>();
  private readonly failing = new Set<string>();
  private prng: Prng;
  /** Runs started since the last reset, by kind (stats). */
  started = { workbook: 0, dataModel: 0, dataset: 0 };

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

  /** Starts a run, or returns "conflict" when the policy refuses a concurrent trigger. */
  trigger(kind: "workbook" | "dataModel" | "dataset", ownerId: string, target: string, now: number): Run | "conflict" {
    const owner = `${kind}:${ownerId}`;
    const key = `${owner}/${target}`;
    const last = this.latestByTarget.get(key);
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
      owner,
      target,
      createdAt: now,
      startAt: now + Math.round(durationMs * pendingShare),
      endAt: now + Math.round(durationMs),
      error: fails ? message : undefined,
      numRows,
    };
    this.runs.set(id, run);
    this.latestByTarget.set(key, run);
    this.started[kind]++;
    return run;
  }

  /** Status of a workbook or data-model run as Sigma's GET answers it; undefined if not that owner's. */
  job(kind: "workbook" | "dataModel", ownerId: string, id: string, now: number): MaterializationJob | undefined {
    const run = this.runs.get(id);
    if (!run || run.owner !== `${kind}:${ownerId}`) return undefined;
    if (now < run.startAt) return { materializationId: id, status: "pending" };
    if (now < run.endAt) return { materializationId: id, status: "building", startedAt: iso(run.startAt) };
    if (run.error) return { materializationId: id, status: "failed", startedAt: iso(run.startAt), error: run.error };
    return { materializationId: id, status: "ready", startedAt: iso(run.startAt), readyAt: iso(run.endAt) };
  }

  /** Finished runs of a dataset, newest first, as history entries. */
  datasetHistory(datasetId: string, now: number): DatasetMaterializationRun[] {
    const owner = `dataset:${datasetId}`;
    const out: DatasetMaterializationRun[] = [];
    for (const run of this.runs.values()) {
      if (run.owner !== owner || now < run.endAt) continue;
      const runtimeSecs = Math.round((run.endAt - run.startAt) / 100) / 10;
      out.push(
        run.error
          ? { status: "failed", finishedAt: iso(run.endAt), error: { code: "materialization_failed", message: run.error, errorCode: null }, runtimeSecs, numRows: null, numBytes: null }
          : { status: "success", finishedAt: iso(run.endAt), error: null, runtimeSecs, numRows: run.numRows, numBytes: run.numRows * 96 },
      );
    }
    return out.sort((a, b) => (a.finishedAt < b.finishedAt ? 1 : a.finishedAt > b.finishedAt ? -1 : 0));
  }

  /** Forgets every run, the fail list and the counters; the random stream restarts. */
  reset(): void {
    this.runs.clear();
    this.latestByTarget.clear();
    this.failing.clear();
    this.started = { workbook: 0, dataModel: 0, dataset: 0 };
    this.prng = new Prng(this.seed, "materializations");
  }
}
