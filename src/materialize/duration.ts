/**
 * Parsing of human durations for --timeout, --job-timeout and --poll-interval:
 * `90` (seconds), `500ms`, `30s`, `15m`, `1h`, `1h30m`.
 */
import { UserError } from "../errors.js";

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses a duration into milliseconds; a bare number means seconds. Throws UserError when invalid. */
export function parseDuration(text: string, flag = "duration"): number {
  const t = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  const parts = [...t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  const consumed = parts.map((p) => p[0]).join("");
  if (parts.length === 0 || consumed !== t) {
    throw new UserError(`${flag}: cannot read "${text}" as a duration`, {
      suggestions: ["use e.g. 90s, 15m, 1h, 500ms, or a number of seconds"],
    });
  }
  return Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * (UNIT_MS[p[2] as string] ?? 0), 0));
}

/** Bounds of the adaptive poll interval. */
export interface PollIntervalBounds {
  minMs: number;
  maxMs: number;
}

/** Default poll interval: start at 1 s, grow to 15 s. */
export const DEFAULT_POLL_INTERVAL: PollIntervalBounds = { minMs: 1000, maxMs: 15_000 };

/**
 * Parses `--poll-interval MIN[:MAX]`. With MIN alone the cap stays at the default unless MIN
 * exceeds it, in which case polling is fixed at MIN.
 */
export function parsePollInterval(text: string): PollIntervalBounds {
  const [minText, maxText, extra] = text.split(":");
  if (minText === undefined || minText === "" || extra !== undefined) {
    throw new UserError(`--poll-interval: expected MIN or MIN:MAX, got "${text}"`);
  }
  const minMs = parseDuration(minText, "--poll-interval");
  const maxMs = maxText === undefined ? Math.max(minMs, DEFAULT_POLL_INTERVAL.maxMs) : parseDuration(maxText, "--poll-interval");
  if (minMs < 100) throw new UserError(`--poll-interval: minimum must be at least 100ms, got "${minText}"`);
  if (maxMs < minMs) throw new UserError(`--poll-interval: MAX (${maxText}) is smaller than MIN (${minText})`);
  return { minMs, maxMs };
}

/** Short human rendering: 850ms, 1.4s, 12s, 3m05s, 1h02m. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 10_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)}s`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}
