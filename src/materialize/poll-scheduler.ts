/**
 * The one polling loop shared by every job of a run (docs/sigma-api-facts.md, peer-facts §6.1-6.4). Each job has its own
 * adaptive interval and deadline. A job's polls follow its nominal schedule (MIN, then each gap
 * ×1.5 up to MAX, counted from when it was added); jitter only moves a poll EARLY, by a random
 * 0-15% of the gap in effect, and never accumulates, so a job that ends at time r is seen by the
 * first nominal poll time n with n - 15% of its gap ≥ r (overshoot ≤ that gap plus 15% of the
 * gap before; no request is wasted on a catch-up poll). A wake-up
 * ("tick") polls only the jobs that are due and have no request in flight, so a job is never
 * asked twice in one tick and a slow answer for one job never holds up the others.
 */
import { AbortedError } from "../errors.js";
import type { Clock } from "./clock.js";
import type { PollIntervalBounds } from "./duration.js";
import type { PollingStats } from "./types.js";

/** What a poll handler tells the scheduler. */
export type PollVerdict = "continue" | "done";

/** Callbacks that do the actual work; the scheduler only decides when. */
export interface PollHandlers<T> {
  /** Polls one job. Return "done" when terminal. Throwing stops the whole loop (fatal errors only). */
  poll(item: T, signal: AbortSignal): Promise<PollVerdict>;
  /** Called once when a job's own deadline ("job") or the run deadline ("run") passes first. */
  timedOut(item: T, cause: "job" | "run"): void;
}

/** Tuning of the loop. */
export interface PollSchedulerOptions {
  clock: Clock;
  interval: PollIntervalBounds;
  /** Absolute time (epoch ms) at which every job still active times out. */
  runDeadline: number;
  /** Growth factor of a job's interval after each poll (default 1.5). */
  growth?: number;
  /** Largest share of the interval in effect a poll may come early (default 0.15 = 0-15% early). */
  jitter?: number;
  /** Jobs due within this window are polled in the same tick (default 10% of MIN, at most 250 ms). */
  coalesceMs?: number;
  /** Uniform random in [0, 1); injected for deterministic tests. */
  random?: () => number;
  signal?: AbortSignal;
}

interface Entry<T> {
  item: T;
  deadline: number;
  /** The gap in effect: nominal time of the upcoming poll minus the one before. */
  intervalMs: number;
  /** Nominal time the upcoming poll stands for. */
  nominalAt: number;
  /** When the upcoming poll is sent (nominalAt minus the early jitter, never before now). */
  nextPollAt: number;
  /** Coalescing never sends a poll before this (the start of its jitter window). */
  earliestAt: number;
  inFlight: boolean;
  done: boolean;
  abort: AbortController;
}

/** A shared polling loop; add jobs while it runs, then close() and await run(). */
export class PollScheduler<T> {
  private readonly entries: Entry<T>[] = [];
  private readonly inflight = new Set<Promise<void>>();
  private readonly opts: Required<Omit<PollSchedulerOptions, "signal">> & { signal?: AbortSignal };
  private closed = false;
  private fatal: { error: unknown } | undefined;
  private wakeCtl = new AbortController();
  private readonly counters: PollingStats = { ticks: 0, statusRequests: 0, activeJobTicks: 0 };

  constructor(
    options: PollSchedulerOptions,
    private readonly handlers: PollHandlers<T>,
  ) {
    this.opts = {
      growth: 1.5,
      jitter: 0.15,
      coalesceMs: Math.min(250, options.interval.minMs / 10),
      random: Math.random,
      ...options,
    };
    options.signal?.addEventListener("abort", () => this.wake(), { once: true });
  }

  /**
   * Adds a job. Its nominal schedule counts from `since` (default now; a fresh trigger passes the
   * time it was sent, so a slow trigger answer does not push every poll later).
   */
  add(item: T, deadline: number, since?: number): void {
    const now = this.opts.clock.now();
    const { minMs } = this.opts.interval;
    const base = Math.min(now, since ?? now);
    const e: Entry<T> = { item, deadline, intervalMs: minMs, nominalAt: base + minMs, nextPollAt: 0, earliestAt: 0, inFlight: false, done: false, abort: new AbortController() };
    if (e.nominalAt > now) this.schedule(e, now);
    else this.catchUp(e, now);
    this.entries.push(e);
    this.wake();
  }

  /** Declares that no more jobs will be added: run() resolves once every job is done. */
  close(): void {
    this.closed = true;
    this.wake();
  }

  /** Counters so far (ticks, status requests, active-job ticks). */
  stats(): PollingStats {
    return { ...this.counters };
  }

  /** Runs until closed and every job is done; rejects on a fatal poll error or an abort. */
  async run(): Promise<void> {
    const { clock } = this.opts;
    try {
      for (;;) {
        if (this.fatal) throw this.fatal.error;
        if (this.opts.signal?.aborted) throw new AbortedError("materialize: aborted");
        const now = clock.now();
        this.expire(now);
        const active = this.entries.filter((e) => !e.done);
        if (active.length === 0 && this.closed) return;
        const due = active.filter((e) => !e.inFlight && e.earliestAt <= now && e.nextPollAt <= now + this.opts.coalesceMs);
        if (due.length > 0) {
          this.counters.ticks += 1;
          this.counters.activeJobTicks += active.length;
          for (const e of due) this.launch(e);
        }
        let wakeAt = this.opts.runDeadline;
        for (const e of active) {
          wakeAt = Math.min(wakeAt, e.deadline);
          if (!e.inFlight) wakeAt = Math.min(wakeAt, e.nextPollAt);
        }
        if (this.fatal || this.wakeCtl.signal.aborted) {
          this.wakeCtl = new AbortController();
          continue;
        }
        await clock.sleep(Math.max(0, wakeAt - clock.now()), this.wakeCtl.signal);
        if (this.wakeCtl.signal.aborted) this.wakeCtl = new AbortController();
      }
    } finally {
      for (const e of this.entries) if (e.inFlight) e.abort.abort();
      await Promise.allSettled([...this.inflight]);
    }
  }

  private expire(now: number): void {
    for (const e of this.entries) {
      if (e.done) continue;
      const limit = Math.min(e.deadline, this.opts.runDeadline);
      if (now < limit) continue;
      e.done = true;
      e.abort.abort();
      this.handlers.timedOut(e.item, e.deadline < this.opts.runDeadline ? "job" : "run");
    }
  }

  private launch(e: Entry<T>): void {
    e.inFlight = true;
    this.counters.statusRequests += 1;
    const p = this.handlers
      .poll(e.item, e.abort.signal)
      .then((verdict) => {
        if (e.done) return;
        if (verdict === "done") {
          e.done = true;
          return;
        }
        this.advance(e, this.opts.clock.now());
      })
      .catch((error: unknown) => {
        if (!e.done) this.fatal ??= { error };
      })
      .finally(() => {
        e.inFlight = false;
        this.inflight.delete(p);
        this.wake();
      });
    this.inflight.add(p);
  }

  /** Moves to the next nominal poll after one was answered at `now`. */
  private advance(e: Entry<T>, now: number): void {
    const grow = (ms: number) => Math.min(this.opts.interval.maxMs, ms * this.opts.growth);
    e.intervalMs = grow(e.intervalMs);
    e.nominalAt += e.intervalMs;
    if (e.nominalAt > now) return this.schedule(e, now);
    this.catchUp(e, now);
  }

  /** Nominal times passed already (a slow answer): poll now, standing for the latest one passed. */
  private catchUp(e: Entry<T>, now: number): void {
    const grow = (ms: number) => Math.min(this.opts.interval.maxMs, ms * this.opts.growth);
    while (e.nominalAt + grow(e.intervalMs) <= now) {
      e.intervalMs = grow(e.intervalMs);
      e.nominalAt += e.intervalMs;
    }
    e.nextPollAt = e.earliestAt = now;
  }

  /** Sends the upcoming poll a random 0..jitter share of its gap before its nominal time (never before now). */
  private schedule(e: Entry<T>, now: number): void {
    const window = e.intervalMs * this.opts.jitter;
    e.earliestAt = Math.max(now, e.nominalAt - window);
    e.nextPollAt = Math.max(now, e.nominalAt - this.opts.random() * window);
  }

  private wake(): void {
    this.wakeCtl.abort();
  }
}
