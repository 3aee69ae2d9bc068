/** Data-model payloads: the data model, its columns and its sources. Elements use `ElementSchema`. */
import { z } from "zod";
import { DOCUMENT_FIELDS, DOCUMENT_READ_FIELDS, SourceSchema, sourceDocUnion } from "./document.js";
import { maybe } from "./reading.js";
import { WorkbookColumnDocSchema, WorkbookColumnSchema } from "./workbooks.js";

/** A documented version tag of a data model (note `tagName`, not `name` as on workbooks). */
export const DataModelTagDocSchema = z.strictObject({
  versionTagId: z.string(),
  tagName: z.string(),
  sourceVersion: z.number(),
  taggedAt: z.string(),
});
/** A version tag attached to a data model. */
export type DataModelTagDoc = z.infer<typeof DataModelTagDocSchema>;

/**
 * A data model (`GET /v2/dataModels`, `GET /v2/dataModels/{dataModelId}`) as sigmactl reads it.
 * Real bodies may carry `urlId` instead of `dataModelUrlId`: both are read.
 */
export const DataModelSchema = z.looseObject({
  dataModelId: z.string(),
  dataModelUrlId: maybe(z.string()),
  urlId: maybe(z.string()),
  ...DOCUMENT_READ_FIELDS,
});
/** A data model. */
export type DataModel = z.infer<typeof DataModelSchema>;

/** A data model as Sigma's document describes it. */
export const DataModelDocSchema = z.strictObject({
  dataModelId: z.string(),
  dataModelUrlId: z.string(),
  ...DOCUMENT_FIELDS,
  tags: z.array(DataModelTagDocSchema).optional(),
});
/** A documented data model. */
export type DataModelDoc = z.infer<typeof DataModelDocSchema>;

/** A column of a data model (`GET /v2/dataModels/{dataModelId}/columns`): the shape of a workbook's column. */
export const DataModelColumnSchema = WorkbookColumnSchema;
/** A column of a data model. */
export type DataModelColumn = z.infer<typeof DataModelColumnSchema>;
/** A documented data-model column. */
export const DataModelColumnDocSchema = WorkbookColumnDocSchema;
/** A documented data-model column. */
export type DataModelColumnDoc = z.infer<typeof DataModelColumnDocSchema>;

/** Documented data-model source: a dataset (by `datasetId`, unlike workbook sources which use `inodeId`). */
export const DataModelDatasetSourceDocSchema = z.strictObject({
  type: z.literal("dataset"),
  datasetId: z.string(),
});
/** Documented data-model source: a warehouse table (by `tableId`). */
export const DataModelTableSourceDocSchema = z.strictObject({
  type: z.literal("table"),
  tableId: z.string(),
});

/** One entry of `GET /v2/dataModels/{dataModelId}/sources` (token-paginated; reader: type and ids). */
export const DataModelSourceSchema = SourceSchema;
/** A data-model source. */
export type DataModelSource = z.infer<typeof DataModelSourceSchema>;

/** A documented data-model source, discriminated by `type`. */
export const DataModelSourceDocSchema = sourceDocUnion(DataModelDatasetSourceDocSchema, DataModelTableSourceDocSchema);
/** A documented data-model source. */
export type DataModelSourceDoc = z.infer<typeof DataModelSourceDocSchema>;
