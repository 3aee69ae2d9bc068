/**
 * Progress of a materialize run on stderr. On a terminal: a live view redrawn in place
 * (log-update), one line per job with document, element, status and elapsed time. Anywhere
 * else (CI, orchestrators, pipes): one plain line per state change, nothing redrawn.
 */
import { createLogUpdate } from "log-update";
import { formatDuration } from "../../materialize/duration.js";
import { isTerminal, type JobRecord, type MaterializeEvent } from "../../materialize/types.js";
import { redact } from "../../redact.js";
import type { CliContext } from "../context.js";
import { type Colors, type Output } from "../output.js";
import { countLine, paintStatus, stateLine } from "./materialize-render.js";

/** Receives the run's events; stop() before printing anything else. */
export interface ProgressView {
  onEvent(e: MaterializeEvent): void;
  stop(): void;
}

/** Lines of jobs shown before the live view collapses the rest into a count. */
const MAX_LINES = 20;

/** Picks the live view on an interactive terminal, plain lines otherwise. */
export function createProgressView(ctx: CliContext, out: Output, opts: { interactive: boolean; quiet: boolean }): ProgressView {
  if (opts.quiet) return { onEvent: (e) => e.type === "warning" && out.warn(e.message), stop: () => undefined };
  return opts.interactive ? liveView(ctx, out) : plainView(out);
}

function plainView(out: Output): ProgressView {
  return {
    onEvent(e) {
      if (e.type === "warning") out.warn(e.message);
      else if (e.type === "planned") out.info(`materialize: ${e.jobs.length} job(s) planned, ${e.skipped.length} paused schedule(s) skipped`);
      else if (e.type === "job") out.info(stateLine(e.job));
    },
    stop: () => undefined,
  };
}

function liveView(ctx: CliContext, out: Output): ProgressView {
  const c = out.errColors;
  // log-update needs only write() and the terminal width; the sink is ours, not process.stderr.
  const stream = { write: (s: string) => ctx.stderr.write(redact(s)), columns: 80, rows: MAX_LINES + 6 };
  const draw = createLogUpdate(stream as unknown as NodeJS.WriteStream, { showCursor: true });
  const jobs = new Map<string, JobRecord>();
  const since = new Map<string, number>();
  const ended = new Map<string, number>();
  const started = Date.now();
  let stopped = false;
  const key = (j: JobRecord) => `${j.kind}/${j.documentId}/${j.sheetId ?? "-"}`;
  const render = (): void => {
    if (stopped) return;
    const now = Date.now();
    const all = [...jobs.values()];
    const active = all.filter((j) => !isTerminal(j.status));
    const shown = all.length <= MAX_LINES ? all : [...active, ...all.filter((j) => isTerminal(j.status))].slice(0, MAX_LINES);
    const lines = shown.map((j) => line(j, (ended.get(key(j)) ?? now) - (since.get(key(j)) ?? started), c));
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
        out.warn(e.message);
      } else if (e.type === "planned") {
        for (const j of e.jobs) jobs.set(key(j), j);
      } else if (e.type === "job") {
        const k = key(e.job);
        if (e.job.status === "triggered" && !since.has(k)) since.set(k, e.job.triggeredAt ? Date.parse(e.job.triggeredAt) : Date.now());
        if (isTerminal(e.job.status) && !ended.has(k)) ended.set(k, Date.now());
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

function line(j: JobRecord, elapsedMs: number, c: Colors): string {
  const mark = j.status === "ready" ? c.green("✔") : j.status === "failed" || j.status === "error" ? c.red("✖") : isTerminal(j.status) ? c.yellow("!") : c.cyan("…");
  const kind = j.kind === "workbook" ? "" : j.kind === "data-model" ? " (data model)" : " (dataset)";
  // Kept under 80 columns: the live block is erased by line count, and a wrapped line would break that.
  const doc = fit(j.documentName, 32 - kind.length) + kind;
  const what = j.elementName ? `${doc} › ${fit(j.elementName, 24)}` : doc;
  const elapsed = j.triggeredAt ? formatDuration(elapsedMs) : "";
  return `${mark} ${what.padEnd(59)} ${paintStatus(j.status, c)}${" ".repeat(Math.max(1, 10 - j.status.length))}${c.dim(elapsed)}`;
}

/** Shortens `text` to `width` characters with an ellipsis. */
function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(1, width - 1))}…`;
}
