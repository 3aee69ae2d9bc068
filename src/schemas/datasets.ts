/** Dataset payloads (datasets are deprecated in favour of data models but still listed). */
import { z } from "zod";
import { SourceSchema } from "./document.js";
import { maybe } from "./reading.js";

/** Documented: where a dataset was migrated to, when it was. */
export const DatasetMigrationDocSchema = z.strictObject({
  dataModelId: z.string(),
  dataModelUrl: z.string(),
  migratedAt: z.string(),
  migratedBy: z.string(),
});

/**
 * A dataset (`GET /v2/datasets`, `GET /v2/datasets/{datasetId}`) as sigmactl reads it. `url`
 * ends with the dataset's inode. Real lists omit `owner`, `referenceCount`, `path`, `migration*`.
 */
export const DatasetSchema = z.looseObject({
  datasetId: z.string(),
  name: maybe(z.string()),
  url: maybe(z.string()),
  path: maybe(z.string()),
  isArchived: maybe(z.boolean()),
});
/** A dataset. */
export type Dataset = z.infer<typeof DatasetSchema>;

/** A dataset as Sigma's document describes it. */
export const DatasetDocSchema = z.strictObject({
  datasetId: z.string(),
  createdBy: z.string(),
  updatedBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  name: z.string(),
  description: z.string(),
  url: z.string(),
  owner: z.string(),
  referenceCount: z.number(),
  path: z.string(),
  migrationToDataModel: DatasetMigrationDocSchema.nullable(),
  migrationStatus: z.enum(["migrated", "not-migrated", "not-required"]),
  isArchived: z.boolean().optional(),
});
/** A documented dataset. */
export type DatasetDoc = z.infer<typeof DatasetDocSchema>;

/** One entry of the bare array `GET /v2/datasets/{datasetId}/sources` (reader: type and ids). */
export const DatasetSourceSchema = SourceSchema;
/** A dataset source. */
export type DatasetSource = z.infer<typeof DatasetSourceSchema>;

/** A documented dataset source; `type` is "dataset" | "table". */
export const DatasetSourceDocSchema = z.strictObject({
  type: z.enum(["dataset", "table"]),
  inodeId: z.string(),
});
/** A documented dataset source. */
export type DatasetSourceDoc = z.infer<typeof DatasetSourceDocSchema>;
