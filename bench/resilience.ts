/**
 * Resilience benchmark (issue #12): `extract` (library entry, in this process) against the
 * emulator on a loopback port, with the client's default retry policy and concurrency 8.
 *
 *  1. clean: a small org with per-element lineage (`default,lineages`), the reference run;
 *  2. token bucket: a medium org (`default`) under `rateLimit` 100 rps, burst 10: share of 429s
 *     (target ≤ 3%) and accepted requests per second ÷ the limit (target ≥ 85%);
 *  3. 8% random 429s on the clean run's org: time ÷ clean, with the Retry-After waits. Target:
 *     time ≤ 1.5 × clean + the time during which nothing was in flight because every remaining
 *     request was waiting out a Retry-After (the waits on the critical path: no client can
 *     send what the server told it to hold). A client that held slots while waiting, or paced
 *     itself down for random 429s, is slow while requests are in flight, and misses it;
 *  4. five fault mixes harsher than the tests' (5xx ≥ 10%, 429 ≥ 5%, resets, slow answers,
 *     revocations, tokens of 15 s or less): rows lost against the clean run, and of those the
 *     ones no error and no "no lineage" count reports (target 0), runs aborted (target 0),
 *     time ÷ clean.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SigmaClient } from "../src/client/index.js";
import { sleep } from "../src/client/transport/sleep.js";
import type { Logger } from "../src/client/logger.js";
import { createEmulator, type EmulatorOptions } from "../src/emulator/index.js";
import { extract } from "../src/extract/index.js";
import type { ExtractSummary } from "../src/extract/summary.js";

const SEED = 7;
const CONCURRENCY = 8;

/** Harsher than test/extract's chaos run (5xx=0.1,429=0.05,reset=0.02). */
const MIXES: Array<{ name: string; faults: string; tokenTtlSeconds: number }> = [
  { name: "A", faults: "5xx=0.12,429=0.06,reset=0.03,slow=0.02:1500,revoke=0.005", tokenTtlSeconds: 15 },
  { name: "B", faults: "5xx=0.15,429=0.05,reset=0.02,slow=0.03:1000,revoke=0.01", tokenTtlSeconds: 10 },
  { name: "C", faults: "5xx=0.1,429=0.1,reset=0.05,slow=0.05:500,revoke=0.002,retry-after=0.2", tokenTtlSeconds: 15 },
  { name: "D", faults: "5xx=0.2,429=0.05,reset=0.02,slow=0.01:2000,revoke=0.01,5xx-body=html", tokenTtlSeconds: 5 },
  { name: "E", faults: "5xx=0.1,429=0.08,reset=0.04,slow=0.02:1500,revoke=0.02,429-body=empty", tokenTtlSeconds: 15 },
];

interface Run {
  aborted: string | null;
  ms: number;
  summary?: ExtractSummary;
  /** Rows per asset file. */
  rows: Record<string, number>;
  /** Wait of each retry after a 429, and the longest total of one request. */
  waits429Ms: number;
  maxRequestWaitMs: number;
  /** Time with no request in flight while at least one waited (Retry-After, back-off). */
  waitOnlyMs: number;
  /** The client's learnt request rate at the end (null: never paced). */
  pacedRate?: number | null | undefined;
}

/**
 * Tracks HTTP attempts in flight (a wrapped fetch) and client waits (a wrapped sleep), and sums
 * the time when none was in flight but some request was waiting: time the waits alone cost.
 */
function blockTracker() {
  let inFlight = 0;
  let waiting = 0;
  let last = performance.now();
  let blocked = 0;
  const change = (dFlight: number, dWait: number): void => {
    const now = performance.now();
    if (inFlight === 0 && waiting > 0) blocked += now - last;
    last = now;
    inFlight += dFlight;
    waiting += dWait;
  };
  return {
    fetch: async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      change(1, 0);
      try {
        const res = await globalThis.fetch(input, init);
        // The body is short JSON: read it inside the interval so the attempt counts whole.
        const body = await res.arrayBuffer();
        return new Response(res.status === 204 ? null : body, { status: res.status, statusText: res.statusText, headers: res.headers });
      } finally {
        change(-1, 0);
      }
    },
    sleep: async (ms: number, signal?: AbortSignal): Promise<void> => {
      change(0, 1);
      try {
        await sleep(ms, signal);
      } finally {
        change(0, -1);
      }
    },
    blockedMs: (): number => {
      change(0, 0);
      return blocked;
    },
  };
}

/** A logger that keeps the client's retry lines (debug) to sum the waits after 429s. */
function waitCounter(): { logger: Logger; sum: () => number; maxPerRequest: () => number } {
  let total = 0;
  const perRequest = new Map<string, number>();
  const retry = /^retry \d+ of (\S+ \S+) in (\d+) ms after (.+)$/;
  const noop = (): void => {};
  const logger: Logger = {
    level: "debug",
    error: noop,
    warn: noop,
    info: noop,
    debug: (message: string) => {
      const m = retry.exec(message);
      if (!m) return;
      const ms = Number(m[2]);
      perRequest.set(m[1]!, (perRequest.get(m[1]!) ?? 0) + ms);
      if (m[3] === "429") total += ms;
    },
    request: noop,
  };
  return { logger, sum: () => total, maxPerRequest: () => Math.max(0, ...perRequest.values()) };
}

async function runExtract(emu: EmulatorOptions, assets: string): Promise<Run> {
  const e = await createEmulator({ seed: SEED, listen: true, log: () => {}, ...emu });
  const dir = await mkdtemp(join(tmpdir(), "sigmactl-bench-resilience-"));
  const waits = waitCounter();
  const tracker = blockTracker();
  const client = new SigmaClient({
    baseUrl: e.url,
    clientId: e.clientId,
    clientSecret: e.clientSecret,
    concurrency: CONCURRENCY,
    logger: waits.logger,
    fetch: tracker.fetch,
    sleep: tracker.sleep,
  });
  const t0 = performance.now();
  try {
    const r = await extract({ client, outDir: dir, assets, maxErrors: Number.MAX_SAFE_INTEGER });
    const ms = performance.now() - t0;
    const rows: Record<string, number> = {};
    for (const f of r.files) rows[f.asset] = (JSON.parse(await readFile(f.path, "utf8")) as unknown[]).length;
    const w = { waits429Ms: waits.sum(), maxRequestWaitMs: waits.maxPerRequest(), waitOnlyMs: Math.round(tracker.blockedMs()), pacedRate: client.stats().pacedRate };
    return { aborted: null, ms, summary: r.summary, rows, ...w };
  } catch (err) {
    const w = { waits429Ms: waits.sum(), maxRequestWaitMs: waits.maxPerRequest(), waitOnlyMs: Math.round(tracker.blockedMs()) };
    return { aborted: err instanceof Error ? `${err.name}: ${err.message}` : String(err), ms: performance.now() - t0, rows: {}, ...w };
  } finally {
    await e.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Rows a run lacks against the clean one, per asset, and those nothing reports: an asset that
 * lost rows with no error naming it; for `lineages`, graphs beyond its errors and the extra
 * "no lineage" answers (a 500 twice in a row is indistinguishable from "no lineage").
 */
function losses(clean: Run, run: Run): { lost: number; unreported: number; lineageMisreadAsNone: number; byAsset: Record<string, number> } {
  const s = run.summary!;
  const named = new Set(s.errors.flatMap((e) => e.asset.split(",")));
  const extraNoLineage = Math.max(0, s.no_lineage - clean.summary!.no_lineage);
  let lost = 0;
  let unreported = 0;
  const byAsset: Record<string, number> = {};
  for (const [asset, n] of Object.entries(clean.rows)) {
    const missing = Math.max(0, n - (run.rows[asset] ?? 0));
    if (missing === 0) continue;
    byAsset[asset] = missing;
    lost += missing;
    if (asset === "lineages") {
      const lineageErrors = s.errors.filter((e) => e.asset.split(",").includes("lineages")).length;
      unreported += Math.max(0, missing - lineageErrors - extraNoLineage);
    } else if (!named.has(asset)) unreported += missing;
  }
  return { lost, unreported, lineageMisreadAsNone: extraNoLineage, byAsset };
}

const ratio = (a: number, b: number): number => Number((a / b).toFixed(2));

/** Runs the benchmark; see the module comment. */
export async function benchResilience(): Promise<Record<string, unknown>> {
  const assets = "default,lineages";
  const clean = await runExtract({ size: "small" }, assets);
  if (clean.aborted || !clean.summary) throw new Error(`clean run aborted: ${clean.aborted}`);

  // 2. A real rate limit: the client must converge on it.
  const rps = 100;
  const bucket = await runExtract({ size: "medium", rateLimit: { rps, burst: 10 } }, "default");
  const b = bucket.summary;
  const accepted = b ? b.requests - b.rate_limited : 0;
  const tokenBucket = b
    ? {
        limitRps: rps,
        burst: 10,
        requests: b.requests,
        rateLimited: b.rate_limited,
        share429: Number((b.rate_limited / b.requests).toFixed(4)),
        acceptedPerSecond: Number((accepted / (bucket.ms / 1000)).toFixed(1)),
        throughputOfLimit: Number((accepted / (bucket.ms / 1000) / rps).toFixed(3)),
        learntRate: bucket.pacedRate,
        ms: Math.round(bucket.ms),
        targetShare429: 0.03,
        targetThroughput: 0.85,
      }
    : { aborted: bucket.aborted };
  const bucketOk = b !== undefined && b.rate_limited / b.requests <= 0.03 && accepted / (bucket.ms / 1000) / rps >= 0.85;

  // 3. Random 429s: time against the clean run, plus what the waits themselves cost.
  const random = await runExtract({ size: "small", faults: "429=0.08" }, assets);
  const randomBound = 1.5 * clean.ms + random.waitOnlyMs;
  const random429 = {
    faults: "429=0.08",
    aborted: random.aborted,
    ms: Math.round(random.ms),
    ratioToClean: ratio(random.ms, clean.ms),
    rateLimited: random.summary?.rate_limited,
    retryAfterWaitsSumMs: random.waits429Ms,
    longestRequestWaitMs: random.maxRequestWaitMs,
    waitOnlyMs: random.waitOnlyMs,
    pacedRate: random.pacedRate,
    boundMs: Math.round(randomBound),
    lost: random.summary ? losses(clean, random) : null,
  };
  const randomOk = random.aborted === null && random.ms <= randomBound;

  // 4. Fault mixes.
  const mixes = [];
  for (const mix of MIXES) {
    const r = await runExtract({ size: "small", faults: mix.faults, tokenTtlSeconds: mix.tokenTtlSeconds }, assets);
    const l = r.summary ? losses(clean, r) : null;
    mixes.push({
      ...mix,
      aborted: r.aborted,
      ms: Math.round(r.ms),
      ratioToClean: ratio(r.ms, clean.ms),
      waitOnlyMs: r.waitOnlyMs,
      ratioToCleanPlusWaits: ratio(r.ms, clean.ms + r.waitOnlyMs),
      requests: r.summary?.requests,
      retries: r.summary?.retries,
      rateLimited: r.summary?.rate_limited,
      tokenRefreshes: r.summary?.token_refreshes,
      errors: r.summary?.error_count,
      rowsLost: l?.lost,
      rowsLostUnreported: l?.unreported,
      lineageMisreadAsNone: l?.lineageMisreadAsNone,
      lostByAsset: l?.byAsset,
    });
  }
  const aborted = mixes.filter((m) => m.aborted !== null).length;
  const unreported = mixes.reduce((n, m) => n + (m.rowsLostUnreported ?? 0), 0);

  return {
    seed: SEED,
    concurrency: CONCURRENCY,
    clean: { size: "small", assets, ms: Math.round(clean.ms), requests: clean.summary.requests, rows: clean.rows, noLineage: clean.summary.no_lineage },
    tokenBucket,
    random429,
    mixes,
    mixTotals: { runs: mixes.length, aborted, rowsLostUnreported: unreported, targetAborted: 0, targetUnreported: 0 },
    ok: bucketOk && randomOk && aborted === 0 && unreported === 0,
  };
}

// `tsx bench/resilience.ts` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(await benchResilience(), null, 2)}\n`);
}
