/** Workbook payloads: the workbook, its pages, elements, columns, SQL and sources. */
import { z } from "zod";
import { ColumnTypeSchema } from "./common.js";
import { DOCUMENT_FIELDS, sourceUnion } from "./document.js";

/** A version tag attached to a workbook. */
export const WorkbookTagSchema = z.looseObject({
  versionTagId: z.string(),
  name: z.string(),
  sourceWorkbookVersion: z.number(),
  taggedWorkbookId: z.string(),
  workbookTaggedAt: z.string(),
});
/** A version tag attached to a workbook. */
export type WorkbookTag = z.infer<typeof WorkbookTagSchema>;

/** A workbook (`GET /v2/workbooks`, `GET /v2/workbooks/{workbookId}`). */
export const WorkbookSchema = z.looseObject({
  workbookId: z.string(),
  workbookUrlId: z.string(),
  ...DOCUMENT_FIELDS,
  // Not in the list/get schema of the document, but set at creation and seen in payloads.
  description: z.string().optional(),
  tags: z.array(WorkbookTagSchema).optional(),
  /** Only for tenant deployments. */
  taggedSourceUrlId: z.string().optional(),
});
/** A workbook. */
export type Workbook = z.infer<typeof WorkbookSchema>;

/** A workbook page (`GET /v2/workbooks/{workbookId}/pages`). */
export const WorkbookPageSchema = z.looseObject({
  pageId: z.string(),
  name: z.string().optional(),
  hidden: z.boolean().optional(),
});
/** A workbook page. */
export type WorkbookPage = z.infer<typeof WorkbookPageSchema>;

/**
 * An element of a workbook page or a data model. `columns` holds display names (strings);
 * `vizualizationType` is misspelled upstream and kept as is. `type` is open ("table",
 * "visualization", "input-table", "control", ...).
 */
export const ElementSchema = z.looseObject({
  elementId: z.string(),
  name: z.string().optional(),
  type: z.string().optional(),
  columns: z.array(z.string()).optional(),
  vizualizationType: z.string().optional(),
  error: z.string().optional(),
});
/** A workbook or data-model element. */
export type Element = z.infer<typeof ElementSchema>;

/** A column across the whole workbook (`GET /v2/workbooks/{workbookId}/columns`). */
export const WorkbookColumnSchema = z.looseObject({
  columnId: z.string(),
  name: z.string(),
  formula: z.string(),
  type: ColumnTypeSchema,
  elementId: z.string(),
});
/** A column across the whole workbook. */
export type WorkbookColumn = z.infer<typeof WorkbookColumnSchema>;

/** A column of one element (`.../elements/{elementId}/columns`): `label`, not `name`, and no `elementId`. */
export const ElementColumnSchema = z.looseObject({
  columnId: z.string(),
  label: z.string(),
  formula: z.string(),
  type: ColumnTypeSchema,
});
/** A column of one element. */
export type ElementColumn = z.infer<typeof ElementColumnSchema>;

/** An element's SQL (`.../elements/{elementId}/query`, and entries of `.../queries`). */
export const ElementQuerySchema = z.looseObject({
  elementId: z.string(),
  name: z.string().optional(),
  sql: z.string().optional(),
  error: z.string().optional(),
});
/** An element's SQL. */
export type ElementQuery = z.infer<typeof ElementQuerySchema>;

/** Workbook source: a (deprecated) dataset. */
export const WorkbookDatasetSourceSchema = z.looseObject({
  type: z.literal("dataset"),
  inodeId: z.string(),
  url: z.string(),
});
/** Workbook source: a warehouse table. */
export const WorkbookTableSourceSchema = z.looseObject({
  type: z.literal("table"),
  inodeId: z.string(),
});

/**
 * One entry of the bare array `GET /v2/workbooks/{workbookId}/sources`, discriminated by `type`
 * as in the document; unknown types fall through to `UnknownSourceSchema`.
 */
export const WorkbookSourceSchema = sourceUnion(WorkbookDatasetSourceSchema, WorkbookTableSourceSchema);
/** A workbook source. */
export type WorkbookSource = z.infer<typeof WorkbookSourceSchema>;
