/**
 * Refresh-plan benchmark: `planRefresh` for one changed table on a `large` org served with
 * 25 ms latency per request and at most 16 in flight, cold (empty lineage cache) then warm
 * (same cache, nothing changed), against the requests of a full `sigmactl extract` of the same
 * org (run once, as a child, without latency: the count does not depend on it). Target: warm
 * requests ≤ 5% of cold.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SigmaClient } from "../src/client/index.js";
import { createEmulator } from "../src/emulator/index.js";
import type { Truth } from "../src/emulator/org/truth.js";
import { planRefresh } from "../src/lineage/index.js";
import { spawnExtract } from "./util.js";

const LATENCY_MS = 25;
const IN_FLIGHT = 16;

async function extractionRequests(size: string): Promise<number> {
  const emu = await createEmulator({ seed: 1, size: size as "large", listen: true, log: () => {} });
  const dir = await mkdtemp(join(tmpdir(), "sigmactl-bench-refresh-x-"));
  try {
    const { code, stdout } = await spawnExtract(emu, dir, IN_FLIGHT);
    if (code !== 0) throw new Error(`extract exited ${code}`);
    return (JSON.parse(stdout) as { requests: number }).requests;
  } finally {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs the benchmark; see the module comment. */
export async function benchRefresh(size: "large" | "medium" | "small" = "large"): Promise<Record<string, unknown>> {
  const emu = await createEmulator({ seed: 1, size, latency: { ms: LATENCY_MS, jitterMs: 0 }, maxInFlight: IN_FLIGHT, listen: true, log: () => {} });
  const cacheDir = await mkdtemp(join(tmpdir(), "sigmactl-bench-refresh-"));
  try {
    const truth = emu.truth() as Truth;
    const t = truth.tables.reduce((a, b) => (b.downstreamSchedules.length > a.downstreamSchedules.length ? b : a));
    const spec = `${truth.connections.find((c) => c.connectionId === t.connectionId)!.name}/${t.path.join(".")}`;
    const client = new SigmaClient({ baseUrl: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret, concurrency: IN_FLIGHT });
    const run = async () => {
      const t0 = performance.now();
      const plan = await planRefresh(client, { tables: [spec] }, { cacheDir, concurrency: IN_FLIGHT });
      return { plan, ms: Math.round(performance.now() - t0) };
    };
    const cold = await run();
    const warm = await run();
    const full = await extractionRequests(size);
    const ratio = warm.plan.requests / cold.plan.requests;
    return {
      size,
      latencyMs: LATENCY_MS,
      inFlightAllowed: IN_FLIGHT,
      table: spec,
      schedules: cold.plan.schedules.length,
      waves: cold.plan.waves.length,
      coldRequests: cold.plan.requests,
      coldMs: cold.ms,
      warmRequests: warm.plan.requests,
      warmMs: warm.ms,
      fullExtractionRequests: full,
      coldVsExtraction: Number((cold.plan.requests / full).toFixed(3)),
      warmVsExtraction: Number((warm.plan.requests / full).toFixed(4)),
      warmVsCold: Number(ratio.toFixed(4)),
      targetWarmVsCold: 0.05,
      ok: ratio <= 0.05 && warm.plan.schedules.length === cold.plan.schedules.length,
    };
  } finally {
    await emu.close();
    await rm(cacheDir, { recursive: true, force: true });
  }
}
