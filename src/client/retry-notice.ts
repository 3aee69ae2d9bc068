/**
 * Says when a retry makes the caller wait: after a 429 the client waits at least 2 s (longer
 * with Retry-After), which without a word looks like a hang. One info line per long wait
 * (info so that --quiet hides it, the CLI's quiet level being warn), at most one per
 * NOTICE_INTERVAL_MS per client so a burst of 429s across parallel requests is one line.
 */
import type { Logger } from "./logger.js";

/** Waits shorter than this are not announced (ordinary backoff). */
export const NOTICE_MIN_DELAY_MS = 2_000;
/** At most one notice per this many milliseconds per client. */
export const NOTICE_INTERVAL_MS = 10_000;

/** One retry about to wait. */
export interface RetryNoticeInfo {
  method: string;
  path: string;
  delayMs: number;
  /** Why: a status (`429`) or a short error description. */
  reason: string;
  /** Number of the attempt that will follow the wait (2 = first retry). */
  nextAttempt: number;
  /** First attempt plus retries allowed. */
  maxAttempts: number;
}

/** Announces long retry waits through a logger, throttled on a clock. */
export class RetryNotifier {
  private lastAt: number | undefined;
  private suppressed = 0;

  constructor(
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  /** Logs `retrying GET /v2/x in 4.2 s after 429 (attempt 2/6)` unless too short or too soon. */
  onRetry(info: RetryNoticeInfo): void {
    if (info.delayMs < NOTICE_MIN_DELAY_MS) return;
    const t = this.now();
    if (this.lastAt !== undefined && t - this.lastAt < NOTICE_INTERVAL_MS) {
      this.suppressed += 1;
      return;
    }
    const others = this.suppressed > 0 ? `; ${this.suppressed} other ${this.suppressed === 1 ? "wait" : "waits"} not shown` : "";
    this.lastAt = t;
    this.suppressed = 0;
    const seconds = (info.delayMs / 1000).toFixed(1);
    this.logger.info(
      `retrying ${info.method} ${info.path} in ${seconds} s after ${info.reason} (attempt ${info.nextAttempt}/${info.maxAttempts}${others})`,
    );
  }
}
