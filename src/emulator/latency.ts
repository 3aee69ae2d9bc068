/**
 * Injected network latency: every API answer (not /__emulator/) waits `ms` plus a seeded
 * uniform jitter in [0, jitterMs). Real timers, not the emulator clock: it simulates the wire.
 */
import { Rng as Prng } from "./org/rng.js";

/** Latency configuration; `{ms: 0}` = off. */
export interface LatencyOptions {
  ms: number;
  jitterMs?: number;
}

/** Validates a latency configuration (RangeError on negative or non-finite values). */
export function checkLatency(latency: LatencyOptions): LatencyOptions {
  const jitterMs = latency.jitterMs ?? 0;
  if (!Number.isFinite(latency.ms) || latency.ms < 0) throw new RangeError(`latency.ms must be >= 0, got ${latency.ms}`);
  if (!Number.isFinite(jitterMs) || jitterMs < 0) throw new RangeError(`latency.jitterMs must be >= 0, got ${jitterMs}`);
  return { ms: latency.ms, jitterMs };
}

/** Draws per-request delays from its own stream. */
export class LatencyModel {
  private config: LatencyOptions = { ms: 0, jitterMs: 0 };
  private prng: Prng;

  constructor(private readonly seed: number, latency?: LatencyOptions) {
    this.prng = new Prng(seed, "latency");
    if (latency) this.set(latency);
  }

  /** Replaces the configuration and restarts the jitter stream. */
  set(latency: LatencyOptions): void {
    this.config = checkLatency(latency);
    this.prng = new Prng(this.seed, "latency");
  }

  /** The active configuration. */
  current(): LatencyOptions {
    return { ...this.config };
  }

  /** Delay for the next request in milliseconds (0 when off). */
  nextDelay(): number {
    const jitter = this.config.jitterMs ?? 0;
    if (this.config.ms === 0 && jitter === 0) return 0;
    return this.config.ms + (jitter > 0 ? this.prng.next() * jitter : 0);
  }
}

/**
 * How early a delay may end. libuv timers have 1 ms steps, so waiting out every last fraction
 * would overshoot by about 1 ms instead; within half a millisecond the mean lands at or just
 * above `ms` (25.3-25.5 ms for 25 ms under an extraction's load: `answerTime` in the stats).
 */
const EARLY_OK_MS = 0.5;

/**
 * Resolves `ms` after the call (never more than {@link EARLY_OK_MS} early), or rejects with the
 * signal's reason when it aborts first. A timer alone fires early: libuv measures it from the
 * loop's cached clock, which on a busy loop lags the real one (by 0.5 ms on average under an
 * extraction's load, so a "25 ms" answer came in 24.5 ms and flattered every client measured
 * against it). It is re-armed for what is left.
 */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  const until = performance.now() + ms;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    let timer: ReturnType<typeof setTimeout>;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const arm = (left: number) => {
      timer = setTimeout(() => {
        const rest = until - performance.now();
        if (rest > EARLY_OK_MS) return arm(rest);
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, left);
    };
    arm(ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
