/**
 * linkSignals: a signal of one request that aborts when any of its sources does, disposed
 * explicitly when the request ends.
 *
 * Why not the alternatives, given a long-lived source (a job's signal shared by thousands of
 * requests): one listener per request piles up on the source (MaxListenersExceededWarning with
 * a few hundred queued requests), and AbortSignal.any, on Node 20, leaves a record on the
 * source for every signal derived from it until the source itself is collected (measured:
 * about 4 MB per 100 000 derived signals). Here each source carries at most one listener,
 * shared by every linked signal alive, and removed with the last one.
 */

/** A linked signal and the function that unlinks it from its sources. */
export interface LinkedSignal {
  signal: AbortSignal;
  /** Unlinks from the sources (idempotent). Call it when the request ends. */
  dispose(): void;
}

interface Fanout {
  children: Set<AbortController>;
  onAbort: () => void;
}

// Keyed by source signal and weak: an entry lives only while linked signals exist.
const fanouts = new WeakMap<AbortSignal, Fanout>();

function attach(source: AbortSignal, child: AbortController): void {
  let fanout = fanouts.get(source);
  if (!fanout) {
    const children = new Set<AbortController>();
    const onAbort = (): void => {
      fanouts.delete(source);
      for (const c of children) c.abort(source.reason);
      children.clear();
    };
    fanout = { children, onAbort };
    fanouts.set(source, fanout);
    source.addEventListener("abort", onAbort, { once: true });
  }
  fanout.children.add(child);
}

function detach(source: AbortSignal, child: AbortController): void {
  const fanout = fanouts.get(source);
  if (!fanout) return;
  fanout.children.delete(child);
  if (fanout.children.size > 0) return;
  fanouts.delete(source);
  source.removeEventListener("abort", fanout.onAbort);
}

/** Number of linked signals currently attached to `source` (tests, diagnostics). */
export function linkedCount(source: AbortSignal): number {
  return fanouts.get(source)?.children.size ?? 0;
}

/** A signal that aborts, with the source's reason, as soon as one of `sources` aborts. */
export function linkSignals(sources: ReadonlyArray<AbortSignal | undefined>): LinkedSignal {
  const controller = new AbortController();
  const list = sources.filter((s): s is AbortSignal => s !== undefined);
  const aborted = list.find((s) => s.aborted);
  if (aborted) {
    controller.abort(aborted.reason);
    return { signal: controller.signal, dispose: () => {} };
  }
  for (const s of list) attach(s, controller);
  let disposed = false;
  return {
    signal: controller.signal,
    dispose: () => {
      if (disposed) return;
      disposed = true;
      for (const s of list) detach(s, controller);
    },
  };
}
