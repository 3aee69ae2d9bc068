/**
 * Per-client adaptive concurrency limiter (AIMD). Never a module singleton: each SigmaClient
 * owns one, so two clients (or two tests) do not throttle each other.
 *
 * A 429 halves the effective concurrency, once per "epoch": requests admitted before the cut
 * were sent under the old limit, so their 429s do not cut again. Every `recoverAfter`
 * successes raise the limit by one, up to the configured maximum.
 *
 * Waiters that share a signal (a job's signal across hundreds of queued requests) share one
 * abort listener on it, removed when the last of them leaves the queue: one listener per
 * waiter would pile up on a long-lived signal (MaxListenersExceededWarning).
 */
import { abortError } from "./sleep.js";

/** Options of {@link AdaptiveLimiter}. */
export interface LimiterOptions {
  /** Maximum requests in flight (default 8). */
  concurrency?: number;
  /** Successes needed to raise the limit by one after a cut (default 10). */
  recoverAfter?: number;
}

/** Observable state of a limiter. */
export interface LimiterCounters {
  /** Current effective concurrency. */
  limit: number;
  /** Configured maximum concurrency. */
  maxLimit: number;
  inFlight: number;
  peakInFlight: number;
  /** Requests waiting for a slot. */
  queued: number;
  /** 429 answers seen. */
  rateLimited: number;
  /** Times the limit was halved. */
  decreases: number;
  /** Times the limit was raised. */
  increases: number;
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

/** Bounds requests in flight and adapts the bound to 429 answers. */
export class AdaptiveLimiter {
  private readonly maxLimit: number;
  private readonly recoverAfter: number;
  private limit: number;
  private inFlight = 0;
  private peak = 0;
  private epoch = 0;
  private successes = 0;
  private rateLimited = 0;
  private decreases = 0;
  private increases = 0;
  private readonly queue: Waiter[] = [];
  private readonly watches = new Map<AbortSignal, SignalWatch>();

  constructor(options: LimiterOptions = {}) {
    this.maxLimit = Math.max(1, Math.floor(options.concurrency ?? 8));
    this.recoverAfter = Math.max(1, Math.floor(options.recoverAfter ?? 10));
    this.limit = this.maxLimit;
  }

  /** Waits for a slot; resolves with the epoch the request was admitted in. */
  acquire(signal?: AbortSignal): Promise<number> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (this.queue.length === 0 && this.inFlight < this.limit) return Promise.resolve(this.admit());
    return new Promise<number>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      if (signal) this.watch(signal, waiter);
      this.queue.push(waiter);
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
    this.successes = 0;
    if (epoch !== undefined && epoch !== this.epoch) return;
    this.epoch += 1;
    const next = Math.max(1, Math.floor(this.limit / 2));
    if (next < this.limit) {
      this.limit = next;
      this.decreases += 1;
    }
  }

  /** Records an answer that was not a 429. */
  onSuccess(): void {
    if (this.limit >= this.maxLimit) return;
    this.successes += 1;
    if (this.successes >= this.recoverAfter) {
      this.successes = 0;
      this.limit += 1;
      this.increases += 1;
      this.drain();
    }
  }

  /** A snapshot of the counters. */
  counters(): LimiterCounters {
    return {
      limit: this.limit,
      maxLimit: this.maxLimit,
      inFlight: this.inFlight,
      peakInFlight: this.peak,
      queued: this.queue.length,
      rateLimited: this.rateLimited,
      decreases: this.decreases,
      increases: this.increases,
    };
  }

  private admit(): number {
    this.inFlight += 1;
    this.peak = Math.max(this.peak, this.inFlight);
    return this.epoch;
  }

  private drain(): void {
    while (this.queue.length > 0 && this.inFlight < this.limit) {
      const w = this.queue.shift();
      if (!w) break;
      this.unwatch(w);
      w.resolve(this.admit());
    }
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
