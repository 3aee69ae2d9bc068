/**
 * `materialize(client, targets, options)`: resolve targets → list schedules → skip paused →
 * trigger with bounded concurrency (attaching to jobs an earlier run started) → one shared
 * polling loop → result. The CLI and users' own pipelines call the same function.
 */
import pLimit from "p-limit";
import { UserError } from "../errors.js";
import { triggerJob, type PollTarget } from "./adapters.js";
import type { MaterializeClient } from "./client-port.js";
import { iso } from "./clock.js";
import { settleRun } from "./interrupted.js";
import { formatJobRef } from "./job-ref.js";
import { describe } from "./match-document.js";
import { resolveWaitOptions, type MaterializeOptions, type ResolvedWaitOptions } from "./options.js";
import { buildPlan } from "./plan.js";
import { recordFor, skippedFor, warnInto, type RunSoFar } from "./result.js";
import { ENTRY_SAFETY_EXPIRY_MS, StateFile, stateKey, type StateEntry } from "./state-file.js";
import { isActive } from "./status.js";
import { isFatal, JobTracker, label } from "./tracker.js";
import { triggerFailure } from "./trigger-errors.js";
import type { JobRecord, MaterializeResult, PlannedJob, TargetSpec } from "./types.js";

/**
 * Runs the materializations of `targets` and reports them. Throws only for user, auth and fatal
 * errors, and with a MaterializeInterruptedError carrying the run so far when `signal` aborts.
 */
export async function materialize(
  client: MaterializeClient,
  targets: readonly TargetSpec[],
  options: MaterializeOptions = {},
): Promise<MaterializeResult> {
  const o = resolveWaitOptions(options);
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UserError(`--concurrency must be a positive integer`);
  if (targets.length === 0) {
    throw new UserError("nothing to materialize: name at least one target", {
      suggestions: ["--workbook <id|urlId|url|name>, --data-model <…>, --dataset <id> or --targets FILE"],
    });
  }
  const mode = options.dryRun ? "dry-run" : options.wait === false ? "no-wait" : "wait";
  const so: RunSoFar = { startedAtMs: o.clock.now(), organizationId: null, jobs: [], skipped: [], warnings: [], mode };
  return settleRun(so, o, "materialize", (ctl) => run(client, targets, options, o, concurrency, so, ctl));
}

/** The run itself; what it learns goes into `so`. `ctl` follows the caller's signal; aborting it stops the run. */
async function run(
  client: MaterializeClient,
  targets: readonly TargetSpec[],
  options: MaterializeOptions,
  o: ResolvedWaitOptions,
  concurrency: number,
  so: RunSoFar,
  ctl: AbortController,
): Promise<void> {
  const { clock, emit } = o;
  const { startedAtMs } = so;
  const mode = so.mode as "wait" | "no-wait" | "dry-run";
  const runDeadline = startedAtMs + o.timeoutMs;
  const warn = warnInto(so, emit);

  const who = await client.whoami({ signal: ctl.signal });
  so.organizationId = who.organizationId;
  const plan = await buildPlan(client, targets, { includePaused: options.includePaused === true, signal: ctl.signal, concurrency });
  emit({ type: "resolved", documents: plan.documents });
  for (const w of plan.warnings) warn(w.code, w.message);
  const skipped = (so.skipped = plan.paused.map((j) => skippedFor(j, "paused")));
  for (const j of plan.paused) {
    warn("paused-skipped", `skipping paused schedule of ${describe(j.document)} › ${j.elementName ?? "-"}; pass --include-paused to run it`);
  }
  for (const j of plan.jobs.filter((x) => x.paused)) warn("paused-included", `running paused schedule of ${describe(j.document)} › ${j.elementName ?? "-"} (--include-paused)`);

  const records = (so.jobs = plan.jobs.map(recordFor));
  if (records.length === 0) warn("nothing-to-trigger", "nothing to trigger: every selected schedule is paused (pass --include-paused to run them)");
  if (mode === "dry-run") for (const r of records) r.status = "would-trigger";
  emit({ type: "planned", jobs: records.map((r) => ({ ...r })), skipped });

  const state = o.stateFile && mode !== "dry-run" ? new StateFile(o.stateFile, clock, (m) => warn("state-file", m)) : null;
  const tracker = new JobTracker(client, o, runDeadline, state, warn, ctl.signal);
  so.polling = () => tracker.stats();
  let fatal: { error: unknown } | undefined;
  try {
    if (mode !== "dry-run" && records.length > 0) {
      const entries = state ? await state.read() : {};
      const polling = mode === "wait" ? tracker.run() : Promise.resolve();
      polling.catch(() => ctl.abort());
      const limit = pLimit(concurrency);
      const starting = plan.jobs.map((job, i) =>
        limit(async () => {
          if (fatal || ctl.signal.aborted) return;
          try {
            await startOne(job, records[i] as JobRecord);
          } catch (error) {
            fatal ??= { error };
            ctl.abort();
          }
        }),
      );
      await Promise.all(starting);
      tracker.close();
      try {
        await polling;
      } catch (error) {
        fatal ??= { error };
      }

      async function startOne(job: PlannedJob, record: JobRecord): Promise<void> {
        const now = clock.now();
        if (now >= runDeadline) {
          tracker.update(record, { status: "timed-out", error: "not triggered: the run's --timeout passed first" });
          return;
        }
        const key = stateKey(o.host, who.organizationId, job.document.id, job.sheetId);
        const entry = entries[key];
        if (entry && !options.force && (await attach(job, record, entry, key))) return;
        const triggeredAtMs = clock.now();
        tracker.update(record, { triggeredAt: iso(triggeredAtMs) });
        let started;
        try {
          started = await triggerJob(client, job.document.kind, job.document.id, job.sheetId, { signal: ctl.signal });
        } catch (err) {
          if (isFatal(err) || ctl.signal.aborted) throw err;
          const f = triggerFailure(err);
          tracker.update(record, { status: f.status, error: f.message, durationMs: 0 });
          return;
        }
        const target: PollTarget = {
          kind: job.document.kind,
          documentId: job.document.id,
          jobId: started.jobId,
          triggeredAtMs,
          baselineFinishedAt: started.baselineFinishedAt,
        };
        tracker.update(record, { materializationId: started.jobId, jobRef: formatJobRef({ ...target }), status: "triggered" }, true);
        const newEntry: StateEntry = {
          kind: job.document.kind,
          host: o.host,
          organizationId: who.organizationId,
          documentId: job.document.id,
          documentName: job.document.name,
          sheetId: job.sheetId,
          elementId: job.elementId,
          elementName: job.elementName,
          jobId: started.jobId,
          triggeredAt: iso(triggeredAtMs),
          baselineFinishedAt: started.baselineFinishedAt ?? null,
          // Kept until the job is seen ending (a timed-out run must not forget it); the expiry is only a safety net.
          expiresAt: iso(triggeredAtMs + ENTRY_SAFETY_EXPIRY_MS),
          pid: process.pid,
        };
        tracker.writeState((e) => void (e[key] = newEntry));
        if (mode === "wait") tracker.track({ record, target, stateKey: key, unknownPolls: 0, unknownSince: null, pollErrors: 0 }, triggeredAtMs);
      }

      /** Attaches to a job an earlier run started if Sigma still reports it running; true when attached. */
      async function attach(job: PlannedJob, record: JobRecord, entry: StateEntry, key: string): Promise<boolean> {
        const target: PollTarget = {
          kind: job.document.kind,
          documentId: job.document.id,
          jobId: entry.jobId,
          triggeredAtMs: Date.parse(entry.triggeredAt),
          baselineFinishedAt: entry.baselineFinishedAt,
        };
        const t = { record, target, stateKey: key, unknownPolls: 0, unknownSince: null, pollErrors: 0 };
        try {
          const obs = await tracker.observe(target, ctl.signal);
          if (obs.observed === "ready" || obs.observed === "failed") {
            tracker.writeState((e) => void delete e[key]);
            return false;
          }
          tracker.update(record, { sigmaStatus: obs.sigmaStatus, startedAt: obs.startedAt ?? null });
        } catch (err) {
          if (isFatal(err) || ctl.signal.aborted) throw err;
          // A job Sigma no longer knows cannot be running: start a new one.
          if ((err as { status?: number }).status === 404) {
            tracker.writeState((e) => void delete e[key]);
            return false;
          }
        }
        tracker.update(record, {
          attached: true,
          materializationId: entry.jobId,
          jobRef: formatJobRef(target),
          triggeredAt: entry.triggeredAt,
          status: "triggered",
        }, true);
        warn("attached", `${label(record)}: attached to job ${entry.jobId} started at ${entry.triggeredAt} by an earlier run (pass --force to start another)`);
        if (mode === "wait") tracker.track(t);
        return true;
      }
    }
  } finally {
    await tracker.flush();
  }

  if (fatal) {
    const running = records.filter((r) => r.jobRef && isActive(r.status)).map((r) => r.jobRef as string);
    if (running.length > 0) warn("stopped-early", `stopped early; these jobs were started and may still be running: ${running.join(" ")}`);
    throw fatal.error;
  }
}
