/** Workbook payloads: the workbook, its pages, elements, columns, SQL and sources. */
import { z } from "zod";
import { ColumnTypeSchema } from "./common.js";
import { DOCUMENT_FIELDS, DOCUMENT_READ_FIELDS, SourceSchema, sourceDocUnion } from "./document.js";
import { maybe } from "./reading.js";

/** A version tag attached to a workbook (documented). */
export const WorkbookTagDocSchema = z.strictObject({
  versionTagId: z.string(),
  name: z.string(),
  sourceWorkbookVersion: z.number(),
  taggedWorkbookId: z.string(),
  workbookTaggedAt: z.string(),
});
/** A version tag attached to a workbook. */
export type WorkbookTagDoc = z.infer<typeof WorkbookTagDocSchema>;

/** A workbook (`GET /v2/workbooks`, `GET /v2/workbooks/{workbookId}`) as sigmactl reads it. */
export const WorkbookSchema = z.looseObject({
  workbookId: z.string(),
  workbookUrlId: maybe(z.string()),
  ...DOCUMENT_READ_FIELDS,
});
/** A workbook. */
export type Workbook = z.infer<typeof WorkbookSchema>;

/** A workbook as Sigma's document describes it. */
export const WorkbookDocSchema = z.strictObject({
  workbookId: z.string(),
  workbookUrlId: z.string(),
  ...DOCUMENT_FIELDS,
  tags: z.array(WorkbookTagDocSchema).optional(),
  description: z.string().optional(),
  /** Only for tenant deployments. */
  taggedSourceUrlId: z.string().optional(),
});
/** A documented workbook. */
export type WorkbookDoc = z.infer<typeof WorkbookDocSchema>;

/** A workbook page (`GET /v2/workbooks/{workbookId}/pages`). */
export const WorkbookPageSchema = z.looseObject({
  pageId: z.string(),
  name: maybe(z.string()),
  hidden: maybe(z.boolean()),
});
/** A workbook page. */
export type WorkbookPage = z.infer<typeof WorkbookPageSchema>;

/** A documented workbook page. */
export const WorkbookPageDocSchema = z.strictObject({
  pageId: z.string(),
  name: z.string().optional(),
  hidden: z.boolean().optional(),
});
/** A documented workbook page. */
export type WorkbookPageDoc = z.infer<typeof WorkbookPageDocSchema>;

/**
 * An element of a workbook page or a data model. `columns` holds display names (strings);
 * `vizualizationType` is misspelled upstream and kept as is (real Sigma sends `null` too).
 * `type` is open ("table", "visualization", "input-table", "control", ...).
 */
export const ElementSchema = z.looseObject({
  elementId: z.string(),
  name: maybe(z.string()),
  type: maybe(z.string()),
  vizualizationType: maybe(z.string()),
});
/** A workbook or data-model element. */
export type Element = z.infer<typeof ElementSchema>;

/** A documented element. */
export const ElementDocSchema = z.strictObject({
  elementId: z.string(),
  name: z.string().optional(),
  type: z.string().optional(),
  columns: z.array(z.string()).optional(),
  vizualizationType: z.string().optional(),
  error: z.string().optional(),
});
/** A documented element. */
export type ElementDoc = z.infer<typeof ElementDocSchema>;

/** A column across the whole workbook (`GET /v2/workbooks/{workbookId}/columns`). */
export const WorkbookColumnSchema = z.looseObject({
  columnId: z.string(),
  name: maybe(z.string()),
  elementId: maybe(z.string()),
});
/** A column across the whole workbook. */
export type WorkbookColumn = z.infer<typeof WorkbookColumnSchema>;

/** A documented column across the whole workbook. */
export const WorkbookColumnDocSchema = z.strictObject({
  columnId: z.string(),
  name: z.string(),
  formula: z.string(),
  type: ColumnTypeSchema,
  elementId: z.string(),
});
/** A documented workbook column. */
export type WorkbookColumnDoc = z.infer<typeof WorkbookColumnDocSchema>;

/** A column of one element (`.../elements/{elementId}/columns`): `label`, not `name`. Real bodies may carry only these two. */
export const ElementColumnSchema = z.looseObject({
  columnId: z.string(),
  label: maybe(z.string()),
});
/** A column of one element. */
export type ElementColumn = z.infer<typeof ElementColumnSchema>;

/** A documented column of one element. */
export const ElementColumnDocSchema = z.strictObject({
  columnId: z.string(),
  label: z.string(),
  formula: z.string(),
  type: ColumnTypeSchema,
});
/** A documented element column. */
export type ElementColumnDoc = z.infer<typeof ElementColumnDocSchema>;

/** An element's SQL (`.../elements/{elementId}/query`, and entries of `.../queries`). */
export const ElementQuerySchema = z.looseObject({
  elementId: z.string(),
  name: maybe(z.string()),
  sql: maybe(z.string()),
  error: maybe(z.string()),
});
/** An element's SQL. */
export type ElementQuery = z.infer<typeof ElementQuerySchema>;

/** A documented element SQL. */
export const ElementQueryDocSchema = z.strictObject({
  elementId: z.string(),
  name: z.string().optional(),
  sql: z.string().optional(),
  error: z.string().optional(),
});
/** A documented element SQL. */
export type ElementQueryDoc = z.infer<typeof ElementQueryDocSchema>;

/** Documented workbook source: a (deprecated) dataset. */
export const WorkbookDatasetSourceDocSchema = z.strictObject({
  type: z.literal("dataset"),
  inodeId: z.string(),
  url: z.string(),
});
/** Documented workbook source: a warehouse table. */
export const WorkbookTableSourceDocSchema = z.strictObject({
  type: z.literal("table"),
  inodeId: z.string(),
});

/** One entry of the bare array `GET /v2/workbooks/{workbookId}/sources` (reader: type and ids). */
export const WorkbookSourceSchema = SourceSchema;
/** A workbook source. */
export type WorkbookSource = z.infer<typeof WorkbookSourceSchema>;

/** A documented workbook source, discriminated by `type`. */
export const WorkbookSourceDocSchema = sourceDocUnion(WorkbookDatasetSourceDocSchema, WorkbookTableSourceDocSchema);
/** A documented workbook source. */
export type WorkbookSourceDoc = z.infer<typeof WorkbookSourceDocSchema>;
