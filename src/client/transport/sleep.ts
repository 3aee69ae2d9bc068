/** Timer-based sleep and signal helpers shared by the layers. */
import { AbortedError } from "../../errors.js";
import type { Clock } from "./types.js";

/** Builds the AbortedError for a signal, keeping its reason as the cause. */
export function abortError(signal: AbortSignal | undefined, what = "request"): AbortedError {
  const reason: unknown = signal?.reason;
  if (reason instanceof AbortedError) return reason;
  return new AbortedError(`${what} cancelled`, { cause: reason });
}

/** Resolves after `ms` milliseconds; rejects with AbortedError if `signal` aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal, "wait"));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal, "wait"));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Races `promise` against `signal`: the caller stops waiting, the shared work goes on. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined, what?: string): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError(signal, what));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal, what));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

/** The real clock: Date.now and timers. */
export const systemClock: Clock = { now: () => Date.now(), sleep };
