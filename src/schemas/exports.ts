/** Workbook exports (`POST /v2/workbooks/{workbookId}/export`; sigma-api-facts §5.12). */
import { z } from "zod";
import { maybe } from "./reading.js";

/** The answer of an export request as sigmactl reads it: the `queryId` to download the file with, once ready. */
export const WorkbookExportStartedSchema = z.looseObject({
  queryId: z.string(),
  /** False while the file is being produced (then poll `GET /v2/query/{queryId}/download`). */
  jobComplete: maybe(z.boolean()),
});
/** The answer of an export request. */
export type WorkbookExportStarted = z.infer<typeof WorkbookExportStartedSchema>;

/** The answer of an export request as Sigma's document describes it. */
export const WorkbookExportStartedDocSchema = z.strictObject({
  jobComplete: z.boolean(),
  queryId: z.string(),
  rows: z.array(z.record(z.string(), z.unknown())).optional(),
  message: z.string().optional(),
});
