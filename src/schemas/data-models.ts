/** Data-model payloads: the data model, its columns and its sources. Elements use `ElementSchema`. */
import { z } from "zod";
import { ColumnTypeSchema } from "./common.js";
import { KNOWN_SOURCE_TYPES } from "./workbooks.js";

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
  name: z.string(),
  url: z.string(),
  path: z.string(),
  latestVersion: z.number(),
  ownerId: z.string(),
  createdBy: z.string(),
  updatedBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  isArchived: z.boolean().optional(),
  tags: z.array(DataModelTagSchema).optional(),
});
/** A data model. */
export type DataModel = z.infer<typeof DataModelSchema>;

/** A column of a data model (`GET /v2/dataModels/{dataModelId}/columns`, flat across elements). */
export const DataModelColumnSchema = z.looseObject({
  columnId: z.string(),
  name: z.string(),
  formula: z.string(),
  type: ColumnTypeSchema,
  elementId: z.string(),
});
/** A column of a data model. */
export type DataModelColumn = z.infer<typeof DataModelColumnSchema>;

/** Data-model source: another data model. */
export const DataModelDataModelSourceSchema = z.looseObject({
  type: z.literal("data-model"),
  dataModelId: z.string(),
  elementIds: z.array(z.string()),
  versionTagId: z.string().optional(),
});
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
/** Data-model source: custom SQL on a connection. */
export const DataModelCustomSqlSourceSchema = z.looseObject({
  type: z.literal("custom-sql"),
  connectionId: z.string(),
  definition: z.string(),
  customSqlId: z.string(),
});
// Same rule as workbook sources: unknown types pass, malformed known types do not.
const UnknownDataModelSourceSchema = z.looseObject({
  type: z.string().refine((t) => !(KNOWN_SOURCE_TYPES as readonly string[]).includes(t), "known source type with missing fields"),
});

/** One entry of `GET /v2/dataModels/{dataModelId}/sources` (token-paginated), discriminated by `type`. */
export const DataModelSourceSchema = z.union([
  DataModelDataModelSourceSchema,
  DataModelDatasetSourceSchema,
  DataModelTableSourceSchema,
  DataModelCustomSqlSourceSchema,
  UnknownDataModelSourceSchema,
]);
/** A data-model source. */
export type DataModelSource = z.infer<typeof DataModelSourceSchema>;
