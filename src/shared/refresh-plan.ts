/**
 * What "refresh what changed" decides (issue #9's planner) and what runs it (materialize,
 * `sigmactl serve`): the schedules to run, in waves that respect lineage (a wave only reads
 * what earlier waves refreshed). Plain data, so a plan can be stored and shown.
 */

/** One materialization schedule chosen by the planner, and why. */
export interface PlannedSchedule {
  kind: "workbook" | "data-model" | "dataset";
  documentId: string;
  documentName?: string;
  /** The schedule's sheetId (a dataset's id for datasets). */
  sheetId: string;
  elementId?: string;
  elementName?: string;
  /** 0 for schedules that read only changed tables; n + 1 for those reading a wave-n schedule. */
  wave: number;
  /** The lineage reasons the schedule was chosen (human-readable, e.g. "reads PROD.SALES.ORDERS"). */
  because: string[];
  /** The planned schedules this one reads from. */
  upstream: string[];
}

/** A refresh plan: schedules grouped by wave, the flat list, and the changed tables nothing reads. */
export interface RefreshPlan {
  waves: PlannedSchedule[][];
  schedules: PlannedSchedule[];
  unmatchedTables: string[];
}
