/**
 * `materialize({ client, targets, ...options })`: resolve targets → list schedules → skip paused →
 * trigger with bounded concurrency (attaching to jobs an earlier run started) → one shared
 * polling loop → result. The CLI and users' own pipelines call the same function.
 */
import pLimit from "p-limit";
import { UserError } from "../errors.js";
import { observeJob, triggerJob, type PollTarget } from "./adapters.js";
import type { MaterializeClient } from "./client-port.js";
import { iso } from "./clock.js";
import { settleRun } from "./interrupted.js";
import { formatJobRef } from "./job-ref.js";
import { describe } from "./match-document.js";
import { DEFAULT_UNCONFIRMED_WINDOW_MS, resolveWaitOptions, type MaterializeOptions, type ResolvedWaitOptions } from "./options.js";
import { buildPlan } from "./plan.js";
import { recordFor, skippedFor, warnInto, type RunSoFar } from "./result.js";
import { StateFile, stateKey, type StateEntry, type UnconfirmedTrigger } from "./state-file.js";
import { isActive } from "./status.js";
import { isFatal, JobTracker, label } from "./tracker.js";
import { triggerFailure } from "./trigger-errors.js";
import type { TriggerIdentity } from "./trigger-journal.js";
import { TriggerPhase } from "./trigger-phase.js";
import type { JobRecord, MaterializeResult, PlannedJob, TargetSpec } from "./types.js";
import { mergeRefreshPlan, UpstreamGate } from "./refresh-plan-run.js";

/**
 * Runs the materializations of `targets` and reports them. Throws only for user, auth and fatal
 * errors, and with a MaterializeInterruptedError carrying the run so far when `signal` aborts.
 */
export async function materialize(options: MaterializeOptions): Promise<MaterializeResult> {
  const { client, targets } = options;
  const o = resolveWaitOptions(options);
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UserError("`concurrency` must be a positive integer");
  if (targets.length === 0 && options.plan === undefined) {
    throw new UserError("nothing to materialize: `targets` is empty", {
      suggestions: ["name at least one workbook, data model or dataset in `targets`, or pass a `plan`"],
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
  const unconfirmedWindowMs = options.unconfirmedWindowMs ?? DEFAULT_UNCONFIRMED_WINDOW_MS;
  const warn = warnInto(so, emit);

  const who = await client.whoami({ signal: ctl.signal });
  so.organizationId = who.organizationId;
  const plan =
    targets.length > 0
      ? await buildPlan(client, targets, { includePaused: options.includePaused === true, signal: ctl.signal, concurrency })
      : { documents: [], jobs: [], paused: [], warnings: [] };
  if (options.plan) mergeRefreshPlan(plan, options.plan, options.includePaused === true);
  const gate = new UpstreamGate(plan.jobs, ctl.signal);
  emit({ type: "resolved", documents: plan.documents });
  for (const w of plan.warnings) warn(w.code, w.message);
  const skipped = (so.skipped = plan.paused.map((j) => skippedFor(j, "paused")));
  for (const j of plan.paused) {
    warn("paused-skipped", `skipping paused schedule of ${describe(j.document)} › ${j.elementName ?? "-"}; pass \`includePaused\` to run it`);
  }
  for (const j of plan.jobs.filter((x) => x.paused)) warn("paused-included", `running paused schedule of ${describe(j.document)} › ${j.elementName ?? "-"} (\`includePaused\`)`);

  const records = (so.jobs = plan.jobs.map(recordFor));
  if (records.length === 0) warn("nothing-to-trigger", "nothing to trigger: every selected schedule is paused (pass `includePaused` to run them)");
  if (mode === "dry-run") for (const r of records) r.status = "would-trigger";
  emit({ type: "planned", jobs: records.map((r) => ({ ...r })), skipped });

  const state = o.stateFile && mode !== "dry-run" ? new StateFile(o.stateFile, clock, (m) => warn("state-file", m)) : null;
  // Every status change also reaches the gate, which releases the jobs waiting on it.
  const tracker = new JobTracker(client, { ...o, emit: (e) => (o.emit(e), e.type === "job" && gate.note(e.job)) }, runDeadline, state, warn, ctl.signal);
  so.polling = () => tracker.stats();
  let fatal: { error: unknown } | undefined;
  let phase: TriggerPhase | null = null;
  /** Why no more triggers may be sent (journal unwritable, ownership lost), once that happened. */
  let stopTriggering: string | null = null;
  try {
    if (mode !== "dry-run" && records.length > 0) {
      if (state) {
        // Before anything is triggered: an unusable state file is refused here (UserError, exit 3).
        phase = await TriggerPhase.begin(state, {
          clock,
          signal: ctl.signal,
          deadlineMs: runDeadline,
          onWait: (owner) =>
            warn("waiting-for-run", `another sigmactl run (pid ${owner.pid}, since ${owner.acquiredAt}) is triggering with the same state file; waiting for it, then attaching to what it started`),
          onLost: () => {
            stopTriggering = "another run took over the trigger phase (this one was unresponsive for too long)";
            warn("state-file", `stopped triggering: ${stopTriggering}`);
          },
        });
        if (!phase && !ctl.signal.aborted) stopTriggering = "another sigmactl run held the trigger phase of this state file until the run's `timeoutMs`";
      }
      const view = phase?.view ?? { entries: {}, unconfirmed: {}, recent: {} };
      // Jobs others wait for are followed even with --no-wait: their end releases the next wave.
      const follow = (job: PlannedJob) => mode === "wait" || gate.hasDependents(job);
      const polling = mode === "wait" || gate.ordered ? tracker.run() : Promise.resolve();
      polling.catch(() => ctl.abort());
      const limit = pLimit(concurrency);
      const starting = plan.jobs.map(async (job, i) => {
        const record = records[i] as JobRecord;
        // A plan's job starts once every job upstream of it ended; waiting holds no trigger slot.
        const blocked = await gate.wait(job);
        if (blocked !== null) {
          if (!ctl.signal.aborted) tracker.update(record, { status: "skipped", error: `upstream failed: ${blocked}`, durationMs: null });
          return;
        }
        await limit(async () => {
          // A signal stops new triggers; those already sent finish and are recorded (SIGTERM).
          if (fatal || ctl.signal.aborted) return;
          try {
            await startOne(job, record);
          } catch (error) {
            fatal ??= { error };
            ctl.abort();
          }
        });
      });
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
          tracker.update(record, { status: "timed-out", error: "not triggered: the run's `timeoutMs` passed first" });
          return;
        }
        if (stopTriggering) {
          tracker.update(record, { status: "error", error: `not triggered: ${stopTriggering}`, durationMs: null });
          return;
        }
        const key = stateKey(o.host, who.organizationId, job.document.id, job.sheetId);
        if (!options.force) {
          const entry = view.entries[key] ?? freshRecent(view.recent[key]);
          if (entry && (await attach(job, record, entry, key))) return;
          const u = view.unconfirmed[key];
          if (u && now - Date.parse(u.sentAt) < unconfirmedWindowMs && !(await endedSince(job, u))) {
            const until = iso(Date.parse(u.sentAt) + unconfirmedWindowMs);
            tracker.update(record, {
              status: "error",
              triggeredAt: u.sentAt,
              durationMs: null,
              error: `unknown: maybe running. A trigger was sent at ${u.sentAt} and Sigma's answer never reached sigmactl (${u.reason}); Sigma cannot be asked whether it started, so it is not sent again before ${until} (\`unconfirmedWindowMs\`). Check the element in Sigma, or pass \`force\` to trigger it now`,
            });
            warn("maybe-running", `${label(record)}: not triggered again, an earlier trigger at ${u.sentAt} may be running (pass \`force\` to trigger anyway)`);
            return;
          }
        }
        const triggeredAtMs = clock.now();
        const sheet: TriggerIdentity = {
          kind: job.document.kind,
          host: o.host,
          organizationId: who.organizationId,
          documentId: job.document.id,
          documentName: job.document.name,
          sheetId: job.sheetId,
          elementId: job.elementId,
          elementName: job.elementName,
          pid: process.pid,
        };
        if (phase) {
          try {
            // Write-ahead: the intent is durable before the POST leaves.
            await phase.intent(key, sheet);
          } catch (err) {
            stopTriggering = (err as Error).message;
            tracker.update(record, { status: "error", error: `not triggered: ${stopTriggering}`, durationMs: null });
            warn("state-file", `stopped triggering: ${stopTriggering}`);
            return;
          }
        }
        tracker.update(record, { triggeredAt: iso(triggeredAtMs) });
        let started;
        try {
          // No signal: a trigger in flight is let finish and recorded (Sigma may accept it anyway).
          started = await triggerJob(client, job.document.kind, job.document.id, job.sheetId, {});
        } catch (err) {
          const f = triggerFailure(err);
          await record_(phase?.answer(key, f.maybeStarted ? { unknown: f.message } : { refused: f.message }));
          if (isFatal(err)) throw err;
          tracker.update(record, { status: f.status, error: f.message, durationMs: 0 });
          return;
        }
        await record_(phase?.answer(key, { jobId: started.jobId, baselineFinishedAt: started.baselineFinishedAt ?? null }));
        const target: PollTarget = {
          kind: job.document.kind,
          documentId: job.document.id,
          jobId: started.jobId,
          triggeredAtMs,
          baselineFinishedAt: started.baselineFinishedAt,
        };
        tracker.update(record, { materializationId: started.jobId, jobRef: formatJobRef({ ...target }), status: "triggered" }, true);
        if (follow(job) && !ctl.signal.aborted) tracker.track({ record, target, stateKey: key, unknownPolls: 0, unknownSince: null, pollErrors: 0 }, triggeredAtMs);
      }

      /** Awaits a journal answer; a failure is a warning (the rerun then sees the trigger as unconfirmed, never as not sent). */
      async function record_(write: Promise<void> | undefined): Promise<void> {
        try {
          await write;
        } catch (err) {
          warn("state-file", `${(err as Error).message}; the trigger will count as "maybe running" for later runs`);
        }
      }

      /** A sheet's last accepted trigger when it was sent after this run began: it serves this run too. */
      function freshRecent(entry: StateEntry | undefined): StateEntry | undefined {
        return entry && Date.parse(entry.triggeredAt) >= startedAtMs ? entry : undefined;
      }

      /** Datasets list finished runs: one that finished after the unconfirmed trigger proves it no longer runs. */
      async function endedSince(job: PlannedJob, u: UnconfirmedTrigger): Promise<boolean> {
        if (job.document.kind !== "dataset") return false;
        const obs = await observeJob(client, { kind: "dataset", documentId: job.document.id, jobId: "", triggeredAtMs: Date.parse(u.sentAt) }, { signal: ctl.signal }).catch(
          () => null,
        );
        return obs !== null && (obs.observed === "ready" || obs.observed === "failed");
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
        // Triggered after this run began (a run started together): its outcome is this run's, running or not.
        const fresh = Date.parse(entry.triggeredAt) >= startedAtMs;
        const t = { record, target, stateKey: key, unknownPolls: 0, unknownSince: null, pollErrors: 0 };
        try {
          const obs = await tracker.observe(target, ctl.signal);
          if (!fresh && (obs.observed === "ready" || obs.observed === "failed")) {
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
        warn("attached", `${label(record)}: attached to job ${entry.jobId} started at ${entry.triggeredAt} by ${fresh ? "a run started at the same time" : "an earlier run"} (pass \`force\` to start another)`);
        if (follow(job)) tracker.track(t);
        return true;
      }
    }
  } finally {
    await tracker.flush();
    await phase?.end().catch((err: unknown) => warn("state-file", `could not record this run's triggers in ${o.stateFile}: ${(err as Error).message}; the next run recovers them from the journal`));
  }

  if (fatal) {
    const running = records.filter((r) => r.jobRef && isActive(r.status)).map((r) => r.jobRef as string);
    if (running.length > 0) warn("stopped-early", `stopped early; these jobs were started and may still be running: ${running.join(" ")}`);
    throw fatal.error;
  }
}
