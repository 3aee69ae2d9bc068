/**
 * The emulator's notion of "now". Token expiry, rate-limit refill, materialization progress
 * and timestamps all read it, so a test can move time forward instead of sleeping.
 * (Injected latency and slow faults still use real timers: they simulate the network.)
 */

/** Source of the current time in epoch milliseconds. */
export interface Clock {
  now(): number;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to (tests). */
export class ManualClock implements Clock {
  private current: number;

  constructor(startMs = Date.UTC(2026, 10, 22, 12, 0, 0)) {
    this.current = startMs;
  }

  /** Current time in epoch milliseconds. */
  now(): number {
    return this.current;
  }

  /** Moves time forward by `ms` (negative values are refused: time never goes back). */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`ManualClock.advance: ms must be >= 0, got ${ms}`);
    this.current += ms;
  }

  /** Moves time forward by `seconds`. */
  advanceSeconds(seconds: number): void {
    this.advance(seconds * 1000);
  }
}

/** ISO-8601 UTC with milliseconds, as Sigma writes timestamps. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
