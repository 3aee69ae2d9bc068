import { describe, expect, it } from "vitest";
import {
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  retryDelay,
  shouldRetry,
} from "../../src/client/transport/retry-policy.js";
import { AbortedError, SigmaConnectionError, SigmaTimeoutError } from "../../src/errors.js";

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const get = { idempotent: true, retryOnStatus: true, retryOn500: true };
const post = { idempotent: false, retryOnStatus: false, retryOn500: true };
const request = { method: "GET", path: "/v2/x" };

describe("parseRetryAfter", () => {
  it("reads delay-seconds, including fractions", () => {
    expect(parseRetryAfter("7", NOW)).toBe(7000);
    expect(parseRetryAfter(" 0.25 ", NOW)).toBe(250);
    expect(parseRetryAfter("0", NOW)).toBe(0);
  });
  it("reads an HTTP date relative to now, and a past date as 0", () => {
    expect(parseRetryAfter(new Date(NOW + 30_000).toUTCString(), NOW)).toBe(30_000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 12:01:00 GMT", NOW)).toBe(60_000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 11:00:00 GMT", NOW)).toBe(0);
  });
  it("ignores absent, empty and unreadable values", () => {
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    expect(parseRetryAfter("", NOW)).toBeUndefined();
    expect(parseRetryAfter("soon", NOW)).toBeUndefined();
    expect(parseRetryAfter("-5", NOW)).toBeUndefined();
  });
});

describe("retryDelay", () => {
  const at = (attempt: number, random: number, extra: Partial<Parameters<typeof retryDelay>[0]> = {}) =>
    retryDelay({ attempt, nowMs: NOW, random: () => random, ...extra });

  it("uses full jitter in [0, base * 2^attempt)", () => {
    expect(at(0, 0)).toBe(0);
    expect(at(0, 0.999)).toBeLessThan(500);
    expect(at(0, 0.999)).toBeGreaterThanOrEqual(499);
    expect(at(3, 0.5)).toBe(2000); // ceiling 4000
    for (let i = 0; i < 50; i++) {
      const d = retryDelay({ attempt: 2, nowMs: NOW, random: Math.random });
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(2000);
    }
  });
  it("caps the ceiling at maxDelayMs", () => {
    expect(at(20, 0.999)).toBeLessThan(DEFAULT_RETRY_POLICY.maxDelayMs);
    expect(at(20, 0.999)).toBeGreaterThan(29_000);
    expect(at(60, 0.5)).toBe(15_000);
  });
  it("honours Retry-After seconds and dates, clamped to 120 s, plus up to a quarter (at most 1 s) of jitter", () => {
    expect(at(0, 0, { status: 503, retryAfter: "3" })).toBe(3000);
    expect(at(0, 0.9, { status: 503, retryAfter: "3" })).toBe(3675);
    expect(at(0, 0, { status: 429, retryAfter: new Date(NOW + 10_000).toUTCString() })).toBe(10_000);
    expect(at(0, 0.9, { status: 429, retryAfter: new Date(NOW + 10_000).toUTCString() })).toBe(10_900);
    expect(at(0, 0, { status: 429, retryAfter: "600" })).toBe(120_000);
    expect(at(0, 0.999, { status: 429, retryAfter: "600" })).toBeLessThan(121_000);
  });
  it("spreads retries refused together (same Retry-After) over a quarter of the wait", () => {
    const waits = new Set(Array.from({ length: 50 }, () => retryDelay({ attempt: 0, status: 429, retryAfter: "2", nowMs: NOW, random: Math.random })));
    expect(waits.size).toBeGreaterThan(10);
    for (const w of waits) expect(w >= 2000 && w < 2500).toBe(true);
  });
  it("waits at least 2 s after a 429 without Retry-After", () => {
    expect(at(0, 0, { status: 429 })).toBe(2000);
    expect(at(0, 0.9, { status: 429 })).toBe(2450);
    expect(at(5, 0.5, { status: 429 })).toBe(8000);
    // An explicit Retry-After below the floor is the server's word and wins.
    expect(at(0, 0, { status: 429, retryAfter: "1" })).toBe(1000);
  });
});

describe("shouldRetry", () => {
  const res = (status: number) => new Response(null, { status });
  const policy = { maxRetries: 3 };

  it("retries 408, 429 and 5xx for idempotent requests, not other statuses", () => {
    for (const s of [408, 429, 500, 502, 503, 504]) expect(shouldRetry(get, res(s), 0, policy)).toBe(true);
    for (const s of [200, 400, 401, 403, 404, 409]) expect(shouldRetry(get, res(s), 0, policy)).toBe(false);
  });
  it("stops at maxRetries", () => {
    expect(shouldRetry(get, res(503), 2, policy)).toBe(true);
    expect(shouldRetry(get, res(503), 3, policy)).toBe(false);
  });
  it("does not retry a 500 marked ordinary, but still retries 502", () => {
    const ordinary = { ...get, retryOn500: false };
    expect(shouldRetry(ordinary, res(500), 0, policy)).toBe(false);
    expect(shouldRetry(ordinary, res(502), 0, policy)).toBe(true);
  });
  it("retries a 500 marked \"once\" a single time (element lineage), other 5xx as usual", () => {
    const lineage = { ...get, retryOn500: "once" as const };
    expect(shouldRetry({ ...lineage, trace: {} }, res(500), 0, policy)).toBe(true);
    expect(shouldRetry({ ...lineage, trace: { retriesAfter500: 1 } }, res(500), 1, policy)).toBe(false);
    expect(shouldRetry({ ...lineage, trace: { retriesAfter500: 1 } }, res(503), 1, policy)).toBe(true);
  });
  it("retries a non-idempotent POST on 429 only (a refusal), never on 408 or 5xx", () => {
    expect(shouldRetry(post, res(429), 0, policy)).toBe(true);
    expect(shouldRetry(post, res(429), 3, policy)).toBe(false);
    for (const s of [408, 500, 502, 503, 504, 400, 409]) expect(shouldRetry(post, res(s), 0, policy)).toBe(false);
  });
  it("retries connection errors when idempotent, or for any method when never sent", () => {
    const sent = new SigmaConnectionError({ request, message: "reset" });
    const neverSent = new SigmaConnectionError({ request, message: "refused", neverSent: true });
    const timeout = new SigmaTimeoutError({ request, message: "slow" });
    expect(shouldRetry(get, sent, 0, policy)).toBe(true);
    expect(shouldRetry(get, timeout, 0, policy)).toBe(true);
    expect(shouldRetry(post, sent, 0, policy)).toBe(false);
    expect(shouldRetry(post, timeout, 0, policy)).toBe(false);
    expect(shouldRetry(post, neverSent, 0, policy)).toBe(true);
  });
  it("never retries a permanent connection error (fetch's blocked ports), whatever the method", () => {
    const blocked = new SigmaConnectionError({ request, message: "bad port", neverSent: true, permanent: true });
    expect(shouldRetry(get, blocked, 0, policy)).toBe(false);
    expect(shouldRetry(post, blocked, 0, policy)).toBe(false);
  });
  it("never retries an abort or an unknown error", () => {
    expect(shouldRetry(get, new AbortedError("x"), 0, policy)).toBe(false);
    expect(shouldRetry(get, new Error("bug"), 0, policy)).toBe(false);
  });
});
