/**
 * `serve` benchmark: 1,000 signed generic webhooks over 10 s (100/s, each naming 1-2 of the
 * documents that have schedules) against `sigmactl serve` (its own process, as deployed: the
 * sender's work does not share its event loop) backed by the emulator on a loopback port
 * (materializations 1-2 s, debounce 1 s).
 * Figures: intake latency (p50/p99/max, ms, request sent → 202 received), events lost (accepted
 * ids missing from the database: target 0), triggers per schedule per debounce window (target
 * ≤ 1: Sigma's trigger count per schedule vs the runs that included it), runs, coalesced events.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import Database from "better-sqlite3";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SigmaClient } from "../src/client/index.js";
import { createEmulator } from "../src/emulator/index.js";
import { signGeneric } from "../src/serve/verify.js";
import { repoRoot, tsxArgs } from "./util.js";

const SECRET = "bench-generic-secret-0123456789";
// Senders give up well before this (dbt Cloud waits 10 s for an answer, then retries); on a quiet
// machine p99 is tens of ms, on a shared 2-core VM it swings with the load (fsync and CPU).
const INTAKE_P99_TARGET_MS = 1000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Runs the benchmark; `ok` is false when a target is missed. */
export async function benchServe(total = 1000, seconds = 10): Promise<Record<string, unknown>> {
  const emu = await createEmulator({ size: "small", materializationTime: [1, 2], listen: true, log: () => undefined });
  const dir = await mkdtemp(join(tmpdir(), "sigmactl-bench-serve-"));
  const client = new SigmaClient({ baseUrl: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret });
  const docs: Array<{ target: Record<string, string>; owner: string; sheetIds: string[] }> = [];
  for (const w of await client.workbooks.list().toArray()) {
    const s = (await client.workbooks.materializationSchedules(w.workbookId).toArray()).filter((x) => !x.paused);
    if (s.length) docs.push({ target: { workbook: w.workbookId }, owner: `workbook:${w.workbookId}`, sheetIds: s.map((x) => x.sheetId) });
  }
  for (const d of await client.dataModels.list().toArray()) {
    const s = (await client.dataModels.materializationSchedules(d.dataModelId).toArray()).filter((x) => !x.paused);
    if (s.length) docs.push({ target: { dataModel: d.dataModelId }, owner: `dataModel:${d.dataModelId}`, sheetIds: s.map((x) => x.sheetId) });
  }
  await writeFile(join(dir, "serve.yaml"), `serve:\n  hooks:\n    generic:\n      secret: ${SECRET}\n  debounce: 1s\n  pollInterval: 250ms:1s\n`, { mode: 0o600 });
  const dbPath = join(dir, "serve.db");
  const child = spawn(process.execPath, [...(process.env.SERVE_PROF ? ["--cpu-prof", "--cpu-prof-dir=/tmp/prof"] : []), ...tsxArgs, join(repoRoot, "src/cli/main.ts"), "serve", "--config", join(dir, "serve.yaml"), "--port", "0", "--db", dbPath, "--quiet"], {
    env: { PATH: process.env.PATH, HOME: dir, SIGMA_BASE_URL: emu.url, SIGMA_CLIENT_ID: emu.clientId, SIGMA_CLIENT_SECRET: emu.clientSecret },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const killer = setTimeout(() => child.kill("SIGKILL"), 300_000);
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", () => reject(new Error("sigmactl serve exited before it was ready")));
  });
  const serve = { url: (JSON.parse(firstLine) as { url: string }).url };
  const latencies: number[] = [];
  const accepted: number[] = [];
  let refused = 0;
  const t0 = performance.now();
  const sends: Array<Promise<void>> = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * seconds * 1000) / total;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const picks = [docs[i % docs.length]!, docs[(i * 7 + 3) % docs.length]!];
    const body = JSON.stringify({ source: "bench", runId: `bench-${i}`, targets: [...new Set(picks)].map((d) => d.target) });
    const s = signGeneric(SECRET, body, Date.now() / 1000);
    sends.push(
      (async () => {
        const start = performance.now();
        const res = await fetch(`${serve.url}/hooks/generic`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-sigmactl-timestamp": s.timestamp, "x-sigmactl-signature-256": s.signature },
          body,
        });
        const doc = (await res.json()) as { id?: number };
        latencies.push(performance.now() - start);
        if (res.status === 202 && typeof doc.id === "number") accepted.push(doc.id);
        else refused++;
      })(),
    );
  }
  await Promise.all(sends);
  const sendMs = performance.now() - t0;
  // Let every run finish (bounded).
  const deadline = Date.now() + 120_000;
  const db = new Database(dbPath, { readonly: true });
  while (Date.now() < deadline) {
    const busy = db.prepare("SELECT (SELECT COUNT(*) FROM events WHERE status = 'queued') + (SELECT COUNT(*) FROM runs WHERE status IN ('queued','running')) AS n").get() as { n: number };
    if (busy.n === 0) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const stored = new Set((db.prepare("SELECT id FROM events").all() as Array<{ id: number }>).map((r) => r.id));
  const lost = accepted.filter((id) => !stored.has(id)).length;
  const runs = (db.prepare("SELECT COUNT(*) AS n FROM runs").get() as { n: number }).n;
  const byStatus = db.prepare("SELECT status, COUNT(*) AS n FROM events GROUP BY status").all();
  const triggersBy = emu.stats().materializationsByTarget;
  let worst = 0;
  let triggers = 0;
  for (const d of docs) {
    for (const sid of d.sheetIds) {
      const key = `${d.owner}/${sid}`;
      const n = triggersBy[key] ?? 0;
      triggers += n;
      const windows = (db.prepare("SELECT COUNT(DISTINCT run_id) AS n FROM jobs WHERE schedule_key = ?").get(`${d.owner.startsWith("workbook") ? "workbook" : "data-model"}:${d.owner.split(":")[1]}/${sid}`) as { n: number }).n;
      if (windows > 0) worst = Math.max(worst, n / windows);
    }
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  db.close();
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
  clearTimeout(killer);
  await emu.close();
  await rm(dir, { recursive: true, force: true });
  const p99 = percentile(sorted, 99);
  const figures = {
    webhooks: total,
    sendSeconds: Math.round(sendMs) / 1000,
    accepted: accepted.length,
    refused,
    eventsLost: lost,
    intakeMs: { p50: Math.round(percentile(sorted, 50) * 10) / 10, p99: Math.round(p99 * 10) / 10, max: Math.round((sorted.at(-1) ?? 0) * 10) / 10 },
    eventsByStatus: byStatus,
    runs,
    triggers,
    maxTriggersPerSchedulePerWindow: worst,
    targets: { eventsLost: 0, maxTriggersPerSchedulePerWindow: 1, intakeP99Ms: INTAKE_P99_TARGET_MS },
  };
  return { ...figures, ok: lost === 0 && refused === 0 && worst <= 1 && p99 <= INTAKE_P99_TARGET_MS };
}
