/** Progress events of an extraction, rendered by the CLI (live on a terminal, one line per phase otherwise). */

/** The phases of a run, in order (listing and documents overlap in time). */
export type ExtractPhase = "lists" | "documents" | "carry" | "write";

/** One progress event. */
export type ExtractEvent =
  | { type: "phase-start"; phase: ExtractPhase }
  | {
      type: "phase-end";
      phase: ExtractPhase;
      /** Items the phase handled (entries listed, documents fetched, files written...). */
      count: number;
      elapsedMs: number;
      /** A short human description, e.g. "1234 entries from 8 lists". */
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
