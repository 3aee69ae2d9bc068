/**
 * What `sigmactl materialize` (and `wait`) say when Ctrl-C stops them: the run so far (the
 * job's MaterializeInterruptedError carries it) is printed and written to --output by the
 * command, and this error names what still runs in Sigma. Helper module: no `register`.
 */
import { AbortedError } from "../../errors.js";
import { MaterializeInterruptedError } from "../../materialize/interrupted.js";
import type { MaterializeResult } from "../../materialize/types.js";

/** The run so far carried by an interrupted run's error (null: stopped before it knew of any job). */
export function interruptedResult(err: unknown): MaterializeResult | null {
  return err instanceof MaterializeInterruptedError ? err.result : null;
}

/**
 * The error a Ctrl-C'd run exits with: what was left running in Sigma and how to follow it
 * (`follow`: the command line that picks the jobs up again).
 */
export function interruptedError(r: MaterializeResult | null, follow: string, cause: unknown): AbortedError {
  const running = r?.stillRunning.length ?? 0;
  if (running === 0) {
    const started = r?.jobs.some((j) => j.materializationId !== null) ?? false;
    return new AbortedError(`interrupted${started ? "" : " before any materialization was triggered"}; nothing is left running`, { cause });
  }
  return new AbortedError(
    `interrupted; ${running} materialization(s) already started keep running in Sigma (it has no cancel). Follow them with: ${follow}`,
    { cause },
  );
}
