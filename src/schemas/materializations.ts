/** Materialization payloads: schedules, run triggers, job status (workbooks, data models, datasets). */
import { z } from "zod";

/**
 * A materialization schedule of one element. `sheetId` identifies the schedule and is what a
 * run request posts; `schedule` is null when no cron is set.
 */
export const MaterializationScheduleSchema = z.looseObject({
  sheetId: z.string(),
  elementId: z.string(),
  elementName: z.string(),
  schedule: z
    .looseObject({
      cronSpec: z.string().optional(),
      timezone: z.string().optional(),
    })
    .nullable(),
  configuredAt: z.string(),
  paused: z.boolean(),
});
/** A materialization schedule of one element. */
export type MaterializationSchedule = z.infer<typeof MaterializationScheduleSchema>;

/**
 * Status of a workbook or data-model materialization run. `status` is an open string
 * (observed: pending, building, ready, failed) so an unknown word can be reported, not rejected.
 */
export const MaterializationJobSchema = z.looseObject({
  materializationId: z.string(),
  status: z.string(),
  startedAt: z.string().optional(),
  readyAt: z.string().optional(),
  expiredAt: z.string().optional(),
  error: z.string().optional(),
});
/** Status of a materialization run. */
export type MaterializationJob = z.infer<typeof MaterializationJobSchema>;

/** Response of `POST /v2/workbooks/{id}/materializations` and `POST /v2/dataModels/{id}:materialize`. */
export const MaterializationStartedSchema = z.looseObject({
  materializationId: z.string(),
});
/** A started workbook or data-model materialization. */
export type MaterializationStarted = z.infer<typeof MaterializationStartedSchema>;

/** Response of `POST /v2/datasets/{datasetId}/materialization`. */
export const DatasetMaterializationStartedSchema = z.looseObject({
  taskId: z.string(),
});
/** A started dataset materialization. */
export type DatasetMaterializationStarted = z.infer<typeof DatasetMaterializationStartedSchema>;

/** Error of a dataset materialization run. */
export const DatasetMaterializationErrorSchema = z.looseObject({
  code: z.string(),
  message: z.string().nullable(),
  errorCode: z.string().nullable().optional(),
});

/**
 * A finished dataset materialization (`GET /v2/datasets/{id}/materialization`; in-progress runs
 * are not listed). `status` is open (document: success, failed, marked, swept).
 * `error` is a required object in the document, but the dataset materialization docs show
 * `null` for successful runs, so null is accepted.
 */
export const DatasetMaterializationRunSchema = z.looseObject({
  status: z.string(),
  finishedAt: z.string(),
  error: DatasetMaterializationErrorSchema.nullable(),
  runtimeSecs: z.number().nullable(),
  numRows: z.number().nullable(),
  numBytes: z.number().nullable(),
});
/** A finished dataset materialization. */
export type DatasetMaterializationRun = z.infer<typeof DatasetMaterializationRunSchema>;
