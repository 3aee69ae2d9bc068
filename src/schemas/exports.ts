/** Workbook exports (`POST /v2/workbooks/{workbookId}/export`; sigma-api-facts §5.12). */
import { z } from "zod";

/** The answer of an export request: the `queryId` to download the file with, once ready. */
export const WorkbookExportStartedSchema = z.looseObject({
  /** False while the file is being produced (then poll `GET /v2/query/{queryId}/download`). */
  jobComplete: z.boolean(),
  queryId: z.string(),
  rows: z.array(z.record(z.string(), z.unknown())).optional(),
  message: z.string().optional(),
});
/** The answer of an export request. */
export type WorkbookExportStarted = z.infer<typeof WorkbookExportStartedSchema>;
