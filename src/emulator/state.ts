/**
 * Everything the emulator holds at run time: the org and its indexes, issued tokens,
 * materialization runs, uploads, load limits, faults, stats and the response cache.
 */
import type { Clock } from "./clock.js";
import { TokenStore } from "./auth-store.js";
import { ConnectionSyncs } from "./connection-syncs.js";
import { ExportEngine } from "./exports.js";
import type { EmuResponse } from "./http.js";
import { FaultInjector } from "./faults.js";
import { LatencyModel } from "./latency.js";
import { RateLimiter } from "./limits.js";
import { MaterializationEngine } from "./materialization.js";
import { OrgIndex } from "./org-index.js";
import type { OrgProvider } from "./org-provider.js";
import type { ResolvedOptions } from "./options.js";
import { Shaper } from "./shape/shaper.js";
import { DbtCloudFake } from "./dbt-cloud.js";
import { StatsRecorder, type EmulatorStats } from "./stats.js";
import type { Org } from "./org/types.js";
import type { Truth } from "./org/truth.js";

/** A file received by the fake catalog ingest. The token itself is never kept. */
export interface IngestRecord {
  path: string;
  filename: string;
  bytes: number;
  sha256: string;
  authorizationScheme: string;
  contentType: string;
  receivedAt: string;
}

// Bounds the response cache by entries and by body size (pages of 1000 entries are large); a
// full clear is cheaper than LRU bookkeeping on the hot path.
const CACHE_LIMIT = 20_000;
const CACHE_BYTES_LIMIT = 64 * 1024 * 1024;

/** Mutable emulator state shared by the dispatcher and every route. */
export class EmulatorState {
  org: Org;
  index: OrgIndex;
  readonly tokens: TokenStore;
  readonly jobs: MaterializationEngine;
  readonly faults: FaultInjector;
  readonly latency: LatencyModel;
  readonly limiter: RateLimiter | undefined;
  readonly stats = new StatsRecorder();
  /** Workbook exports and their downloads. */
  readonly exports: ExportEngine;
  /** Connection syncs received (stats). */
  readonly syncs = new ConnectionSyncs();
  /** The response shape stage (strict, real or chaotic). */
  readonly shaper: Shaper;
  uploads: IngestRecord[] = [];
  /** The dbt Cloud artifacts fake (serve's tests). */
  readonly dbtCloud = new DbtCloudFake();
  private readonly cache = new Map<string, EmuResponse>();
  private cacheBytes = 0;
  private mutations = 0;
  private requestSeq = 0;

  constructor(
    readonly options: ResolvedOptions,
    readonly clock: Clock,
    readonly provider: OrgProvider,
    readonly credentials: { clientId: string; clientSecret: string },
    private readonly fixedOrg: Org | undefined,
  ) {
    this.shaper = new Shaper(options.shape, options.shapeSeed, options.shapeRate);
    this.org = this.freshOrg();
    this.index = new OrgIndex(this.org);
    this.shaper.attach(this.org, this.index);
    this.tokens = new TokenStore(options.seed, options.tokenTtlSeconds);
    this.jobs = new MaterializationEngine(options.seed, {
      timeRange: options.materializationTime,
      failRate: options.materializationFailRate,
      concurrentTrigger: options.concurrentTrigger,
    });
    this.exports = new ExportEngine(options.seed, options.exportTimeMs);
    this.faults = new FaultInjector(options.seed, options.faults);
    this.latency = new LatencyModel(options.seed, options.latency);
    this.limiter = options.rateLimit ? new RateLimiter(options.rateLimit) : undefined;
  }

  /** The seeded org (or a copy of the fixed one), with the shape's additions (the system member). */
  private freshOrg(): Org {
    const org = this.fixedOrg ? structuredClone(this.fixedOrg) : this.provider.generate(this.options.seed, this.options.size);
    this.shaper.prepare(org);
    return org;
  }

  /** Numbers every request (1, 2, ...): the input of its deterministic requestId. */
  nextRequestSeq(): number {
    return ++this.requestSeq;
  }

  /** A cached response for a GET, if this org version already served it. */
  cached(key: string): EmuResponse | undefined {
    return this.cache.get(key);
  }

  /** Remembers a response for a GET of the current org version. */
  remember(key: string, res: EmuResponse): void {
    const bytes = res.body === null ? 0 : res.body.length;
    if (this.cache.size >= CACHE_LIMIT || this.cacheBytes + bytes > CACHE_BYTES_LIMIT) this.clearCache();
    this.cache.set(key, res);
    this.cacheBytes += bytes;
  }

  private clearCache(): void {
    this.cache.clear();
    this.cacheBytes = 0;
  }

  /** Changes `n` workbooks through the generator; returns their ids. */
  mutateWorkbooks(n: number): string[] {
    this.mutations++;
    const ids = this.provider.mutateWorkbooks(this.org, n, this.options.seed * 7919 + this.mutations);
    this.index = new OrgIndex(this.org);
    this.shaper.attach(this.org, this.index);
    this.clearCache();
    return ids;
  }

  /** Ground truth of the current org. */
  truth(): Truth {
    return this.provider.truth(this.org, { lineageIds: this.options.lineageIds });
  }

  /**
   * Back to the seeded start: fresh org, no runs, uploads or stats, fault and latency streams
   * and request numbering restarted, rate-limit buckets refilled. Issued tokens stay valid so a harness can reset
   * between tests without re-authenticating.
   */
  reset(): void {
    this.org = this.freshOrg();
    this.index = new OrgIndex(this.org);
    this.shaper.attach(this.org, this.index);
    this.shaper.tally.reset();
    this.clearCache();
    this.mutations = 0;
    this.requestSeq = 0;
    this.jobs.reset();
    this.exports.reset();
    this.syncs.reset();
    this.uploads = [];
    this.dbtCloud.reset();
    this.stats.reset();
    this.faults.set(this.faults.current());
    this.latency.set(this.latency.current());
    this.limiter?.reset();
  }

  /** Stats snapshot. */
  snapshot(): EmulatorStats {
    const s = this.jobs.started;
    return this.stats.snapshot({
      materializationsStarted: { ...s, total: s.workbook + s.dataModel + s.dataset },
      materializationsByTarget: Object.fromEntries(this.jobs.startedByTarget),
      tokensIssued: this.tokens.issued,
      exportsStarted: this.exports.started,
      connectionSyncs: this.syncs.snapshot(),
      orderViolations: this.jobs.orderViolations,
      shape: this.shaper.tally.snapshot(),
    });
  }
}
