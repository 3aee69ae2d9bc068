/**
 * The `sigmactl demo` step of extract: extracts the demo emulator's organisation with the same
 * job and progress view as `sigmactl extract`, checks the workbook count against the emulator's
 * ground truth, and says where the files are and what they hold. Helper module: no `register`.
 */
import { join, relative } from "node:path";
import { JobFailedError } from "../../errors.js";
import { extract } from "../../extract/index.js";
import type { DemoStep } from "../demo-step.js";
import { isInteractive } from "../output.js";
import { selfCommand } from "../self-command.js";
import { createExtractProgress, seconds } from "./extract-progress.js";

interface TruthView {
  workbooks: Array<{ isArchived: boolean; hiddenFromCaller: boolean }>;
}

/** Extract the organisation to castor-compatible files. */
export const extractDemoStep: DemoStep = {
  name: "extract",
  title: "extract the organisation's metadata and lineage to castor-compatible JSON files",
  async run({ client, emulator, ctx, out, outDir, signal }) {
    const dir = join(outDir, "extract");
    const interactive = isInteractive(ctx);
    // Off a terminal the step's lines below are the report; the per-phase log lines would repeat them.
    const view = createExtractProgress(ctx, out, { interactive, quiet: !interactive });
    const result = await extract({
      // The demo's shared client: the summary reports this run's own share of its counters.
      client,
      outDir: dir,
      // The demo org has a few datasets Sigma answers 409 for, on purpose: report, do not fail.
      maxErrors: Number.MAX_SAFE_INTEGER,
      signal,
      onProgress: (e) => view.onEvent(e),
    }).finally(() => view.stop());
    const s = result.summary;

    const truth = emulator.truth() as TruthView;
    const visible = truth.workbooks.filter((w) => !w.isArchived && !w.hiddenFromCaller).length;
    const got = s.counts.workbooks ?? 0;
    if (got !== visible) throw new JobFailedError(`extracted ${got} workbooks, the emulator's ground truth lists ${visible} visible ones`);

    const rel = relative(ctx.cwd, dir) || ".";
    const lines = [
      `${result.files.length} asset files + summary in ${rel}/ (run ${result.ts}: ${rel}/${result.ts}-<asset>.json)`,
      ...wrap("rows: ", result.files.map((f) => `${f.asset} ${f.rows}`), 100),
      `workbooks: ${got}, as in the emulator's ground truth; ${s.requests} requests in ${seconds(s.duration_ms)}`,
    ];
    if (s.error_count > 0) {
      const what = [...new Set(s.errors.map((e) => `${e.asset} (${e.status ?? e.error}${e.code ? ` ${e.code}` : ""})`))].join(", ");
      lines.push(`${s.error_count} part(s) skipped and listed in the summary: ${what}`);
    }
    const me = selfCommand();
    lines.push(`try it: ${me} extract -o DIR [--since last], then ${me} upload -t VIZ -d DIR (extract --help)`);
    return { lines, files: [result.summaryPath], data: { ts: result.ts, dir, counts: s.counts, requests: s.requests, errors: s.error_count } };
  },
};

/** `prefix` and the items joined with " · ", broken into lines of at most `width` characters. */
function wrap(prefix: string, items: string[], width: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const item of items) {
    const next = current === "" ? item : `${current} · ${item}`;
    if (current !== "" && prefix.length + next.length > width) {
      lines.push(current);
      current = item;
    } else current = next;
  }
  if (current !== "") lines.push(current);
  return lines.map((l, i) => (i === 0 ? prefix : " ".repeat(prefix.length)) + l);
}
