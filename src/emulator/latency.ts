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

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
