/**
 * Extraction benchmark: `sigmactl extract` of a `large` org served with 25 ms latency per
 * request and at most 16 requests in flight (more get 429). The emulator runs in this process;
 * the extractor runs as a child (`node --import tsx src/cli/main.ts extract --stats`) so its
 * peak RSS is measured alone. Reported: requests per workbook, wall time against the lower
 * bound requests × latency ÷ 16 (target within 1.25×), and peak RSS (target under 300 MB).
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEmulator } from "../src/emulator/index.js";
import { repoRoot, tsxArgs } from "./util.js";

const LATENCY_MS = 25;
const IN_FLIGHT = 16;

interface ExtractJson {
  requests: number;
  retries: number;
  rateLimited: number;
  durationMs: number;
  errors: number;
  documents: Record<string, { listed: number }>;
  counts: Record<string, number>;
  peakRssBytes: number;
}

/** Runs the benchmark; see the module comment. */
export async function benchExtract(size: "large" | "medium" | "small" = "large"): Promise<Record<string, unknown>> {
  const emu = await createEmulator({ seed: 1, size, latency: { ms: LATENCY_MS, jitterMs: 0 }, maxInFlight: IN_FLIGHT, listen: true, log: () => {} });
  const dir = await mkdtemp(join(tmpdir(), "sigmactl-bench-extract-"));
  try {
    const args = [...tsxArgs, "src/cli/main.ts", "extract", "-o", dir, "--concurrency", String(IN_FLIGHT), "--json", "--quiet", "--stats", "--max-errors", "1000000"];
    const t0 = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", CASTOR_SIGMA_HOST: emu.url, CASTOR_SIGMA_CLIENT_ID: emu.clientId, CASTOR_SIGMA_API_TOKEN: emu.clientSecret },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    const [code] = (await once(child, "exit")) as [number | null];
    const processMs = performance.now() - t0;
    if (code !== 0) throw new Error(`extract exited ${code}`);
    const r = JSON.parse(stdout) as ExtractJson;
    const workbooks = r.documents.workbook?.listed ?? 0;
    const lowerBoundMs = (r.requests * LATENCY_MS) / IN_FLIGHT;
    const peakRssMB = Math.round(r.peakRssBytes / 1024 / 1024);
    const ratio = r.durationMs / lowerBoundMs;
    return {
      size,
      latencyMs: LATENCY_MS,
      inFlightAllowed: IN_FLIGHT,
      workbooks,
      requests: r.requests,
      requestsPerWorkbook: workbooks > 0 ? Number((r.requests / workbooks).toFixed(2)) : null,
      retries: r.retries,
      rateLimited: r.rateLimited,
      skipped: r.errors,
      rows: Object.values(r.counts).reduce((a, b) => a + b, 0),
      extractMs: r.durationMs,
      processMs: Math.round(processMs),
      lowerBoundMs: Math.round(lowerBoundMs),
      ratioToLowerBound: Number(ratio.toFixed(3)),
      peakRssMB,
      targetRatio: 1.25,
      targetRssMB: 300,
      ok: ratio <= 1.25 && peakRssMB < 300,
    };
  } finally {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  }
}

// `tsx bench/extract.ts [size]` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const size = (process.argv[2] ?? "large") as "large";
  process.stdout.write(`${JSON.stringify(await benchExtract(size), null, 2)}\n`);
}
