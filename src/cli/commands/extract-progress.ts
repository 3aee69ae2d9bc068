/**
 * Progress of an extraction on stderr. On a terminal: one live line per phase (counts and
 * rate), redrawn in place. Elsewhere (CI, pipes, logs): one plain line when each phase ends.
 */
import { createLogUpdate } from "log-update";
import type { ExtractEvent, ExtractPhase, PhaseOutcome } from "../../extract/progress.js";
import { redact } from "../../redact.js";
import type { CliContext } from "../context.js";
import type { Output } from "../output.js";

/** Receives the extraction's events; stop() before printing the result. */
export interface ExtractProgressView {
  onEvent(e: ExtractEvent): void;
  stop(): void;
}

const LABEL: Record<ExtractPhase, string> = { lists: "lists", documents: "documents", carry: "carried forward", write: "files" };

/** Seconds with one decimal. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

function rate(n: number, ms: number): string {
  return ms > 0 ? `${Math.round((n * 1000) / ms)}/s` : "-";
}

/** Picks the live view on an interactive terminal, plain lines otherwise (nothing with --quiet). */
export function createExtractProgress(ctx: CliContext, out: Output, opts: { interactive: boolean; quiet: boolean }): ExtractProgressView {
  if (opts.quiet) return { onEvent: () => undefined, stop: () => undefined };
  if (!opts.interactive) {
    return {
      onEvent(e) {
        if (e.type !== "phase-end") return;
        // A phase cut short says so in its detail; its rate would mean nothing.
        const speed = e.outcome === "done" ? ` (${rate(e.count, e.elapsedMs)})` : "";
        out.info(`extract: ${LABEL[e.phase]}: ${e.detail} in ${seconds(e.elapsedMs)}${speed}`);
      },
      stop: () => undefined,
    };
  }
  const c = out.errColors;
  const MARK: Record<PhaseOutcome, string> = { done: c.green("✔"), interrupted: c.yellow("!"), failed: c.red("✖") };
  const stream = { write: (s: string) => ctx.stderr.write(redact(s)), columns: 120, rows: 10 };
  const draw = createLogUpdate(stream as unknown as NodeJS.WriteStream, { showCursor: true });
  const finished: string[] = [];
  let last: Extract<ExtractEvent, { type: "tick" }> | undefined;
  let lastDraw = 0;
  let stopped = false;
  const render = (force = false) => {
    const now = Date.now();
    if (stopped || (!force && now - lastDraw < 100)) return;
    lastDraw = now;
    const lines = [...finished];
    if (last) {
      const t = last.elapsedMs;
      lines.push(
        `${c.cyan("…")} listed ${last.listed} · documents ${last.documentsDone}/${last.documentsQueued} (${rate(last.documentsDone, t)}) · requests ${last.requests} (${rate(last.requests, t)}) · ${seconds(t)}`,
      );
    }
    draw(lines.join("\n"));
  };
  const timer = setInterval(() => render(true), 1000);
  timer.unref?.();
  return {
    onEvent(e) {
      if (e.type === "tick") last = e;
      else if (e.type === "phase-end") finished.push(`${MARK[e.outcome]} ${LABEL[e.phase]}: ${e.detail} ${c.dim(`in ${seconds(e.elapsedMs)}`)}`);
      render(e.type !== "tick");
    },
    stop() {
      if (stopped) return;
      last = undefined;
      render(true);
      stopped = true;
      clearInterval(timer);
      draw.done();
    },
  };
}
