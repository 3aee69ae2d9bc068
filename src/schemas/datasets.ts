/** Dataset payloads (datasets are deprecated in favour of data models but still listed). */
import { z } from "zod";

/** Where a dataset was migrated to, when it was. */
export const DatasetMigrationSchema = z.looseObject({
  dataModelId: z.string(),
  dataModelUrl: z.string(),
  migratedAt: z.string(),
  migratedBy: z.string(),
});

/** A dataset (`GET /v2/datasets`, `GET /v2/datasets/{datasetId}`). `url` ends with the dataset's inode. */
export const DatasetSchema = z.looseObject({
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
  migrationToDataModel: DatasetMigrationSchema.nullable(),
  /** "migrated" | "not-migrated" | "not-required" in the document (kept open). */
  migrationStatus: z.string(),
  isArchived: z.boolean().optional(),
});
/** A dataset. */
export type Dataset = z.infer<typeof DatasetSchema>;

/** One entry of the bare array `GET /v2/datasets/{datasetId}/sources`; `type` is "dataset" | "table". */
export const DatasetSourceSchema = z.looseObject({
  type: z.string(),
  inodeId: z.string(),
});
/** A dataset source. */
export type DatasetSource = z.infer<typeof DatasetSourceSchema>;
