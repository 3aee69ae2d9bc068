/**
 * `sigmactl materialize`: trigger Sigma materializations after a pipeline lands and wait for
 * them; `materialize wait` / `materialize status` pick up jobs started earlier.
 * Progress on stderr (live view on a terminal, one line per change elsewhere); the result on
 * stdout (summary table, or one JSON document with --json); exit code from the outcome.
 */
import { resolve } from "node:path";
import type { Command } from "commander";
import { UserError } from "../../errors.js";
import { parseDuration } from "../../materialize/duration.js";
import { buildResult } from "../../materialize/result.js";
import type { MaterializeEvent, MaterializeResult, TargetSpec } from "../../materialize/types.js";
import { createClientFromOptions, globalOptionsOf, type CliContext } from "../context.js";
import type { DriftLine } from "../../client/index.js";
import { reportDrift } from "../drift-report.js";
import { cliWording, cliWordedResult } from "../flag-names.js";
import { createOutput, isInteractive, type Output } from "../output.js";
import { exitCodeFor, signalExitCode } from "../exit-codes.js";
import { errorInfo } from "../render-error.js";
import { examples } from "../program.js";
import { createProgressView, saidElsewhere } from "./materialize-live.js";
import { interruptedError, interruptedResult } from "./materialize-interrupt.js";
import { addWaitFlags, checkOutputFile, collect, followFlags, statePathOf, waitOptionsOf, writeResultFile, type WaitFlags } from "./materialize-options.js";
import { outcomeError, renderSummary } from "./materialize-render.js";
import { addAffectedFlags, hasAffected, planOfFlags, renderPlan, type AffectedFlags } from "../refresh-plan-cli.js";
import type { RefreshPlan } from "../../shared/refresh-plan.js";

interface RunFlags extends WaitFlags, AffectedFlags {
  syncSchema?: boolean;
  workbook?: string[];
  dataModel?: string[];
  dataset?: string[];
  element?: string[];
  targets?: string;
  retryFailed?: string;
  includePaused?: boolean;
  force?: boolean;
  wait: boolean;
  dryRun?: boolean;
  /** False with --no-state. */
  state: boolean;
  unconfirmedWindow?: string;
}

/** Registers `materialize` and its `wait` and `status` subcommands. */
export function register(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("materialize")
    .summary("refresh materializations and wait for them")
    .description("trigger Sigma materializations (workbook, data model and dataset elements) and wait until they are ready")
    .option("--workbook <ref>", "workbook id, urlId, URL or name (repeatable)", collect)
    .option("--data-model <ref>", "data model id, urlId, URL or name (repeatable)", collect)
    .option("--dataset <id>", "dataset id (deprecated by Sigma; completion inferred from its run history) (repeatable)", collect)
    .option("--element <name|elementId|sheetId>", "only these elements of the workbooks/data models (repeatable)", collect)
    .option("--targets <file>", "YAML or JSON list of targets (`- workbook: <ref>` with optional `elements: [...]`)")
    .option("--retry-failed <result.json>", "rerun only the jobs that failed in an earlier result")
    .option("--include-paused", "also run schedules that are paused in Sigma (skipped by default)")
    .option("--force", "trigger even if a job this tool started for the same element is still running, or an earlier trigger may have been accepted")
    .option("--no-state", "use no state file: nothing is recorded, and a rerun may trigger the same elements again")
    .option(
      "--unconfirmed-window <duration>",
      "a trigger sent without a recorded answer (crash, 5xx, timeout) blocks another trigger of that element for this long (default: 1h)",
    )
    .option("--no-wait", "print the job references and exit; follow them later with `materialize wait`")
    .option("--dry-run", "resolve targets and print what would be triggered, trigger nothing")
    .option("--sync-schema", "sync the changed tables in Sigma before triggering (new columns become visible)");
  addAffectedFlags(cmd, true);
  addWaitFlags(cmd, "run")
    .addHelpText(
      "after",
      examples([
        ['sigmactl materialize --workbook "Sales Overview"', "refresh every scheduled element of a workbook and wait"],
        ["sigmactl materialize --targets targets.yaml --json > result.json", "refresh a list of targets; machine-readable result"],
        ["sigmactl materialize --retry-failed result.json", "rerun only what failed"],
        ["sigmactl materialize --workbook $WB --no-wait | xargs sigmactl materialize wait", "free the worker, wait later"],
        ["sigmactl materialize --affected-by ANALYTICS.MARTS.FCT_ORDERS --dry-run", "what reads a rebuilt table, in waves, and why"],
        ["sigmactl materialize --from-dbt target --sync-schema", "refresh what a dbt run rebuilt, in dependency order"],
      ]) +
        "\nConcurrency of trigger requests: --concurrency (default 4). Exit codes: 0 all ready, 1 any failed, 2 timed out, 3 usage, 4 auth, 5 API/network.\n",
    )
    .action(async (flags: RunFlags, command: Command) => runMaterialize(ctx, flags, command));

  addWaitFlags(
    cmd
      .command("wait")
      .summary("wait for jobs started earlier")
      .description("wait for jobs started earlier (result.json, job references, or every job in the state file)")
      .argument("[inputs...]", "result files and/or job references (default: the running jobs in the state file)"),
    "wait",
  )
    .addHelpText(
      "after",
      examples([
        ["sigmactl materialize --workbook $WB --no-wait --output started.json && sigmactl materialize wait started.json", "trigger now, wait later"],
        ["sigmactl materialize wait workbook:<workbookId>:<materializationId>", "one job reference, as printed by --no-wait"],
        ["sigmactl materialize wait --timeout 30m", "every job a run started that may still be running (the state file)"],
      ]) + `\nExit codes: 0 all ready, 1 any failed, 2 timed out, 3 usage, 4 auth, 5 API/network.\n`,
    )
    .action(async (inputs: string[], flags: WaitFlags, command: Command) => runFollow(ctx, inputs, flags, command, "wait"));

  addWaitFlags(
    cmd
      .command("status")
      .summary("show the status of jobs started earlier, once")
      .description("show the current status of jobs started earlier, once, without waiting")
      .argument("[inputs...]", "result files and/or job references (default: the running jobs in the state file)"),
    "status",
  )
    .addHelpText(
      "after",
      examples([
        ["sigmactl materialize status", "the jobs earlier runs started that may still be running"],
        ["sigmactl materialize status started.json --json", "the jobs of a --no-wait run, as JSON"],
      ]),
    )
    .action(async (inputs: string[], flags: WaitFlags, command: Command) => runFollow(ctx, inputs, flags, command, "status"));
}

async function runMaterialize(ctx: CliContext, flags: RunFlags, command: Command): Promise<void> {
  const g = globalOptionsOf(command);
  const out = createOutput(ctx, g);
  const { targetsFromFlags, readTargetsFile, readResultFile, retryTargets, materialize } = await import("../../materialize/index.js");
  const specs: TargetSpec[] = targetsFromFlags({ workbook: flags.workbook, dataModel: flags.dataModel, dataset: flags.dataset, element: flags.element });
  if (flags.targets) specs.push(...(await readTargetsFile(resolve(ctx.cwd, flags.targets))));
  let retrying = false;
  if (flags.retryFailed) {
    const retry = retryTargets(await readResultFile(resolve(ctx.cwd, flags.retryFailed)), flags.retryFailed);
    retrying = true;
    if (retry.length === 0) out.info(`${flags.retryFailed}: no job failed; nothing to retry`);
    specs.push(...retry);
  }
  const affected = hasAffected(flags);
  if (!affected && (flags.lineageFrom !== undefined || flags.syncSchema)) {
    throw new UserError(`${flags.lineageFrom !== undefined ? "--lineage-from" : "--sync-schema"} needs changed tables`, { suggestions: ["--affected-by TABLE, --affected-by-file FILE or --from-dbt DIR"] });
  }
  if (specs.length === 0 && !affected) {
    if (retrying) return finish(ctx, out, flags, emptyResult(), []);
    throw new UserError("nothing to materialize: name at least one target", {
      suggestions: ["--workbook <id|urlId|url|name>, --data-model <ref>, --dataset <id>, --targets FILE or --retry-failed result.json"],
    });
  }
  // The client follows no signal: the job passes one per call, except to trigger POSTs, which a
  // SIGTERM lets finish so that every trigger Sigma accepted is in the result and the state file.
  const client = createClientFromOptions(g, ctx, { logger: out.logger, signal: new AbortController().signal });
  const options = waitOptionsOf(flags, ctx, new URL(client.baseUrl).host);
  if (flags.state === false) options.stateFile = false;
  const unconfirmedWindowMs = flags.unconfirmedWindow === undefined ? undefined : parseDuration(flags.unconfirmedWindow, "--unconfirmed-window");
  if (!flags.dryRun) await checkOutputFile(flags, ctx);
  let plan: RefreshPlan | undefined;
  if (affected) {
    plan = await planOfFlags(ctx, out, client, flags);
    if (flags.dryRun && !out.json) out.info(`refresh plan (${plan.schedules.length} schedule(s) in ${plan.waves.length} wave(s)):\n${renderPlan(plan).trimEnd()}`);
    if (flags.syncSchema && !flags.dryRun) {
      const { syncChangedTables } = await import("../../lineage/index.js");
      out.info(`synced ${await syncChangedTables(client, plan, { signal: ctx.signal })} table(s) in Sigma`);
    }
  }
  const view = createProgressView(ctx, out, { interactive: isInteractive(ctx), quiet: g.quiet });
  let result: MaterializeResult;
  try {
    result = await materialize({
      client,
      targets: specs,
      ...options,
      concurrency: g.concurrency ?? 4,
      includePaused: flags.includePaused === true,
      force: flags.force === true,
      unconfirmedWindowMs,
      wait: flags.wait,
      dryRun: flags.dryRun === true,
      ...(plan ? { plan } : {}),
      onEvent: (e) => {
        if (!saidElsewhere(e, { interrupted: ctx.signal.aborted, json: out.json })) view.onEvent(e);
      },
    });
  } catch (err) {
    view.stop();
    if (ctx.signal.aborted) await finishInterrupted(ctx, out, flags, flags.dryRun ? null : interruptedResult(err), followCommand(flags, []), err, client.drift());
    throw err;
  } finally {
    view.stop();
  }
  await finish(ctx, out, flags, result, client.drift(), plan);
}

async function runFollow(ctx: CliContext, inputs: string[], own: WaitFlags, command: Command, mode: "wait" | "status"): Promise<void> {
  const g = globalOptionsOf(command);
  const flags = followFlags(command, own);
  const out = createOutput(ctx, g);
  const { loadWaitItems, waitForJobs, checkJobs, looksLikeJobRef } = await import("../../materialize/index.js");
  const { StateFile } = await import("../../materialize/state-file.js");
  const { systemClock } = await import("../../materialize/clock.js");
  const client = createClientFromOptions(g, ctx, { logger: out.logger });
  const host = new URL(client.baseUrl).host;
  // `wait started.json` records what it saw in started.json, where `--retry-failed started.json` looks.
  const files = inputs.filter((i) => !looksLikeJobRef(i));
  if (mode === "wait" && flags.output === undefined && files.length === 1 && inputs.length === 1) flags.output = files[0];
  const options = waitOptionsOf(flags, ctx, host);
  await checkOutputFile(flags, ctx);
  const entries = await new StateFile(statePathOf(flags, ctx), systemClock, (m) => out.warn(cliWording(m))).read();
  const items = await loadWaitItems(inputs.map((i) => (looksLikeJobRef(i) ? i : resolve(ctx.cwd, i))), entries, host);
  if (items.length === 0 && inputs.length === 0) {
    // A query that finds nothing is an answer, not a usage error: exit 0.
    out.info("no job to follow: the state file lists no running job for this Sigma host");
    return finish(ctx, out, flags, emptyResult(), client.drift());
  }
  const view = createProgressView(ctx, out, { interactive: mode === "wait" && isInteractive(ctx), quiet: g.quiet, mode: "follow" });
  let result: MaterializeResult;
  try {
    const onEvent = (e: MaterializeEvent) => view.onEvent(e);
    result = mode === "wait" ? await waitForJobs({ client, items, ...options, onEvent }) : await checkJobs({ client, items, ...options, onEvent });
  } catch (err) {
    view.stop();
    if (ctx.signal.aborted) await finishInterrupted(ctx, out, flags, interruptedResult(err), followCommand(flags, inputs), err, client.drift());
    throw err;
  } finally {
    view.stop();
  }
  await finish(ctx, out, flags, result, client.drift());
}

/** The command line that picks the jobs of this run up again. */
function followCommand(flags: WaitFlags, inputs: string[]): string {
  const state = flags.stateFile ? ` --state-file ${flags.stateFile}` : "";
  const what = flags.output ? [flags.output] : inputs;
  return `sigmactl materialize wait${what.length > 0 ? ` ${what.join(" ")}` : ""}${state}`;
}

/**
 * Prints the result (stdout; the --json document adds the client's `drift`), writes --output (the same document),
 * and throws the outcome's exit error.
 */
async function finish(ctx: CliContext, out: Output, flags: WaitFlags, result: MaterializeResult, drift: DriftLine[], plan?: RefreshPlan): Promise<void> {
  // The result is printed first: a failing --output write must not lose it.
  // --output gets the same document as stdout (`wait` reads only its jobs).
  const worded = cliWordedResult(result);
  const doc = { ...worded, drift, ...(plan ? { plan: planSummary(plan) } : {}) };
  out.result(doc, () => renderSummary(worded, out.colors, { resultFile: flags.output }));
  reportDrift(out, drift);
  const err = outcomeError(result);
  await writeResultFile(flags, ctx, out.envelope(doc, { exitCode: err ? exitCodeFor(err) : 0 }));
  if (err) throw err;
}

/** Ctrl-C: keep what is known (stdout and --output, input of `wait`), then say what is still running. */
async function finishInterrupted(
  ctx: CliContext,
  out: Output,
  flags: WaitFlags,
  partial: MaterializeResult | null,
  follow: string,
  cause: unknown,
  drift: DriftLine[],
): Promise<never> {
  const err = interruptedError(partial, follow, cause);
  if (partial && partial.jobs.length > 0) {
    const worded = cliWordedResult(partial);
    const doc = { ...worded, drift };
    out.result(doc, () => renderSummary(worded, out.colors, { resultFile: flags.output }));
    // 130 after Ctrl-C, 143 after SIGTERM: the file says what the process exits with, as stdout does.
    await writeResultFile(flags, ctx, out.envelope(doc, { exitCode: signalExitCode(ctx.signal), outcome: "interrupted", error: errorInfo(err) }));
  }
  throw err;
}

function emptyResult(): MaterializeResult {
  const now = Date.now();
  return buildResult({
    startedAtMs: now,
    finishedAtMs: now,
    organizationId: null,
    jobs: [],
    skipped: [],
    warnings: [],
    polling: { ticks: 0, statusRequests: 0, activeJobTicks: 0 },
    mode: "wait",
  });
}

/** What the --json document says of a refresh plan (the jobs carry wave and because). */
function planSummary(plan: RefreshPlan) {
  return { waves: plan.waves.length, changes: plan.changes, unmatchedTables: plan.unmatchedTables, lineageSource: plan.lineageSource, requests: plan.requests, notes: plan.notes };
}
