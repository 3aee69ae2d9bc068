/** Progress events of an extraction, rendered by the CLI (live on a terminal, one line per phase otherwise). */

/** The phases of a run, in order (listing and documents overlap in time). */
export type ExtractPhase = "lists" | "documents" | "carry" | "write";

/** How a phase ended: finished, cut short by the signal (Ctrl-C), or stopped by an error. */
export type PhaseOutcome = "done" | "interrupted" | "failed";

/** One progress event. */
export type ExtractEvent =
  | { type: "phase-start"; phase: ExtractPhase }
  | {
      type: "phase-end";
      phase: ExtractPhase;
      /** Items the phase handled (entries listed, documents fetched, files written...). */
      count: number;
      elapsedMs: number;
      /** A phase cut short is never reported `done`: e.g. a list stopped by Ctrl-C. */
      outcome: PhaseOutcome;
      /** A short human description, e.g. "1234 entries from 8 lists" or "interrupted after 1234 entries (5 of 8 lists complete)". */
      detail: string;
    }
  | {
      type: "tick";
      listed: number;
      /** Documents known so far (grows while lists are read). */
      documentsQueued: number;
      documentsDone: number;
      requests: number;
      elapsedMs: number;
    };

/** Receives progress events. */
export type ProgressListener = (event: ExtractEvent) => void;
