/**
 * What workbooks and data models share: the document fields after their ids, and the source
 * variants the OpenAPI document declares identically for both (data model, custom SQL, and the
 * fall-through for types added later). Dataset and table sources differ and stay per domain.
 */
import { z } from "zod";

/** Fields of a workbook or data model after its two ids, in payload order. */
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

/** Source: a data model (with the elements used and an optional pinned tag). */
export const DataModelRefSourceSchema = z.looseObject({
  type: z.literal("data-model"),
  dataModelId: z.string(),
  elementIds: z.array(z.string()),
  versionTagId: z.string().optional(),
});
/** Source: custom SQL on a connection. */
export const CustomSqlSourceSchema = z.looseObject({
  type: z.literal("custom-sql"),
  connectionId: z.string(),
  definition: z.string(),
  customSqlId: z.string(),
});
/** Source `type` values the document declares for workbook and data-model sources. */
export const KNOWN_SOURCE_TYPES = ["data-model", "dataset", "table", "custom-sql"] as const;

/**
 * A source type this version does not know yet (Sigma adds enum members without notice).
 * Known types are refused here so a malformed known source still fails validation.
 */
export const UnknownSourceSchema = z.looseObject({
  type: z.string().refine((t) => !(KNOWN_SOURCE_TYPES as readonly string[]).includes(t), "known source type with missing fields"),
});

/** The source union of a workbook or data model, given its own dataset and table variants. */
export function sourceUnion<D extends z.ZodType, T extends z.ZodType>(dataset: D, table: T) {
  return z.union([DataModelRefSourceSchema, dataset, table, CustomSqlSourceSchema, UnknownSourceSchema]);
}
