/**
 * Per-client limiter: a fixed bound on requests in flight plus a request *rate* learnt from
 * 429s. Never a module singleton: each SigmaClient owns one, so two clients (or two tests) do
 * not throttle each other.
 *
 * Why a rate and not AIMD on concurrency: Sigma's limit (its Cloudflare edge, sigma-api-facts §6.3) is
 * a request rate. Halving concurrency per 429 collapsed a run under random 429s (8% took a small
 * org from 1.7 s to 51 s) and never converged on a real 100 rps limit. Here:
 *  - each slot is held for one attempt only (the retry layer sits outside this one), so a
 *    retry's back-off never holds a slot;
 *  - answers are judged per *window* (at least `windowAnswers` answers and `windowMs`) of
 *    requests admitted since the last change (the epoch): the rate is decreased at most once
 *    per window, never for 429s of requests sent before the change;
 *  - a decrease sets the pacing rate to 0.9 × the rate Sigma *accepted* in that window (answers
 *    that were not 429, per second: the spacing of the 429s), so the first 429s teach a rate;
 *  - the next window checks that the decrease helped. 429s whose share did not fall with the
 *    rate are not caused by it (random refusals): the decrease is undone and that share is
 *    learnt as noise, which later windows must exceed (binomial margin) to count as "too fast";
 *  - clean windows raise the rate: quickly back to the learnt rate, then probing above it by
 *    1% per window, the step doubling every 4 clean windows while no 429 comes back.
 * Retry-After says when to send the refused request again (the retry layer honours it, with
 * jitter); it is too coarse (whole seconds, often absent) to measure a rate from.
 *
 * Waiters that share a signal (a job's signal across hundreds of queued requests) share one
 * abort listener on it, removed when the last of them leaves the queue: one listener per
 * waiter would pile up on a long-lived signal (MaxListenersExceededWarning).
 */
import { abortError, sleep } from "./sleep.js";
import type { Clock } from "./types.js";

/** Options of {@link AdaptiveLimiter}. */
export interface LimiterOptions {
  /** Maximum requests in flight (default 8). */
  concurrency?: number | undefined;
  /** Time source of the pacing and of the windows (default: Date.now and timers). */
  clock?: Clock | undefined;
  /** Least answers in a judging window (default 20). */
  windowAnswers?: number | undefined;
  /** Least duration of a judging window in ms (default 500). */
  windowMs?: number | undefined;
}

/** Observable state of a limiter. */
export interface LimiterCounters {
  /** Current bound on requests in flight (the configured concurrency). */
  limit: number;
  /** Configured maximum concurrency. */
  maxLimit: number;
  inFlight: number;
  peakInFlight: number;
  /** Requests waiting for a slot or for their turn in the pacing. */
  queued: number;
  /** 429 answers seen. */
  rateLimited: number;
  /** Pacing rate in requests per second; null while unpaced (no 429 has asked for one). */
  rate: number | null;
  /** 429 share learnt as noise (refusals that slowing down does not reduce). */
  noiseShare: number;
  /** Times the rate was lowered. */
  decreases: number;
  /** Times the rate was raised. */
  increases: number;
  /** Decreases undone because the 429s did not respond to them. */
  undone: number;
}

interface Waiter {
  resolve: (epoch: number) => void;
  reject: (err: unknown) => void;
  signal: AbortSignal | undefined;
}

/** The one abort listener of a signal and the waiters it cancels. */
interface SignalWatch {
  waiters: Set<Waiter>;
  onAbort: () => void;
}

/** Answers of requests admitted in the current epoch, since the window opened. */
interface Window {
  startedAt: number;
  sends: number;
  answers: number;
  limited: number;
}

/** A decrease under test: what to restore if the 429s do not respond to it. */
interface Probe {
  previousRate: number;
  shareBefore: number;
}

/** Lowest pacing rate (requests per second): a floor so a run always moves. */
const MIN_RATE = 0.5;
/** A decrease paces at this share of the accepted rate. */
const DECREASE = 0.9;
/** Early decision: this many 429s at this share of a window's answers is no noise. */
const EARLY_LIMITED = 6;
const EARLY_SHARE = 0.4;
/** The accepted rate is measured over this span (or since the first answer). */
const ACCEPTED_SPAN_MS = 1_000;
const MAX_ACCEPTED_KEPT = 20_000;
/** Shares above this are overload, never learnt as noise. */
const MAX_NOISE = 0.3;

/** Bounds requests in flight and paces them at a rate learnt from 429 answers. */
export class AdaptiveLimiter {
  private readonly maxLimit: number;
  private readonly clock: Clock;
  private readonly windowAnswers: number;
  private readonly windowMs: number;
  private inFlight = 0;
  private peak = 0;
  private epoch = 0;
  private rate = Infinity;
  /** Earliest clock time of the next admission while paced. */
  private nextAt = 0;
  private timerPending = false;
  private window: Window;
  private probe: Probe | undefined;
  /** Accepted rate (noise corrected) at the last decrease that held. */
  private learnt: number | undefined;
  private noise = 0;
  /** Clock times of recent answers that were not 429 (the accepted rate). */
  private readonly acceptedAt: number[] = [];
  /** Index of the oldest entry of acceptedAt still inside the span. */
  private acceptedHead = 0;
  private firstAnswerAt: number | undefined;
  private cleanStreak = 0;
  private rateLimited = 0;
  private decreases = 0;
  private increases = 0;
  private undone = 0;
  private readonly queue: Waiter[] = [];
  private readonly watches = new Map<AbortSignal, SignalWatch>();

  constructor(options: LimiterOptions = {}) {
    this.maxLimit = Math.max(1, Math.floor(options.concurrency ?? 8));
    this.clock = options.clock ?? { now: () => Date.now(), sleep };
    this.windowAnswers = Math.max(1, Math.floor(options.windowAnswers ?? 20));
    this.windowMs = Math.max(0, options.windowMs ?? 500);
    this.window = this.openWindow();
  }

  /** Waits for a slot and for the pacing; resolves with the epoch the request was admitted in. */
  acquire(signal?: AbortSignal): Promise<number> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (this.queue.length === 0 && this.inFlight < this.maxLimit && this.clock.now() >= this.nextAt) return Promise.resolve(this.admit());
    return new Promise<number>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      if (signal) this.watch(signal, waiter);
      this.queue.push(waiter);
      this.drain();
    });
  }

  /** Frees a slot taken by {@link acquire}. */
  release(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.drain();
  }

  /** Records a 429 for a request admitted in `epoch`. */
  onRateLimited(epoch: number | undefined): void {
    this.rateLimited += 1;
    this.answer(epoch, true);
  }

  /** Records an answer that was not a 429 for a request admitted in `epoch`. */
  onSuccess(epoch?: number): void {
    this.answer(epoch, false);
  }

  /** A snapshot of the counters. */
  counters(): LimiterCounters {
    return {
      limit: this.maxLimit,
      maxLimit: this.maxLimit,
      inFlight: this.inFlight,
      peakInFlight: this.peak,
      queued: this.queue.length,
      rateLimited: this.rateLimited,
      rate: Number.isFinite(this.rate) ? Math.round(this.rate * 100) / 100 : null,
      noiseShare: Math.round(this.noise * 1000) / 1000,
      decreases: this.decreases,
      increases: this.increases,
      undone: this.undone,
    };
  }

  /** Answers that were not 429 per second, over the last ACCEPTED_SPAN_MS (all epochs). */
  private acceptedRate(now: number): number {
    const times = this.acceptedAt;
    while (this.acceptedHead < times.length && times[this.acceptedHead]! <= now - ACCEPTED_SPAN_MS) this.acceptedHead += 1;
    const span = Math.min(ACCEPTED_SPAN_MS, Math.max(now - (this.firstAnswerAt ?? now), 1));
    return ((times.length - this.acceptedHead) * 1000) / span;
  }

  private answer(epoch: number | undefined, limited: boolean): void {
    const now = this.clock.now();
    this.firstAnswerAt ??= now;
    if (!limited) {
      this.acceptedAt.push(now);
      // Compact now and then rather than shift() per answer (O(n) each).
      if (this.acceptedAt.length > MAX_ACCEPTED_KEPT) {
        this.acceptedAt.splice(0, Math.max(this.acceptedHead, this.acceptedAt.length - MAX_ACCEPTED_KEPT / 2));
        this.acceptedHead = 0;
      }
    }
    // Answers to requests sent before the last change say nothing about the current rate.
    if (epoch !== undefined && epoch !== this.epoch) return;
    const w = this.window;
    w.answers += 1;
    if (limited) w.limited += 1;
    const early = w.limited >= EARLY_LIMITED && w.limited >= EARLY_SHARE * w.answers;
    if (early || (w.answers >= this.windowAnswers && now - w.startedAt >= this.windowMs)) this.judge(now);
  }

  /** Closes the window: undo a decrease that did not help, decrease when too fast, else increase. */
  private judge(now: number): void {
    const w = this.window;
    const elapsedS = Math.max(now - w.startedAt, 1) / 1000;
    const share = w.limited / w.answers;
    const probe = this.probe;
    this.probe = undefined;
    if (probe && probe.shareBefore <= MAX_NOISE && share >= 0.6 * probe.shareBefore) {
      // Slower sending left the share of 429s where it was: they are not about our rate.
      this.noise = Math.min(MAX_NOISE, Math.max(this.noise, (share + probe.shareBefore) / 2));
      this.rate = probe.previousRate;
      this.undone += 1;
      this.restart(now, true);
      return;
    }
    if (w.limited > this.threshold(w.answers)) {
      // The lower of the window's own accepted rate and the last second's: a server's burst
      // allowance inflates the latter at first, a short window's noise the former.
      const accepted = Math.min(this.acceptedRate(now), (w.answers - w.limited) / elapsedS) / (1 - this.noise);
      const sending = Math.min(this.rate, w.sends / elapsedS);
      this.learnt = Math.max(MIN_RATE, accepted);
      this.probe = { previousRate: this.rate, shareBefore: share };
      // At most a halving per window (a quarter when most answers are 429s): a short window
      // can under-measure the accepted rate.
      const floor = sending * (share >= 0.5 ? 0.25 : 0.5);
      this.rate = Math.max(MIN_RATE, Math.min(this.rate, Math.max(DECREASE * accepted, floor)));
      this.decreases += 1;
      this.cleanStreak = 0;
      this.restart(now, true);
      return;
    }
    // A clean window: forget noise slowly (faults come and go; only an undone decrease raises
    // it, or a margin that grew with every clean window would let the 429s grow too) and raise the rate.
    this.noise = Math.min(this.noise, this.noise * 0.9 + share * 0.1);
    if (this.noise < 0.001) this.noise = 0;
    const sendRate = w.sends / elapsedS;
    if (Number.isFinite(this.rate) && this.rate <= 2 * sendRate) {
      const learnt = this.learnt ?? this.rate;
      if (this.rate < learnt) this.rate = Math.min(learnt, this.rate * 1.1);
      else {
        // Probe above the learnt rate: +1% per window, doubling every 4 clean windows.
        this.rate += Math.max(learnt, this.rate) * 0.01 * 2 ** Math.min(Math.floor(this.cleanStreak / 4), 5);
        this.cleanStreak += 1;
      }
      this.increases += 1;
    }
    this.restart(now, false);
    this.drain();
  }

  /** Most 429s a window of `n` answers may hold at the noise share without counting as "too fast". */
  private threshold(n: number): number {
    const p = this.noise;
    return n * p + 2 * Math.sqrt(n * p * (1 - p)) + 1;
  }

  private restart(now: number, newEpoch: boolean): void {
    if (newEpoch) this.epoch += 1;
    this.window = this.openWindow(now);
  }

  private openWindow(now = this.clock.now()): Window {
    return { startedAt: now, sends: 0, answers: 0, limited: 0 };
  }

  private admit(): number {
    this.inFlight += 1;
    this.peak = Math.max(this.peak, this.inFlight);
    this.window.sends += 1;
    if (Number.isFinite(this.rate)) {
      const interval = 1000 / this.rate;
      // One interval of slack makes up for a timer that fired late, without allowing a burst.
      this.nextAt = Math.max(this.nextAt, this.clock.now() - interval) + interval;
    }
    return this.epoch;
  }

  private drain(): void {
    while (this.queue.length > 0 && this.inFlight < this.maxLimit) {
      const now = this.clock.now();
      if (now < this.nextAt) {
        this.wakeAt(this.nextAt - now);
        return;
      }
      const w = this.queue.shift();
      if (!w) break;
      this.unwatch(w);
      w.resolve(this.admit());
    }
  }

  /** One pacing timer at a time; it drains the queue when it fires. */
  private wakeAt(ms: number): void {
    if (this.timerPending) return;
    this.timerPending = true;
    void this.clock.sleep(ms).then(
      () => {
        this.timerPending = false;
        this.drain();
      },
      () => {
        this.timerPending = false;
      },
    );
  }

  /** Adds `waiter` to the watch of its signal, adding the listener for the first one. */
  private watch(signal: AbortSignal, waiter: Waiter): void {
    let watch = this.watches.get(signal);
    if (!watch) {
      const w: SignalWatch = {
        waiters: new Set(),
        onAbort: () => {
          this.watches.delete(signal);
          for (let i = this.queue.length - 1; i >= 0; i--) {
            const x = this.queue[i];
            if (x && w.waiters.has(x)) this.queue.splice(i, 1);
          }
          const err = abortError(signal);
          for (const x of w.waiters) x.reject(err);
        },
      };
      watch = w;
      this.watches.set(signal, watch);
      signal.addEventListener("abort", watch.onAbort, { once: true });
    }
    watch.waiters.add(waiter);
  }

  /** Drops `waiter` from its signal's watch, removing the listener with the last one. */
  private unwatch(waiter: Waiter): void {
    const signal = waiter.signal;
    const watch = signal ? this.watches.get(signal) : undefined;
    if (!signal || !watch) return;
    watch.waiters.delete(waiter);
    if (watch.waiters.size > 0) return;
    this.watches.delete(signal);
    signal.removeEventListener("abort", watch.onAbort);
  }
}
