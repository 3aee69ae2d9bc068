/**
 * createEmulator options, their defaults and validation. Programmatic misuse throws
 * RangeError/TypeError (the emulator keeps out of sigmactl's error hierarchy; the CLI parser
 * in cli-options.ts turns flag mistakes into UserError).
 */
import type { Clock } from "./clock.js";
import { resolveControlToken } from "./control-access.js";
import type { FaultSpec } from "./faults.js";
import type { LatencyOptions } from "./latency.js";
import type { RateLimitOptions } from "./limits.js";
import type { ConcurrentTrigger } from "./materialization.js";
import type { OrgProvider } from "./org-provider.js";
import type { LegacyListMode } from "./pagination.js";
import type { Org, OrgSize } from "./org/types.js";

/** Options of {@link createEmulator}; every field is optional. */
export interface EmulatorOptions {
  /** Seed of the organisation, credentials and every random stream (default 1). */
  seed?: number;
  /** Organisation size (default "small"). */
  size?: OrgSize;
  /** Access-token lifetime in seconds of emulator clock (default 3600, like Sigma). */
  tokenTtlSeconds?: number;
  /** Added delay on every API answer (default off). */
  latency?: LatencyOptions;
  /** Per-client token bucket answering 429 (default off). */
  rateLimit?: RateLimitOptions;
  /** Requests in flight above this answer 429 (default unlimited). */
  maxInFlight?: number;
  /** Fault rules, as an object or a spec string (see faults.ts; default none). */
  faults?: FaultSpec | string;
  /** [min, max] materialization duration in seconds (default [2, 8]). */
  materializationTime?: [number, number];
  /** Share of materialization runs that fail (default 0). */
  materializationFailRate?: number;
  /** Trigger while running: start another job (default) or answer 409 conflict. */
  concurrentTrigger?: ConcurrentTrigger;
  /** Serve on a loopback port: true = 127.0.0.1 on a free port (default false: in-process only). */
  listen?: boolean | { host?: string; port?: number };
  /** Legacy /v2 lists without `limit`: "paginated" (Sigma after 2026-06-02, default) or "array". */
  legacyLists?: LegacyListMode;
  /** Source of "now" (default the wall clock); pass a ManualClock in tests. */
  clock?: Clock;
  /** Serve this organisation instead of generating one (tests, fixtures). */
  org?: Org;
  /** Generator functions (default: the ones in src/emulator/org). */
  orgProvider?: OrgProvider;
  /** Sink for the emulator's own diagnostics (default: stderr). */
  log?: (line: string) => void;
  /**
   * Token required on /__emulator/ control routes (see control-access.ts): a string (16+
   * characters), true to generate one, false for none. Default: generated when listening on a
   * non-loopback address (e.g. 0.0.0.0), none otherwise.
   */
  controlToken?: string | boolean;
}

/** Options with defaults applied. */
export interface ResolvedOptions {
  seed: number;
  size: OrgSize;
  tokenTtlSeconds: number;
  latency: LatencyOptions;
  rateLimit: RateLimitOptions | undefined;
  maxInFlight: number | undefined;
  faults: FaultSpec | string | undefined;
  materializationTime: [number, number];
  materializationFailRate: number;
  concurrentTrigger: ConcurrentTrigger;
  listen: { host: string; port: number } | undefined;
  legacyLists: LegacyListMode;
  log: (line: string) => void;
  /** Required on control routes when set. */
  controlToken: string | undefined;
}

const SIZES: readonly OrgSize[] = ["tiny", "small", "medium", "large", "xl"];

function check(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(`createEmulator: ${message}`);
}

/** Applies defaults and validates. */
export function resolveOptions(o: EmulatorOptions): ResolvedOptions {
  const seed = o.seed ?? 1;
  check(Number.isSafeInteger(seed), `seed must be an integer, got ${seed}`);
  const size = o.size ?? "small";
  check(SIZES.includes(size), `size must be one of ${SIZES.join(", ")}, got ${String(size)}`);
  const ttl = o.tokenTtlSeconds ?? 3600;
  check(Number.isFinite(ttl) && ttl > 0, `tokenTtlSeconds must be > 0, got ${ttl}`);
  const time = o.materializationTime ?? [2, 8];
  check(time.length === 2 && time[0] >= 0 && time[1] >= time[0], `materializationTime must be [min, max] with 0 <= min <= max, got ${JSON.stringify(time)}`);
  const failRate = o.materializationFailRate ?? 0;
  check(failRate >= 0 && failRate <= 1, `materializationFailRate must be in [0, 1], got ${failRate}`);
  const concurrent = o.concurrentTrigger ?? "new-job";
  check(concurrent === "new-job" || concurrent === "conflict", `concurrentTrigger must be "new-job" or "conflict"`);
  const legacy = o.legacyLists ?? "paginated";
  check(legacy === "paginated" || legacy === "array", `legacyLists must be "paginated" or "array"`);
  if (o.maxInFlight !== undefined) check(Number.isInteger(o.maxInFlight) && o.maxInFlight >= 1, `maxInFlight must be a positive integer`);
  let listen: ResolvedOptions["listen"];
  if (o.listen === true) listen = { host: "127.0.0.1", port: 0 };
  else if (o.listen) listen = { host: o.listen.host ?? "127.0.0.1", port: o.listen.port ?? 0 };
  if (listen) check(Number.isInteger(listen.port) && listen.port >= 0 && listen.port <= 65535, `listen.port must be 0-65535`);
  return {
    seed,
    size,
    tokenTtlSeconds: ttl,
    latency: o.latency ?? { ms: 0, jitterMs: 0 },
    rateLimit: o.rateLimit,
    maxInFlight: o.maxInFlight,
    faults: o.faults,
    materializationTime: [time[0], time[1]],
    materializationFailRate: failRate,
    concurrentTrigger: concurrent,
    listen,
    legacyLists: legacy,
    log: o.log ?? ((line) => process.stderr.write(`${line}\n`)),
    controlToken: resolveControlToken(listen?.host, o.controlToken),
  };
}
