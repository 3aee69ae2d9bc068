/**
 * Materialize benchmark: 200 unpaused schedules across 50 workbooks, runs of 2-20 s, one
 * `materialize()` over a real loopback port. Targets (from the product issue):
 *   - the run ends within the slowest job + one poll interval + 5%;
 *   - status requests stay within one per job per poll tick (ratio <= 1).
 * The generated organisations have 1-2 schedules per workbook, so the benchmark takes a
 * generated `medium` org and gives 50 of its visible workbooks four schedules each (on their
 * own elements), served through the emulator's `org` option.
 */
import { SigmaClient } from "../src/client/index.js";
import { createEmulator } from "../src/emulator/index.js";
import { defaultOrgProvider } from "../src/emulator/org-provider.js";
import type { Org } from "../src/emulator/org/types.js";
import { DEFAULT_POLL_INTERVAL } from "../src/materialize/duration.js";
import { materialize } from "../src/materialize/materialize.js";
import type { TargetSpec } from "../src/materialize/types.js";

const WORKBOOKS = 50;
const PER_WORKBOOK = 4;
const TIME: [number, number] = [2, 20];
/** The scheduler's largest early jitter, as a share of the gap in effect. */
const JITTER = 0.15;

/** Rewrites the schedules of 50 visible workbooks to 4 unpaused schedules each; returns their ids. */
function shapeOrg(org: Org): string[] {
  const chosen: string[] = [];
  for (const rec of org.workbooks) {
    if (chosen.length === WORKBOOKS) break;
    if (rec.hiddenFromCaller || rec.workbook.isArchived) continue;
    const elements = rec.elements.map((e) => e.element).filter((e) => e.name);
    if (elements.length < PER_WORKBOOK) continue;
    rec.materializationSchedules = elements.slice(0, PER_WORKBOOK).map((e, i) => ({
      sheetId: `bench${chosen.length}s${i}`,
      elementId: e.elementId,
      elementName: e.name as string,
      schedule: { cronSpec: "0 * * * *", timezone: "UTC" },
      configuredAt: rec.workbook.createdAt,
      paused: false,
    }));
    chosen.push(rec.workbook.workbookId);
  }
  if (chosen.length < WORKBOOKS) throw new Error(`only ${chosen.length} workbooks with ${PER_WORKBOOK}+ named elements`);
  return chosen;
}

/**
 * "One poll interval": the nominal gap in effect `elapsedMs` after a job was triggered. The
 * scheduler counts each job's nominal schedule (MIN, ×1.5, capped at MAX) from the trigger's
 * send time and sends each poll up to 15% of its gap EARLY, never late; a slot therefore begins
 * where its poll may earliest be sent, and the poll that closes the slot containing the ready
 * time is sure to see the job.
 */
function intervalAt(elapsedMs: number, min = DEFAULT_POLL_INTERVAL.minMs, max = DEFAULT_POLL_INTERVAL.maxMs): number {
  let t = 0;
  let interval = min;
  while (t + interval - JITTER * interval < elapsedMs) {
    t += interval;
    interval = Math.min(max, interval * 1.5);
  }
  return interval;
}

/** Polls the nominal schedule (no jitter) needs to see a job that takes `elapsedMs` as ready. */
function pollsNeeded(elapsedMs: number, min = DEFAULT_POLL_INTERVAL.minMs, max = DEFAULT_POLL_INTERVAL.maxMs): number {
  let t = min;
  let interval = min;
  let n = 1;
  while (t < elapsedMs) {
    interval = Math.min(max, interval * 1.5);
    t += interval;
    n += 1;
  }
  return n;
}

/** Runs the benchmark and returns its figures. */
export async function benchMaterialize(): Promise<Record<string, unknown>> {
  const provider = await defaultOrgProvider();
  const org = provider.generate(7, "medium");
  const ids = shapeOrg(org);
  const emu = await createEmulator({ seed: 7, org, orgProvider: provider, materializationTime: TIME, listen: true, log: () => undefined });
  try {
    const client = new SigmaClient({ baseUrl: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret });
    const targets: TargetSpec[] = ids.map((id) => ({ kind: "workbook", ref: id }));
    const t0 = Date.now();
    const result = await materialize({ client, targets, timeoutMs: 300_000 });
    const wallMs = Date.now() - t0;

    const ms = (s: string | null) => (s === null ? NaN : Date.parse(s));
    const firstTrigger = Math.min(...result.jobs.map((j) => ms(j.triggeredAt)));
    const lastReady = Math.max(...result.jobs.map((j) => ms(j.readyAt)));
    const slowest = result.jobs.reduce((a, b) => (ms(b.readyAt) > ms(a.readyAt) ? b : a));
    const fromFirstTrigger = Date.parse(result.finishedAt) - firstTrigger;
    const idealMs = lastReady - firstTrigger;
    const pollIntervalMs = intervalAt(ms(slowest.readyAt) - ms(slowest.triggeredAt));
    const boundMs = (idealMs + pollIntervalMs) * 1.05;
    const byRoute = emu.stats().byRoute["GET /v2/workbooks/{workbookId}/materializations/{materializationId}"] ?? {};
    const statusRequestsServer = Object.values(byRoute).reduce((a, b) => a + b, 0);
    const { ticks, statusRequests, activeJobTicks } = result.polling;
    const ratio = statusRequests / activeJobTicks;
    const scheduled = result.jobs.reduce((n, j) => n + pollsNeeded(ms(j.readyAt) - ms(j.triggeredAt)), 0);
    const stats = client.stats();
    return {
      jobs: result.jobs.length,
      workbooks: ids.length,
      outcome: result.outcome,
      materializationTimeS: TIME,
      wallMs,
      fromFirstTriggerMs: fromFirstTrigger,
      slowestJobMs: idealMs,
      pollIntervalAtEndMs: Math.round(pollIntervalMs),
      boundMs: Math.round(boundMs),
      overshootMs: fromFirstTrigger - idealMs,
      withinBound: fromFirstTrigger <= boundMs,
      ticks,
      statusRequests,
      statusRequestsSeenByServer: statusRequestsServer,
      activeJobTicks,
      statusRequestsPerJobPerTick: Number(ratio.toFixed(3)),
      statusRequestsPerJob: Number((statusRequests / result.jobs.length).toFixed(2)),
      // Against the nominal schedule (1 s ×1.5 up to 15 s, no jitter): ~1 means no wasted polls.
      statusRequestsVsNominalSchedule: Number((statusRequests / scheduled).toFixed(3)),
      clientRequests: stats.requests,
      clientRetries: stats.retries,
      ok: result.outcome === "ready" && result.jobs.length === WORKBOOKS * PER_WORKBOOK && fromFirstTrigger <= boundMs && ratio <= 1,
    };
  } finally {
    await emu.close();
  }
}
