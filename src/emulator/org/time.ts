/**
 * Deterministic timestamps: every date in the org is the fixed epoch minus a seeded offset,
 * rendered as ISO-8601 UTC with milliseconds (Sigma's format). Never reads the clock.
 */
import type { Rng } from "./rng.js";

/** The organisation's "now": nothing generated is later than this (mutations move past it). */
export const EPOCH_MS = Date.UTC(2026, 0, 1, 0, 0, 0, 0);

const DAY_MS = 86_400_000;

/** Milliseconds since 1970 as Sigma renders timestamps, e.g. "2025-03-04T12:30:01.123Z". */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A created/updated pair: created up to `maxAgeDays` before the epoch, updated between created and the epoch. */
export function createdUpdated(rng: Rng, maxAgeDays: number, notBeforeMs = 0): { createdMs: number; updatedMs: number } {
  const earliest = Math.max(notBeforeMs, EPOCH_MS - maxAgeDays * DAY_MS);
  const createdMs = earliest + Math.floor(rng.next() * Math.max(0, EPOCH_MS - earliest - 60_000));
  // Most documents were touched recently; some are stale.
  const span = EPOCH_MS - createdMs;
  const updatedMs = createdMs + Math.floor(span * (rng.chance(0.6) ? 0.7 + 0.3 * rng.next() : rng.next()));
  return { createdMs, updatedMs };
}

/** A moment between `fromMs` and the epoch. */
export function between(rng: Rng, fromMs: number, toMs = EPOCH_MS): number {
  return fromMs + Math.floor(rng.next() * Math.max(0, toMs - fromMs));
}
