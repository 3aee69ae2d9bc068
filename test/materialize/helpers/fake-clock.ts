/**
 * A virtual clock for tests: sleeps never wait for real time. Whenever the process is idle
 * (no pending microtasks, checked with setImmediate), time jumps to the earliest sleeper.
 */
import type { Clock } from "../../../src/materialize/clock.js";

interface Timer {
  at: number;
  resolve: () => void;
}

/** A Clock whose time only moves when every sleeper is waiting. */
export class FakeClock implements Clock {
  private t: number;
  private timers: Timer[] = [];
  private scheduled = false;
  /** Every sleep duration requested, in order (for assertions). */
  readonly sleeps: number[] = [];

  constructor(start = Date.UTC(2026, 10, 22, 9, 0, 0)) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const timer: Timer = { at: this.t + Math.max(0, ms), resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        "abort",
        () => {
          this.timers = this.timers.filter((x) => x !== timer);
          resolve();
        },
        { once: true },
      );
      this.schedule();
    });
  }

  /** Moves time forward by hand (for code that reads now() without sleeping). */
  advance(ms: number): void {
    this.t += ms;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // Two turns of the event loop so promise chains started by the last wake-up settle first.
    setImmediate(() =>
      setImmediate(() => {
        this.scheduled = false;
        if (this.timers.length === 0) return;
        this.timers.sort((a, b) => a.at - b.at);
        const next = this.timers[0] as Timer;
        this.t = Math.max(this.t, next.at);
        const ready = this.timers.filter((x) => x.at <= this.t);
        this.timers = this.timers.filter((x) => x.at > this.t);
        for (const x of ready) x.resolve();
        if (this.timers.length > 0) this.schedule();
      }),
    );
  }
}
