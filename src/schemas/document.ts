/**
 * What workbooks and data models share: the documented fields after their ids, and the source
 * variants the OpenAPI document declares identically for both (data model, custom SQL). Dataset
 * and table sources differ and stay per domain.
 */
import { z } from "zod";
import { maybe } from "./reading.js";

/** Documented fields of a workbook or data model after its two ids, in payload order. */
export const DOCUMENT_FIELDS = {
  name: z.string(),
  url: z.string(),
  /** Folder path, e.g. "My Documents" or "Workspace/Folder". */
  path: z.string(),
  latestVersion: z.number(),
  ownerId: z.string(),
  createdBy: z.string(),
  updatedBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  isArchived: z.boolean().optional(),
};

/** Fields of a workbook or data model that sigmactl reads (reader side). */
export const DOCUMENT_READ_FIELDS = {
  name: maybe(z.string()),
  url: maybe(z.string()),
  path: maybe(z.string()),
  isArchived: maybe(z.boolean()),
};

/** Documented source: a data model (with the elements used and an optional pinned tag). */
export const DataModelRefSourceDocSchema = z.strictObject({
  type: z.literal("data-model"),
  dataModelId: z.string(),
  elementIds: z.array(z.string()),
  versionTagId: z.string().optional(),
});
/** Documented source: custom SQL on a connection. */
export const CustomSqlSourceDocSchema = z.strictObject({
  type: z.literal("custom-sql"),
  connectionId: z.string(),
  definition: z.string(),
  customSqlId: z.string(),
});
/** Source `type` values the document declares for workbook and data-model sources. */
export const KNOWN_SOURCE_TYPES = ["data-model", "dataset", "table", "custom-sql"] as const;

/** The documented source union of a workbook or data model, given its own dataset and table variants. */
export function sourceDocUnion<D extends z.ZodType, T extends z.ZodType>(dataset: D, table: T) {
  return z.union([DataModelRefSourceDocSchema, dataset, table, CustomSqlSourceDocSchema]);
}

/**
 * A source as sigmactl reads it: its `type` (open: Sigma adds kinds without notice) and
 * whichever id fields it carries. Nothing else is checked.
 */
export const SourceSchema = z.looseObject({
  type: z.string(),
  dataModelId: maybe(z.string()),
  datasetId: maybe(z.string()),
  tableId: maybe(z.string()),
  inodeId: maybe(z.string()),
  connectionId: maybe(z.string()),
  customSqlId: maybe(z.string()),
  definition: maybe(z.string()),
  url: maybe(z.string()),
  elementIds: maybe(z.array(z.string())),
});
/** A workbook, data-model or dataset source (reader). */
export type Source = z.infer<typeof SourceSchema>;
