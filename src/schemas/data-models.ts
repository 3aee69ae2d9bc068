/** Data-model payloads: the data model, its columns and its sources. Elements use `ElementSchema`. */
import { z } from "zod";
import { DOCUMENT_FIELDS, sourceUnion } from "./document.js";
import { WorkbookColumnSchema } from "./workbooks.js";

/** A version tag attached to a data model (note `tagName`, not `name` as on workbooks). */
export const DataModelTagSchema = z.looseObject({
  versionTagId: z.string(),
  tagName: z.string(),
  sourceVersion: z.number(),
  taggedAt: z.string(),
});
/** A version tag attached to a data model. */
export type DataModelTag = z.infer<typeof DataModelTagSchema>;

/** A data model (`GET /v2/dataModels`, `GET /v2/dataModels/{dataModelId}`). */
export const DataModelSchema = z.looseObject({
  dataModelId: z.string(),
  dataModelUrlId: z.string(),
  ...DOCUMENT_FIELDS,
  tags: z.array(DataModelTagSchema).optional(),
});
/** A data model. */
export type DataModel = z.infer<typeof DataModelSchema>;

/**
 * A column of a data model (`GET /v2/dataModels/{dataModelId}/columns`, flat across elements):
 * the same shape as a workbook's column.
 */
export const DataModelColumnSchema = WorkbookColumnSchema;
/** A column of a data model. */
export type DataModelColumn = z.infer<typeof DataModelColumnSchema>;

/** Data-model source: a dataset (by `datasetId`, unlike workbook sources which use `inodeId`). */
export const DataModelDatasetSourceSchema = z.looseObject({
  type: z.literal("dataset"),
  datasetId: z.string(),
});
/** Data-model source: a warehouse table (by `tableId`). */
export const DataModelTableSourceSchema = z.looseObject({
  type: z.literal("table"),
  tableId: z.string(),
});

/** One entry of `GET /v2/dataModels/{dataModelId}/sources` (token-paginated), discriminated by `type`. */
export const DataModelSourceSchema = sourceUnion(DataModelDatasetSourceSchema, DataModelTableSourceSchema);
/** A data-model source. */
export type DataModelSource = z.infer<typeof DataModelSourceSchema>;
