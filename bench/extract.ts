/**
 * Extraction benchmarks. The emulator runs in this process; the extractor runs as a child (the
 * built CLI, `node dist/cli/main.js extract --stats`, as users run it) so its peak RSS is
 * measured alone.
 *
 * `benchExtract()` (`large`, 25 ms latency per request, at most 16 in flight, more get 429),
 * three runs side by side in one directory: a full run, then `--since last` after 1% of the
 * workbooks changed (`mutateWorkbooks`), then `--since last` with nothing changed. Targets: the
 * full run within 1.10× of the lower bound requests × latency ÷ 16 and under 300 MB (also
 * reported against the emulator's measured mean answer time, which 1 ms timer steps put a
 * little above the nominal latency); the 1% run within 5% of the full run's time and no more
 * memory; the 0% run within 3%. Times are the
 * extractor's own (from its first request to its summary; the result's `durationMs`); process
 * times, which add Node's start-up, are reported beside them.
 *
 * `benchExtractXl()`: a full run of `xl` without latency, peak RSS under 400 MB.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEmulator } from "../src/emulator/index.js";
import type { Emulator } from "../src/emulator/index.js";
import { spawnExtract } from "./util.js";

const LATENCY_MS = 25;
const IN_FLIGHT = 16;
const T = 1_700_000_000;

interface ExtractJson {
  requests: number;
  retries: number;
  rateLimited: number;
  durationMs: number;
  errors: number;
  documents: Record<string, { listed: number; fetched: number; carried: number }>;
  counts: Record<string, number>;
  peakRssBytes: number;
  /** CPU time of the extractor process (user + system), start-up included. */
  cpuMs: number;
}

interface RunFigures {
  json: ExtractJson;
  processMs: number;
  peakRssMB: number;
}

/** One `sigmactl extract` in a child process against `emu`. */
async function runExtract(emu: Emulator, dir: string, extra: string[]): Promise<RunFigures> {
  const { code, stdout, processMs } = await spawnExtract(emu, dir, IN_FLIGHT, ["--stats", ...extra]);
  if (code !== 0) throw new Error(`extract ${extra.join(" ")} exited ${code}`);
  const json = JSON.parse(stdout) as ExtractJson;
  return { json, processMs, peakRssMB: Math.round(json.peakRssBytes / 1024 / 1024) };
}

const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

/** Full and incremental runs side by side; see the module comment. */
export async function benchExtract(size: "large" | "medium" | "small" = "large"): Promise<Record<string, unknown>> {
  const emu = await createEmulator({ seed: 1, size, latency: { ms: LATENCY_MS, jitterMs: 0 }, maxInFlight: IN_FLIGHT, listen: true, log: () => {} });
  const dir = await mkdtemp(join(tmpdir(), "sigmactl-bench-extract-"));
  try {
    const full = await runExtract(emu, dir, ["--timestamp", String(T)]);
    // What the emulator's latency really cost per answer during the full run (timers have 1 ms
    // steps; see src/emulator/latency.ts): the bound any client could reach against it.
    const served = emu.stats().answerTime;
    const workbooks = full.json.documents.workbook?.listed ?? 0;
    const changed = emu.control.mutateWorkbooks(Math.max(1, Math.round(workbooks / 100))).length;
    const inc1 = await runExtract(emu, dir, ["--timestamp", String(T + 1), "--since", "last"]);
    const inc0 = await runExtract(emu, dir, ["--timestamp", String(T + 2), "--since", "last"]);

    const lowerBoundMs = (full.json.requests * LATENCY_MS) / IN_FLIGHT;
    const servedBoundMs = (full.json.requests * served.meanMs) / IN_FLIGHT;
    const ratio = full.json.durationMs / lowerBoundMs;
    const share1 = inc1.json.durationMs / full.json.durationMs;
    const share0 = inc0.json.durationMs / full.json.durationMs;
    const incFigures = (r: RunFigures) => ({
      requests: r.json.requests,
      fetched: r.json.documents.workbook?.fetched ?? 0,
      carried: r.json.documents.workbook?.carried ?? 0,
      extractMs: r.json.durationMs,
      processMs: r.processMs,
      cpuMs: r.json.cpuMs,
      peakRssMB: r.peakRssMB,
      rows: sum(r.json.counts),
    });
    const checks = {
      fullRatio: ratio <= 1.1,
      fullRss: full.peakRssMB < 300,
      incremental1Time: share1 <= 0.05,
      incremental1Rss: inc1.peakRssMB <= full.peakRssMB,
      incremental0Time: share0 <= 0.03,
      // A rename changes no row count: every run of the same estate writes as many rows.
      sameRows: sum(inc1.json.counts) === sum(full.json.counts) && sum(inc0.json.counts) === sum(full.json.counts),
    };
    return {
      size,
      latencyMs: LATENCY_MS,
      inFlightAllowed: IN_FLIGHT,
      workbooks,
      full: {
        requests: full.json.requests,
        requestsPerWorkbook: workbooks > 0 ? Number((full.json.requests / workbooks).toFixed(2)) : null,
        retries: full.json.retries,
        rateLimited: full.json.rateLimited,
        skipped: full.json.errors,
        rows: sum(full.json.counts),
        extractMs: full.json.durationMs,
        processMs: full.processMs,
        cpuMs: full.json.cpuMs,
        // Near 1 (one core busy all along): the extractor's CPU, not the API's latency, set the pace.
        cpuShare: Number((full.json.cpuMs / full.processMs).toFixed(2)),
        lowerBoundMs: Math.round(lowerBoundMs),
        ratioToLowerBound: Number(ratio.toFixed(3)),
        // The same bound with the emulator's measured mean answer time instead of the nominal latency.
        emulatorMeanAnswerMs: served.meanMs,
        ratioToServedBound: Number((full.json.durationMs / servedBoundMs).toFixed(3)),
        peakRssMB: full.peakRssMB,
      },
      incremental1pct: { changedWorkbooks: changed, ...incFigures(inc1), shareOfFullTime: Number(share1.toFixed(4)) },
      incremental0pct: { ...incFigures(inc0), shareOfFullTime: Number(share0.toFixed(4)) },
      targets: { fullRatio: 1.1, fullRssMB: 300, incremental1Share: 0.05, incremental1RssMB: "<= full", incremental0Share: 0.03 },
      checks,
      ok: Object.values(checks).every(Boolean),
    };
  } finally {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** A full run of `xl` (no latency): its peak RSS; see the module comment. */
export async function benchExtractXl(): Promise<Record<string, unknown>> {
  const emu = await createEmulator({ seed: 1, size: "xl", listen: true, log: () => {} });
  const dir = await mkdtemp(join(tmpdir(), "sigmactl-bench-extract-xl-"));
  try {
    const r = await runExtract(emu, dir, ["--timestamp", String(T)]);
    return {
      size: "xl",
      workbooks: r.json.documents.workbook?.listed ?? 0,
      requests: r.json.requests,
      rows: sum(r.json.counts),
      extractMs: r.json.durationMs,
      processMs: r.processMs,
      peakRssMB: r.peakRssMB,
      targetRssMB: 400,
      ok: r.peakRssMB < 400,
    };
  } finally {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  }
}

// `tsx bench/extract.ts [size|xl]` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const size = process.argv[2] ?? "large";
  const figures = size === "xl" ? await benchExtractXl() : await benchExtract(size as "large");
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
}
