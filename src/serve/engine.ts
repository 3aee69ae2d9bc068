/**
 * The work side of serve: debounced batches of events become one plan; schedules already
 * queued or running are not triggered again (the event is attached to their job); each run
 * goes wave by wave through materialize() with a state file next to the database, so that after
 * a restart (even kill -9) jobs already started in Sigma are re-attached by materialization id
 * and never triggered twice (decisions/0002's journal does the bookkeeping).
 */
import { MaterializeInterruptedError, materialize, waitForJobs, type JobRecord, type MaterializeEvent, type WaitItem } from "../materialize/index.js";
import type { SigmaClient } from "../client/client.js";
import { UserError } from "../errors.js";
import type { PlannedSchedule, RefreshPlan } from "../shared/refresh-plan.js";
import type { ServeConfig, TargetEntry } from "./config.js";
import { fetchDbtArtifacts, tablesFromArtifacts, type DbtArtifacts } from "./dbt-artifacts.js";
import type { ServeLogger } from "./log.js";
import type { Metrics } from "./metrics.js";
import { PlannerMissingError, mergePlans, planFor, upstreamKey, type TablePlanner } from "./planner.js";
import { TERMINAL_JOB, scheduleKey, type EventRow, type JobRow, type Store } from "./store.js";

/** Options of the engine. */
export interface EngineOptions {
  store: Store;
  client: SigmaClient;
  config: ServeConfig;
  /** materialize's state file (attach after restart, never trigger twice). */
  stateFile: string;
  logger: ServeLogger;
  metrics: Metrics;
  planner?: TablePlanner | undefined;
  /** Fetch used for dbt Cloud's API (tests inject the emulator's). */
  dbtFetch?: typeof fetch;
  /** Called whenever something visible changed (the page's live updates). */
  onChange?: () => void;
}

/** A stored job as materialize's record (to follow it by id). */
function recordOf(j: JobRow): JobRecord {
  const active = ["triggered", "pending", "building", "unknown"].includes(j.status);
  return {
    kind: j.kind,
    documentId: j.documentId,
    documentName: j.documentName ?? j.documentId,
    elementName: j.elementName,
    elementId: j.elementId,
    sheetId: j.kind === "dataset" ? null : j.sheetId,
    materializationId: j.materializationId,
    jobRef: null,
    status: active ? (j.status as JobRecord["status"]) : "triggered",
    sigmaStatus: j.sigmaStatus,
    attached: true,
    triggeredAt: j.triggeredAt,
    startedAt: j.startedAt,
    readyAt: j.readyAt,
    endObservedAt: null,
    durationMs: j.durationMs,
    error: null,
  };
}

/** Debouncer, planner and runner of one serve process. */
export class Engine {
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private readonly running = new Map<number, Promise<void>>();
  private readonly stop = new AbortController();
  private closed = false;

  constructor(private readonly o: EngineOptions) {}

  /** Picks up what a previous process left: queued events are planned, unfinished runs resumed. */
  start(): void {
    for (const run of this.o.store.unfinishedRuns()) {
      this.o.logger.log("info", "resuming run", { run: run.id });
      this.launch(run.id);
    }
    if (this.o.store.queuedEvents().length > 0) this.notify();
  }

  /** An event was queued: plan it when the debounce window closes. */
  notify(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing = (this.flushing ?? Promise.resolve()).then(() => this.flush()).catch((err: unknown) => {
        this.o.logger.log("error", "planning failed", { error: (err as Error).message });
      });
    }, this.o.config.debounceMs);
  }

  /** Stops taking work; in-flight materialize calls stop waiting (triggers in flight are recorded), runs stay `running` for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing?.catch(() => undefined);
    this.stop.abort();
    await Promise.allSettled([...this.running.values()]);
  }

  /** Runs in progress (tests, healthz). */
  activeRuns(): number[] {
    return [...this.running.keys()];
  }

  /** Plans every queued event as one batch. */
  private async flush(): Promise<void> {
    const events = this.o.store.queuedEvents();
    if (events.length === 0 || this.closed) return;
    const plans: Array<{ event: EventRow; plan: RefreshPlan }> = [];
    // Events with the same ask share one planning call.
    const byInput = new Map<string, { input: { tables: string[]; targets: TargetEntry[]; dbt?: DbtArtifacts }; events: EventRow[] }>();
    for (const e of events) {
      let dbt: DbtArtifacts | undefined;
      let tables = e.tables;
      if (e.provider === "dbt-cloud" && e.tables.length === 0 && e.targets.length === 0) {
        try {
          dbt = await this.artifactsOf(e);
          tables = tablesFromArtifacts(dbt);
          this.o.store.db.prepare("UPDATE events SET tables_json = ? WHERE id = ?").run(JSON.stringify(tables), e.id);
        } catch (err) {
          this.o.store.settleEvents([e.id], "error", (err as Error).message);
          continue;
        }
      }
      const input = { tables, targets: e.targets as TargetEntry[], ...(dbt ? { dbt } : {}) };
      const key = dbt ? `dbt:${e.id}` : JSON.stringify([tables, e.targets]);
      const group = byInput.get(key) ?? { input, events: [] };
      group.events.push(e);
      byInput.set(key, group);
    }
    for (const { input, events: group } of byInput.values()) {
      try {
        const plan = await planFor(this.o.client, input, { planner: this.o.planner, signal: this.stop.signal });
        for (const event of group) plans.push({ event, plan });
      } catch (err) {
        const message = err instanceof PlannerMissingError || err instanceof UserError ? err.message : `planning failed: ${(err as Error).message}`;
        this.o.store.settleEvents(group.map((g) => g.id), "error", message);
        this.o.logger.log("warn", "event not planned", { events: group.map((g) => g.id), error: message });
      }
    }
    if (plans.length === 0) return this.changed();
    const merged = mergePlans(plans.map((p) => p.plan));
    const active = this.o.store.activeJobsByKey();
    const schedules: Array<PlannedSchedule & { eventIds: number[] }> = [];
    const coalesce: Array<{ eventId: number; jobId: number }> = [];
    for (const s of merged.schedules) {
      const key = scheduleKey(s);
      const eventIds = plans.filter((p) => p.plan.schedules.some((x) => scheduleKey(x) === key)).map((p) => p.event.id);
      const jobId = active.get(key);
      if (jobId !== undefined) {
        for (const eventId of eventIds) coalesce.push({ eventId, jobId });
        this.o.metrics.inc("sigmactl_serve_coalesced_total");
      } else schedules.push({ ...s, eventIds });
    }
    const runId = this.o.store.createRun({ eventIds: plans.map((p) => p.event.id), schedules, coalesce, unmatchedTables: merged.unmatchedTables });
    const nothing = plans.filter((p) => p.plan.schedules.length === 0).map((p) => p.event.id);
    if (nothing.length > 0) {
      this.o.store.settleEvents(nothing, "ignored", `nothing in Sigma reads ${merged.unmatchedTables.join(", ") || "what changed"}`);
    }
    this.o.logger.log("info", "planned", { events: plans.length, run: runId, schedules: schedules.length, coalesced: coalesce.length });
    if (runId !== null) this.launch(runId);
    this.changed();
  }

  private async artifactsOf(e: EventRow): Promise<DbtArtifacts> {
    const d = this.o.config.dbtCloud;
    if (!d?.apiToken) throw new Error("no job mapping for this dbt Cloud job and no serve.hooks.dbtCloud.apiToken to fetch its artifacts");
    const payload = this.o.store.db.prepare("SELECT payload_json FROM events WHERE id = ?").get(e.id) as { payload_json: string };
    const raw = JSON.parse(payload.payload_json) as { accountId?: unknown; data?: { runId?: unknown; accountId?: unknown } };
    return fetchDbtArtifacts({
      apiBaseUrl: d.apiBaseUrl,
      token: d.apiToken,
      accountId: String(raw.accountId ?? raw.data?.accountId ?? ""),
      runId: String(raw.data?.runId ?? ""),
      signal: this.stop.signal,
      ...(this.o.dbtFetch ? { fetch: this.o.dbtFetch } : {}),
    });
  }

  private launch(runId: number): void {
    if (this.running.has(runId)) return;
    const p = this.execute(runId)
      .catch((err: unknown) => {
        this.o.logger.log("error", "run failed", { run: runId, error: (err as Error).message });
      })
      .finally(() => {
        this.running.delete(runId);
        this.changed();
      });
    this.running.set(runId, p);
  }

  /** Runs a run's waves in order; a job whose upstream failed is skipped. */
  private async execute(runId: number): Promise<void> {
    const { store, logger } = this.o;
    store.setRun(runId, "running");
    this.changed();
    const waves = [...new Set(store.jobsOfRun(runId).map((j) => j.wave))].sort((a, b) => a - b);
    for (const wave of waves) {
      if (this.stop.signal.aborted) return;
      const jobs = store.jobsOfRun(runId);
      const failedKeys = new Set(jobs.filter((j) => TERMINAL_JOB.has(j.status) && j.status !== "ready").map((j) => j.scheduleKey));
      const todo: JobRow[] = [];
      for (const j of jobs.filter((x) => x.wave === wave && !TERMINAL_JOB.has(x.status))) {
        const bad = j.upstream.map((u) => upstreamKey(u, jobs)).find((k) => k !== undefined && failedKeys.has(k));
        if (bad) store.updateJob(j.id, { status: "skipped", error: `not run: upstream ${bad} did not complete` });
        else todo.push(j);
      }
      if (todo.length === 0) continue;
      const interrupted = await this.materializeWave(runId, todo);
      if (interrupted) return; // shutting down: the run stays `running` and resumes on the next start
    }
    const final = store.jobsOfRun(runId);
    const ok = final.every((j) => j.status === "ready");
    store.setRun(runId, ok ? "ready" : "failed", ok ? null : `${final.filter((j) => j.status !== "ready").length} of ${final.length} jobs did not complete`);
    this.o.metrics.inc("sigmactl_serve_runs_total", { outcome: ok ? "ready" : "failed" });
    logger.log("info", "run ended", { run: runId, status: ok ? "ready" : "failed" });
  }

  /** One wave through materialize(); true when it stopped because the service is shutting down. */
  private async materializeWave(runId: number, jobs: JobRow[]): Promise<boolean> {
    const { store, metrics, config } = this.o;
    const byKey = new Map(jobs.map((j) => [`${j.documentId}/${j.sheetId}`, j]));
    const seenTrigger = new Set<number>();
    const seenEnd = new Set<number>();
    const apply = (r: JobRecord): void => {
      const row = byKey.get(`${r.documentId}/${r.sheetId ?? r.documentId}`);
      if (!row) return;
      store.updateJob(row.id, {
        status: r.status,
        materializationId: r.materializationId ?? undefined,
        sigmaStatus: r.sigmaStatus ?? undefined,
        attached: r.attached,
        triggeredAt: r.triggeredAt ?? undefined,
        startedAt: r.startedAt ?? undefined,
        readyAt: r.readyAt ?? undefined,
        durationMs: r.durationMs ?? undefined,
        error: r.error ?? undefined,
      });
      if (r.materializationId && !seenTrigger.has(row.id)) {
        seenTrigger.add(row.id);
        metrics.inc(r.attached ? "sigmactl_serve_attached_total" : "sigmactl_serve_triggers_total");
      }
      if (TERMINAL_JOB.has(r.status) && !seenEnd.has(row.id)) {
        seenEnd.add(row.id);
        metrics.inc("sigmactl_serve_jobs_total", { outcome: r.status });
        if (r.durationMs !== null) metrics.observe("sigmactl_serve_job_duration_seconds", { outcome: r.status }, r.durationMs / 1000);
      }
      this.changed();
    };
    // Jobs this service already started (their materializationId is in the database) are
    // followed by id, whatever Sigma says now: a restart never triggers them again. The rest go
    // through materialize(), whose state file attaches to triggers journaled but not yet recorded here.
    const reattach = jobs.filter((j) => j.materializationId !== null);
    // Paused in Sigma: materialize leaves them (a pause stops the cron; the existing rule).
    const pausedSheets = new Set<string>();
    const fresh = jobs.filter((j) => j.materializationId === null);
    const common = {
      stateFile: this.o.stateFile,
      host: "sigma",
      signal: this.stop.signal,
      ...(config.pollInterval ? { pollInterval: config.pollInterval } : {}),
      onEvent: (e: MaterializeEvent) => {
        if (e.type === "job") apply(e.job);
      },
    };
    const follow = async (): Promise<void> => {
      if (reattach.length === 0) return;
      const items: WaitItem[] = reattach.map((j) => ({
        record: recordOf(j),
        target: { kind: j.kind, documentId: j.documentId, jobId: j.materializationId as string, triggeredAtMs: j.triggeredAt ? Date.parse(j.triggeredAt) : this.o.store.now() },
      }));
      const result = await waitForJobs({ client: this.o.client, items, ...common });
      for (const r of result.jobs) apply({ ...r, attached: true });
    };
    const start = async (): Promise<void> => {
      if (fresh.length === 0) return;
      const targets = fresh.map((j) => (j.kind === "dataset" ? { kind: j.kind, ref: j.documentId } : { kind: j.kind, ref: j.documentId, elements: [j.sheetId] }));
      const result = await materialize({
        client: this.o.client,
        targets,
        ...common,
        concurrency: config.concurrency,
        ...(config.unconfirmedWindowMs !== undefined ? { unconfirmedWindowMs: config.unconfirmedWindowMs } : {}),
      });
      for (const r of result.jobs) apply(r);
      for (const sk of result.skipped) if (sk.sheetId) pausedSheets.add(sk.sheetId);
    };
    const outcomes = await Promise.allSettled([follow(), start()]);
    let interrupted = false;
    outcomes.forEach((o, i) => {
      if (o.status === "fulfilled") return;
      const err = o.reason as Error;
      if (err instanceof MaterializeInterruptedError) {
        interrupted = true;
        for (const r of err.result.jobs) apply(i === 0 ? { ...r, attached: true } : r);
        return;
      }
      for (const j of i === 0 ? reattach : fresh) store.updateJob(j.id, { status: "error", error: err.message });
    });
    if (interrupted) return true;
    // A schedule that vanished from Sigma between planning and running is not silently dropped.
    const now = store.jobsOfRun(runId);
    for (const j of jobs) {
      const row = now.find((x) => x.id === j.id);
      if (!row || TERMINAL_JOB.has(row.status)) continue;
      if (pausedSheets.has(j.sheetId)) store.updateJob(j.id, { status: "skipped", error: "paused in Sigma: not triggered (as materialize without --include-paused)" });
      else store.updateJob(j.id, { status: "error", error: "materialize did not report this schedule (removed since planning?)" });
    }
    this.changed();
    return false;
  }

  private changed(): void {
    this.o.onChange?.();
  }
}
