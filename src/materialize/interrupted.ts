/**
 * How `materialize()`, `waitForJobs()` and `checkJobs()` end: with their result, or, when their
 * AbortSignal fired (Ctrl-C), by rejecting as aborted work does, with an error that carries the
 * run so far. Its result has the outcome `interrupted` and lists in `stillRunning` the jobs
 * started in Sigma, which has no cancel.
 */
import { AbortedError } from "../errors.js";
import type { ResolvedWaitOptions } from "./options.js";
import { resultSoFar, type RunSoFar } from "./result.js";
import type { MaterializeResult } from "./types.js";

/** A run stopped through its AbortSignal; `result` is what was known then (outcome `interrupted`). */
export class MaterializeInterruptedError extends AbortedError {
  override name = "MaterializeInterruptedError";
  readonly result: MaterializeResult;
  constructor(message: string, result: MaterializeResult, options?: { cause?: unknown }) {
    super(message, options);
    this.result = result;
  }
}

/**
 * Runs `work` with a controller that follows `o.signal` (the work may also abort it to stop
 * itself on a fatal error), then returns the result of `so` and emits `done`; rejects with
 * {@link MaterializeInterruptedError} whenever `o.signal` fired, even if the work ended cleanly
 * (work it skipped because of the signal was never done).
 */
export async function settleRun(so: RunSoFar, o: ResolvedWaitOptions, what: string, work: (ctl: AbortController) => Promise<void>): Promise<MaterializeResult> {
  const ctl = new AbortController();
  const onAbort = (): void => ctl.abort();
  // An abort that landed before the listener counts too.
  if (o.signal?.aborted) ctl.abort();
  else o.signal?.addEventListener("abort", onAbort, { once: true });
  let cause: unknown;
  try {
    await work(ctl);
  } catch (err) {
    if (!o.signal?.aborted) throw err;
    cause = err;
  } finally {
    o.signal?.removeEventListener("abort", onAbort);
  }
  if (o.signal?.aborted) throw new MaterializeInterruptedError(`${what}: interrupted`, resultSoFar(so, o.clock.now(), true), { cause });
  const result = resultSoFar(so, o.clock.now());
  o.emit({ type: "done", result });
  return result;
}
