/**
 * Checks the numeric options of a SigmaClient given in code (resolveConfig already validates
 * the CLI's and the config file's). A NaN concurrency would queue every request forever, a NaN
 * or infinite maxRetries would retry forever, and a timeout outside the timer range fires
 * after 1 ms: each is refused up front as a ConfigError.
 */
import { ConfigError } from "../errors.js";
import type { RetryPolicy } from "./transport/retry-policy.js";

/** Largest delay a Node timer honours (about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The numeric options checked. */
export interface NumericClientOptions {
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
  concurrency?: number | undefined;
  retryPolicy?: Partial<RetryPolicy> | undefined;
}

function check(problems: string[], name: string, value: number | undefined, min: number, max: number, integer: boolean): void {
  if (value === undefined) return;
  const ok = typeof value === "number" && Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value));
  if (!ok) problems.push(`${name} must be ${integer ? "a whole number" : "a number"} from ${min} to ${max}, got ${String(value)}`);
}

/** @throws ConfigError naming every out-of-range option. */
export function checkNumericOptions(o: NumericClientOptions): void {
  const problems: string[] = [];
  check(problems, "timeoutMs", o.timeoutMs, 1, MAX_TIMER_MS, false);
  check(problems, "maxRetries", o.maxRetries, 0, 100, true);
  check(problems, "concurrency", o.concurrency, 1, 1024, true);
  const p = o.retryPolicy ?? {};
  check(problems, "retryPolicy.maxRetries", p.maxRetries, 0, 100, true);
  for (const key of ["baseDelayMs", "maxDelayMs", "maxRetryAfterMs", "rateLimitFloorMs"] as const) {
    check(problems, `retryPolicy.${key}`, p[key], 0, MAX_TIMER_MS, false);
  }
  if (problems.length > 0) throw new ConfigError(`invalid client options: ${problems.join("; ")}`);
}
