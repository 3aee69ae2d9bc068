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
import type { LineageIds } from "./org/lineage.js";
import { DEFAULT_CHAOTIC_RATE, DEFAULT_REAL_RATE, DEFAULT_SHAPE, SHAPES, type Shape } from "./shape/modes.js";
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
  /** How long a workbook export takes before its download is ready, in ms of emulator clock (default 2000). */
  exportTimeMs?: number;
  /** Trigger while running: start another job (default) or answer 409 conflict. */
  concurrentTrigger?: ConcurrentTrigger;
  /** Serve on a loopback port: true = 127.0.0.1 on a free port (default false: in-process only). */
  listen?: boolean | { host?: string; port?: number };
  /** Legacy /v2 lists without `limit`: "paginated" (Sigma after 2026-06-02, default) or "array". */
  legacyLists?: LegacyListMode;
  /**
   * Ids in lineage answers: "sigma" (default: the evidenced scheme, `<dataModelUrlId>/<suffix>`
   * data-model nodes, `inode-` prefixed sourceIds) or "legacy" (the emulator's first scheme).
   */
  lineageIds?: LineageIds;
  /** Source of "now" (default the wall clock); pass a ManualClock in tests. */
  clock?: Clock;
  /** Serve this organisation instead of generating one (tests, fixtures). */
  org?: Org;
  /** Generator functions (default: the ones in src/emulator/org). */
  orgProvider?: OrgProvider;
  /** Sink for the emulator's own diagnostics (default: stderr). */
  log?: (line: string) => void;
  /**
   * How far bodies stray from Sigma's document (default {@link DEFAULT_SHAPE}): "strict" (the
   * document), "real" (the drift of published real bodies, on a share of entries) or "chaotic"
   * (any unprotected field may be dropped, nulled or get an unknown word). See shape/modes.ts.
   */
  shape?: Shape;
  /** Seed of the shape's draws (default: `seed`). Same seed and shape, byte-identical bodies. */
  shapeSeed?: number;
  /** real: share of entities each deviation applies to (default 0.4); chaotic: probability of each variation (default 0.2). */
  shapeRate?: number;
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
  exportTimeMs: number;
  concurrentTrigger: ConcurrentTrigger;
  listen: { host: string; port: number } | undefined;
  legacyLists: LegacyListMode;
  lineageIds: LineageIds;
  log: (line: string) => void;
  shape: Shape;
  shapeSeed: number;
  shapeRate: number;
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
  const exportTimeMs = o.exportTimeMs ?? 2000;
  check(Number.isFinite(exportTimeMs) && exportTimeMs >= 0, `exportTimeMs must be >= 0, got ${exportTimeMs}`);
  const concurrent = o.concurrentTrigger ?? "new-job";
  check(concurrent === "new-job" || concurrent === "conflict", `concurrentTrigger must be "new-job" or "conflict"`);
  const legacy = o.legacyLists ?? "paginated";
  check(legacy === "paginated" || legacy === "array", `legacyLists must be "paginated" or "array"`);
  const lineageIds = o.lineageIds ?? "sigma";
  check(lineageIds === "sigma" || lineageIds === "legacy", `lineageIds must be "sigma" or "legacy", got ${String(lineageIds)}`);
  if (o.maxInFlight !== undefined) check(Number.isInteger(o.maxInFlight) && o.maxInFlight >= 1, `maxInFlight must be a positive integer`);
  const shape = o.shape ?? DEFAULT_SHAPE;
  check(SHAPES.includes(shape), `shape must be one of ${SHAPES.join(", ")}, got ${String(shape)}`);
  const shapeSeed = o.shapeSeed ?? seed;
  check(Number.isSafeInteger(shapeSeed), `shapeSeed must be an integer, got ${shapeSeed}`);
  const shapeRate = o.shapeRate ?? (shape === "chaotic" ? DEFAULT_CHAOTIC_RATE : DEFAULT_REAL_RATE);
  check(typeof shapeRate === "number" && shapeRate >= 0 && shapeRate <= 1, `shapeRate must be in [0, 1], got ${shapeRate}`);
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
    exportTimeMs,
    concurrentTrigger: concurrent,
    listen,
    legacyLists: legacy,
    lineageIds,
    log: o.log ?? ((line) => process.stderr.write(`${line}\n`)),
    shape,
    shapeSeed,
    shapeRate,
    controlToken: resolveControlToken(listen?.host, o.controlToken),
  };
}
