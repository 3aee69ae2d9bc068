/**
 * How `materialize()` and `waitForJobs()` end when their AbortSignal fires (Ctrl-C): they reject,
 * as aborted work does, with an error that carries the run so far. Its result has the outcome
 * `interrupted` and lists in `stillRunning` the jobs started in Sigma, which has no cancel.
 */
import { AbortedError } from "../errors.js";
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
