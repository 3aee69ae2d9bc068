/**
 * The `sigmactl demo` step of materialize: refreshes a sample workbook and a data model of the
 * demo's emulator with the same job and live view as `sigmactl materialize`. Helper module: no `register`.
 */
import { JobFailedError } from "../../errors.js";
import { formatDuration } from "../../materialize/duration.js";
import { materialize } from "../../materialize/materialize.js";
import type { TargetSpec } from "../../materialize/types.js";
import type { DemoStep } from "../demo-step.js";
import { isInteractive } from "../output.js";
import { createProgressView } from "./materialize-live.js";
import { countLine, jobLabel } from "./materialize-render.js";
import { selfCommand } from "../self-command.js";

/** Refresh a workbook and a data model, waiting for every job. */
export const materializeDemoStep: DemoStep = {
  name: "materialize",
  title: "refresh a workbook and a data model (trigger, then poll until ready)",
  async run({ client, ctx, out, signal }) {
    // The sample: the workbook and the data model with the most unpaused schedules.
    let workbook: { id: string; n: number } | undefined;
    for await (const w of client.workbooks.list({ signal })) {
      const n = (await client.workbooks.materializationSchedules(w.workbookId, { signal }).toArray()).filter((s) => !s.paused).length;
      if (n > 0 && n <= 4 && n > (workbook?.n ?? 0)) workbook = { id: w.workbookId, n };
    }
    let dataModel: { id: string; n: number } | undefined;
    for await (const d of client.dataModels.list({ signal })) {
      const n = (await client.dataModels.materializationSchedules(d.dataModelId, { signal }).toArray()).filter((s) => !s.paused).length;
      if (n > 0 && n > (dataModel?.n ?? 0)) dataModel = { id: d.dataModelId, n };
    }
    const targets: TargetSpec[] = [];
    if (workbook) targets.push({ kind: "workbook", ref: workbook.id });
    if (dataModel) targets.push({ kind: "data-model", ref: dataModel.id });
    if (targets.length === 0) throw new JobFailedError("the demo organisation has no unpaused materialization schedule");

    // On a terminal the live view shows every job, so the step's lines only sum up; elsewhere the
    // step's lines are the report and the per-change log lines would repeat them.
    const interactive = isInteractive(ctx);
    const view = createProgressView(ctx, out, { interactive, quiet: !interactive });
    const result = await materialize({ client, targets, timeoutMs: 120_000, signal, onEvent: (e) => view.onEvent(e) }).finally(() => view.stop());

    const perJob = result.jobs.map(
      (j) => `${jobLabel(j)}: ${j.status}${j.durationMs === null ? "" : ` in ${formatDuration(j.durationMs)}`}${j.error ? `: ${j.error}` : ""}`,
    );
    const polling = `${result.polling.statusRequests} status requests over ${result.polling.ticks} polling tick(s)`;
    const lines = interactive
      ? [`${polling}; the job times above are Sigma's run times`]
      : [...perJob, `${countLine(result.jobs)} in ${formatDuration(result.durationMs)} (job times are Sigma's run times); ${polling}`];
    lines.push(`try it: ${selfCommand()} materialize --workbook <id|name> [--json] (materialize --help)`);
    if (result.outcome !== "ready") throw new JobFailedError(`materialize ended ${result.outcome}: ${perJob.join("; ")}`);
    return { lines, data: result };
  },
};
