/**
 * Parses the `sigmactl emulator` flag strings into createEmulator options. Pure: no I/O.
 * Bad input is a UserError (exit 3) with a short message and, where useful, suggestions.
 *
 *   --seed N                       integer (default 1)
 *   --size tiny|small|medium|large|xl
 *   --host H --port P              where to listen (default 127.0.0.1, port 0 = any free port)
 *   --latency MS[:JITTER_MS]       e.g. 50 or 50:20
 *   --rate-limit RPS[:BURST]       e.g. 20 or 20:40
 *   --max-in-flight N
 *   --faults SPEC                  grammar in faults.ts, e.g. 5xx=0.1,429=0.05,slow=0.02:1500
 *   --materialization-time MIN_S:MAX_S   (or one number for a fixed duration)
 *   --materialization-fail-rate P  in [0, 1]
 *   --concurrent-trigger new-job|conflict
 *   --token-ttl SECONDS
 *   --legacy-lists paginated|array
 *   --lineage-ids sigma|legacy     ids in lineage answers (default sigma)
 *   --shape strict|real|chaotic    --shape-seed N    --shape-rate P in [0, 1]
 *   --control-token TOKEN          token for /__emulator/ routes (default: generated off loopback)
 */
import { closest } from "fastest-levenshtein";
import { UserError } from "../errors.js";
import { parseFaultSpec } from "./faults.js";
import type { EmulatorOptions } from "./options.js";
import type { OrgSize } from "./org/types.js";
import { SHAPES } from "./shape/modes.js";

/** Flag values as commander hands them over (strings, all optional). */
export interface EmulatorCliFlags {
  seed?: string | undefined;
  size?: string | undefined;
  host?: string | undefined;
  port?: string | undefined;
  latency?: string | undefined;
  rateLimit?: string | undefined;
  maxInFlight?: string | undefined;
  faults?: string | undefined;
  materializationTime?: string | undefined;
  materializationFailRate?: string | undefined;
  concurrentTrigger?: string | undefined;
  tokenTtl?: string | undefined;
  legacyLists?: string | undefined;
  lineageIds?: string | undefined;
  shape?: string | undefined;
  shapeSeed?: string | undefined;
  shapeRate?: string | undefined;
  controlToken?: string | undefined;
}

const SIZES: readonly OrgSize[] = ["tiny", "small", "medium", "large", "xl"];

function num(flag: string, text: string, ok: (n: number) => boolean, expected: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || !ok(n)) throw new UserError(`--${flag}: expected ${expected}, got '${text}'.`);
  return n;
}

const nonNegative = (n: number) => n >= 0;
const positiveInt = (n: number) => Number.isInteger(n) && n >= 1;

function pair(flag: string, text: string, format: string): [string, string | undefined] {
  const parts = text.split(":");
  if (parts.length > 2) throw new UserError(`--${flag}: expected ${format}, got '${text}'.`);
  return [parts[0] as string, parts[1]];
}

function oneOf<T extends string>(flag: string, text: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(text)) return text as T;
  throw new UserError(`--${flag}: expected one of ${allowed.join(", ")}, got '${text}'.`, {
    suggestions: [`--${flag} ${closest(text, [...allowed])}`],
  });
}

/** Turns CLI flags into createEmulator options (always listening). Throws UserError on bad input. */
export function parseEmulatorFlags(flags: EmulatorCliFlags): EmulatorOptions {
  const o: EmulatorOptions = {};
  if (flags.seed !== undefined) o.seed = num("seed", flags.seed, (n) => Number.isSafeInteger(n), "an integer");
  if (flags.size !== undefined) o.size = oneOf("size", flags.size, SIZES);
  const port = flags.port === undefined ? 0 : num("port", flags.port, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, "a port number 0-65535");
  const host = flags.host ?? "127.0.0.1";
  if (host.trim() === "") throw new UserError("--host: expected a host name or address.");
  o.listen = { host, port };
  if (flags.latency !== undefined) {
    const [ms, jitter] = pair("latency", flags.latency, "MS[:JITTER_MS]");
    o.latency = { ms: num("latency", ms, nonNegative, "MS[:JITTER_MS] with non-negative numbers") };
    if (jitter !== undefined) o.latency.jitterMs = num("latency", jitter, nonNegative, "MS[:JITTER_MS] with non-negative numbers");
  }
  if (flags.rateLimit !== undefined) {
    const [rps, burst] = pair("rate-limit", flags.rateLimit, "RPS[:BURST]");
    o.rateLimit = { rps: num("rate-limit", rps, (n) => n > 0, "RPS[:BURST] with RPS > 0") };
    if (burst !== undefined) o.rateLimit.burst = num("rate-limit", burst, positiveInt, "RPS[:BURST] with a whole BURST >= 1");
  }
  if (flags.maxInFlight !== undefined) o.maxInFlight = num("max-in-flight", flags.maxInFlight, positiveInt, "a positive integer");
  if (flags.faults !== undefined) {
    try {
      o.faults = parseFaultSpec(flags.faults);
    } catch (err) {
      throw new UserError(`--faults: ${(err as Error).message}.`, {
        suggestions: ["--faults 5xx=0.1,429=0.05,reset=0.01,slow=0.02:1500,revoke=0.001,retry-after=0.5"],
      });
    }
  }
  if (flags.materializationTime !== undefined) {
    const [min, max = min] = pair("materialization-time", flags.materializationTime, "MIN_S:MAX_S");
    const range: [number, number] = [
      num("materialization-time", min, nonNegative, "MIN_S:MAX_S in seconds"),
      num("materialization-time", max, nonNegative, "MIN_S:MAX_S in seconds"),
    ];
    if (range[1] < range[0]) throw new UserError(`--materialization-time: MIN_S must not exceed MAX_S, got '${flags.materializationTime}'.`);
    o.materializationTime = range;
  }
  if (flags.materializationFailRate !== undefined) {
    o.materializationFailRate = num("materialization-fail-rate", flags.materializationFailRate, (n) => n >= 0 && n <= 1, "a number between 0 and 1");
  }
  if (flags.concurrentTrigger !== undefined) o.concurrentTrigger = oneOf("concurrent-trigger", flags.concurrentTrigger, ["new-job", "conflict"] as const);
  if (flags.tokenTtl !== undefined) o.tokenTtlSeconds = num("token-ttl", flags.tokenTtl, positiveInt, "a whole number of seconds >= 1");
  if (flags.legacyLists !== undefined) o.legacyLists = oneOf("legacy-lists", flags.legacyLists, ["paginated", "array"] as const);
  if (flags.lineageIds !== undefined) o.lineageIds = oneOf("lineage-ids", flags.lineageIds, ["sigma", "legacy"] as const);
  if (flags.shape !== undefined) o.shape = oneOf("shape", flags.shape, SHAPES);
  if (flags.shapeSeed !== undefined) o.shapeSeed = num("shape-seed", flags.shapeSeed, (n) => Number.isSafeInteger(n), "an integer");
  if (flags.shapeRate !== undefined) o.shapeRate = num("shape-rate", flags.shapeRate, (n) => n >= 0 && n <= 1, "a number between 0 and 1");
  if (flags.controlToken !== undefined) {
    if (flags.controlToken.length < 16) throw new UserError("--control-token: expected at least 16 characters.");
    o.controlToken = flags.controlToken;
  }
  return o;
}
