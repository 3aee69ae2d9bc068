/** Materialization payloads: schedules, run triggers, job status (workbooks, data models, datasets). */
import { z } from "zod";
import { maybe } from "./reading.js";

/**
 * A materialization schedule of one element as sigmactl reads it. `sheetId` identifies the
 * schedule and is what a run request posts; `schedule` is null when no cron is set.
 */
export const MaterializationScheduleSchema = z.looseObject({
  sheetId: z.string(),
  elementId: maybe(z.string()),
  elementName: maybe(z.string()),
  schedule: maybe(
    z.looseObject({
      cronSpec: maybe(z.string()),
      timezone: maybe(z.string()),
    }),
  ),
  configuredAt: maybe(z.string()),
  paused: maybe(z.boolean()),
});
/** A materialization schedule of one element. */
export type MaterializationSchedule = z.infer<typeof MaterializationScheduleSchema>;

/** A documented materialization schedule. */
export const MaterializationScheduleDocSchema = z.strictObject({
  sheetId: z.string(),
  elementId: z.string(),
  elementName: z.string(),
  schedule: z
    .strictObject({
      cronSpec: z.string().optional(),
      timezone: z.string().optional(),
    })
    .nullable(),
  configuredAt: z.string(),
  paused: z.boolean(),
});
/** A documented materialization schedule. */
export type MaterializationScheduleDoc = z.infer<typeof MaterializationScheduleDocSchema>;

/**
 * Status of a workbook or data-model materialization run. `status` is needed and open
 * (observed: pending, building, ready, failed) so an unknown word can be reported, not rejected.
 */
export const MaterializationJobSchema = z.looseObject({
  materializationId: maybe(z.string()),
  status: z.string(),
  startedAt: maybe(z.string()),
  readyAt: maybe(z.string()),
  expiredAt: maybe(z.string()),
  error: maybe(z.string()),
});
/** Status of a materialization run. */
export type MaterializationJob = z.infer<typeof MaterializationJobSchema>;

/** A documented materialization run status. */
export const MaterializationJobDocSchema = z.strictObject({
  materializationId: z.string(),
  status: z.string(),
  startedAt: z.string().optional(),
  readyAt: z.string().optional(),
  expiredAt: z.string().optional(),
  error: z.string().optional(),
});
/** A documented materialization run status. */
export type MaterializationJobDoc = z.infer<typeof MaterializationJobDocSchema>;

/** Response of `POST /v2/workbooks/{id}/materializations` and `POST /v2/dataModels/{id}:materialize`. */
export const MaterializationStartedSchema = z.looseObject({
  materializationId: z.string(),
});
/** A started workbook or data-model materialization. */
export type MaterializationStarted = z.infer<typeof MaterializationStartedSchema>;

/** Documented response of a workbook or data-model materialization trigger. */
export const MaterializationStartedDocSchema = z.strictObject({
  materializationId: z.string(),
});
/** A documented started materialization. */
export type MaterializationStartedDoc = z.infer<typeof MaterializationStartedDocSchema>;

/** Response of `POST /v2/datasets/{datasetId}/materialization`. */
export const DatasetMaterializationStartedSchema = z.looseObject({
  taskId: z.string(),
});
/** A started dataset materialization. */
export type DatasetMaterializationStarted = z.infer<typeof DatasetMaterializationStartedSchema>;

/** Documented response of a dataset materialization trigger. */
export const DatasetMaterializationStartedDocSchema = z.strictObject({
  taskId: z.string(),
});
/** A documented started dataset materialization. */
export type DatasetMaterializationStartedDoc = z.infer<typeof DatasetMaterializationStartedDocSchema>;

/** Documented error of a dataset materialization run. */
export const DatasetMaterializationErrorDocSchema = z.strictObject({
  code: z.string(),
  message: z.string().nullable(),
  errorCode: z.string().nullable().optional(),
});

/**
 * A finished dataset materialization (`GET /v2/datasets/{id}/materialization`; in-progress runs
 * are not listed), as sigmactl reads it. `status` is open (document: success, failed, marked, swept).
 */
export const DatasetMaterializationRunSchema = z.looseObject({
  status: maybe(z.string()),
  finishedAt: maybe(z.string()),
  error: maybe(z.looseObject({ code: maybe(z.string()), message: maybe(z.string()) })),
  runtimeSecs: maybe(z.number()),
  numRows: maybe(z.number()),
  numBytes: maybe(z.number()),
});
/** A finished dataset materialization. */
export type DatasetMaterializationRun = z.infer<typeof DatasetMaterializationRunSchema>;

/**
 * A documented finished dataset materialization. `error` is a required object in the document,
 * but the dataset materialization docs show `null` for successful runs, so null is accepted.
 */
export const DatasetMaterializationRunDocSchema = z.strictObject({
  status: z.enum(["success", "failed", "marked", "swept"]),
  finishedAt: z.string(),
  error: DatasetMaterializationErrorDocSchema.nullable(),
  runtimeSecs: z.number().nullable(),
  numRows: z.number().nullable(),
  numBytes: z.number().nullable(),
});
/** A documented finished dataset materialization (`status` typed as a string, as for files). */
export type DatasetMaterializationRunDoc = Omit<z.infer<typeof DatasetMaterializationRunDocSchema>, "status"> & { status: string };
