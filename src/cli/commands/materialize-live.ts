/**
 * Progress of a materialize run on stderr. On a terminal: a live view redrawn in place
 * (log-update), one line per job with document, element, status and elapsed time. Anywhere
 * else (CI, orchestrators, pipes): one plain line per state change, nothing redrawn.
 */
import { createLogUpdate } from "log-update";
import { formatDuration } from "../../materialize/duration.js";
import { isTerminal, type JobRecord, type MaterializeEvent } from "../../materialize/types.js";
import { redact } from "../../redact.js";
import { cliWording } from "../flag-names.js";
import type { CliContext } from "../context.js";
import { type Colors, type Output } from "../output.js";
import { countLine, jobDuration, paintStatus, stateLine } from "./materialize-render.js";

/** Receives the run's events; stop() before printing anything else. */
export interface ProgressView {
  onEvent(e: MaterializeEvent): void;
  stop(): void;
}

/** Lines of jobs shown before the live view collapses the rest into a count. */
const MAX_LINES = 20;

/** Options of {@link createProgressView}. */
export interface ProgressViewOptions {
  interactive: boolean;
  quiet: boolean;
  /** `run` triggers jobs (materialize); `follow` picks up jobs started earlier (wait, status). Default run. */
  mode?: "run" | "follow" | undefined;
}

/** Picks the live view on an interactive terminal, plain lines otherwise. */
export function createProgressView(ctx: CliContext, out: Output, opts: ProgressViewOptions): ProgressView {
  if (opts.quiet) return { onEvent: (e) => e.type === "warning" && out.warn(cliWording(e.message)), stop: () => undefined };
  return opts.interactive ? liveView(ctx, out) : plainView(out, opts.mode ?? "run");
}

/**
 * Warnings the human output already carries, by code: after Ctrl-C the error lists what still
 * runs; without --json the summary lists each paused schedule with the --include-paused hint.
 */
export function saidElsewhere(e: MaterializeEvent, run: { interrupted: boolean; json: boolean }): boolean {
  if (e.type !== "warning") return false;
  if (e.code === "stopped-early") return run.interrupted;
  return e.code === "paused-skipped" && !run.json;
}

/** The first plain line of a run: what is about to happen. */
export function plannedLine(jobs: readonly JobRecord[], skipped: number, mode: "run" | "follow"): string {
  if (mode === "follow") return `materialize: following ${jobs.length} job(s) started earlier`;
  const paused = skipped > 0 ? `; ${skipped} paused schedule(s) skipped` : "";
  if (jobs.length > 0 && jobs.every((j) => j.status === "would-trigger")) return `materialize: dry run, ${jobs.length} job(s) would be triggered${paused}`;
  return `materialize: ${jobs.length} job(s) to trigger${paused}`;
}

function plainView(out: Output, mode: "run" | "follow"): ProgressView {
  return {
    onEvent(e) {
      if (e.type === "warning") out.warn(cliWording(e.message));
      else if (e.type === "planned") out.info(plannedLine(e.jobs, e.skipped.length, mode));
      else if (e.type === "job") out.info(stateLine(e.job));
    },
    stop: () => undefined,
  };
}

function liveView(ctx: CliContext, out: Output): ProgressView {
  const c = out.errColors;
  const columns = Math.max(60, Math.min(ctx.stderrColumns ?? 80, 160));
  // The block must fit the terminal: log-update erases by line count, so a taller block leaves
  // its top rows in the scrollback on every redraw. Two rows stay for the count line and the cursor.
  const rows = ctx.stderrRows ?? 24;
  const maxLines = Math.max(1, Math.min(MAX_LINES, rows - 3));
  // log-update needs only write() and the terminal size; the sink is ours, not process.stderr.
  const stream = { write: (s: string) => ctx.stderr.write(redact(s)), columns, rows };
  const draw = createLogUpdate(stream as unknown as NodeJS.WriteStream, { showCursor: true });
  const jobs = new Map<string, JobRecord>();
  const since = new Map<string, number>();
  const started = Date.now();
  let stopped = false;
  // Jobs picked up by reference (wait) may share document and sheet (or have no sheet): tell them apart by ref.
  let byRef = false;
  const key = (j: JobRecord) => (byRef && j.jobRef !== null ? j.jobRef : `${j.kind}/${j.documentId}/${j.sheetId ?? "-"}`);
  const render = (): void => {
    if (stopped) return;
    const now = Date.now();
    const all = [...jobs.values()];
    const active = all.filter((j) => !isTerminal(j.status));
    // When they do not all fit, the running jobs first; "… and N more" stands for the rest.
    const shown = all.length <= maxLines ? all : [...active, ...all.filter((j) => isTerminal(j.status))].slice(0, maxLines - 1);
    // As wide as the longest name, within the terminal: short names keep the status close to them.
    const nameWidth = Math.min(columns - 22, Math.max(30, ...shown.map((j) => labelLength(j))));
    const lines = shown.map((j) => line(j, now - (since.get(key(j)) ?? started), nameWidth, c));
    if (shown.length < all.length) lines.push(c.dim(`… and ${all.length - shown.length} more`));
    lines.push(c.dim(`${countLine(all) || "resolving targets"} · ${formatDuration(now - started)}`));
    draw(lines.join("\n"));
  };
  const timer = setInterval(render, 1000);
  timer.unref?.();
  render();
  return {
    onEvent(e) {
      if (e.type === "warning") {
        // Print above the live block, then redraw it below.
        draw.clear();
        out.warn(cliWording(e.message));
      } else if (e.type === "planned") {
        byRef = e.jobs.length > 0 && e.jobs.every((j) => j.jobRef !== null);
        for (const j of e.jobs) {
          jobs.set(key(j), j);
          // Jobs picked up by `wait` were triggered earlier: their time runs from then.
          if (j.triggeredAt) since.set(key(j), Date.parse(j.triggeredAt));
        }
      } else if (e.type === "job") {
        const k = key(e.job);
        if (e.job.status === "triggered" && !since.has(k)) since.set(k, e.job.triggeredAt ? Date.parse(e.job.triggeredAt) : Date.now());
        jobs.set(k, e.job);
      }
      render();
    },
    stop() {
      if (stopped) return;
      render();
      stopped = true;
      clearInterval(timer);
      draw.done();
    },
  };
}

/**
 * One job: mark, document › element, status, time. A running job shows the time since its
 * trigger; a finished one the same duration as the summary table (Sigma's run time), so the
 * last frame and the table printed under it agree.
 */
export function line(j: JobRecord, elapsedMs: number, nameWidth: number, c: Colors): string {
  const mark = j.status === "ready" ? c.green("✔") : j.status === "failed" || j.status === "error" ? c.red("✖") : isTerminal(j.status) ? c.yellow("!") : c.cyan("…");
  const kind = kindSuffix(j);
  // Names are cut to nameWidth (terminal width − 22): the live block is erased by line count, and a wrapped line would break that.
  const fits = labelLength(j) <= nameWidth;
  const docWidth = fits ? Infinity : j.elementName ? Math.ceil(nameWidth * 0.55) - 3 : nameWidth;
  const doc = fit(j.documentName, docWidth - kind.length) + kind;
  const what = j.elementName ? `${doc} › ${fit(j.elementName, nameWidth - doc.length - 3)}` : doc;
  const time = isTerminal(j.status) ? jobDuration(j) : j.triggeredAt ? formatDuration(elapsedMs) : "";
  return `${mark} ${what.padEnd(nameWidth)}  ${paintStatus(j.status, c)}${" ".repeat(Math.max(1, 10 - j.status.length))}${c.dim(time)}`;
}

function kindSuffix(j: JobRecord): string {
  return j.kind === "workbook" ? "" : j.kind === "data-model" ? " (data model)" : " (dataset)";
}

/** Length of `document (kind) › element` uncut. */
function labelLength(j: JobRecord): number {
  return j.documentName.length + kindSuffix(j).length + (j.elementName ? j.elementName.length + 3 : 0);
}

/** Shortens `text` to `width` characters with an ellipsis. */
function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(1, width - 1))}…`;
}
