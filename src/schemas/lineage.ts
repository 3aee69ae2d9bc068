/**
 * Lineage payloads: whole-document lineage entries (`/v2/workbooks/{id}/lineage`,
 * `/v2/dataModels/{id}/lineage`) and one element's lineage graph
 * (`/v2/workbooks/{id}/lineage/elements/{elementId}`).
 */
import { z } from "zod";

/**
 * `type` values the document declares for lineage entries. Kept open in the schemas
 * (`z.string()`): new kinds must not break an extraction.
 */
export const KNOWN_LINEAGE_TYPES = [
  "table",
  "dataset",
  "data-model",
  "element",
  "customSQL",
  "csv-upload",
  "semantic-view",
  "sql-document",
  "worksheet",
] as const;

/** An element of the document and what it reads from. */
export const LineageElementEntrySchema = z.looseObject({
  type: z.string(),
  elementId: z.string(),
  sourceIds: z.array(z.string()).nullable(),
  dataSourceIds: z.array(z.string()).nullable(),
});

// Every source entry has these; exactly one id field tells the variants apart.
const sourceBase = { type: z.string(), connectionId: z.string().nullable(), name: z.string().nullable() };

/** A data model the document reads from. */
export const LineageDataModelEntrySchema = z.looseObject({ ...sourceBase, dataModelId: z.string() });
/** A table or dataset (by inode) the document reads from. */
export const LineageInodeEntrySchema = z.looseObject({ ...sourceBase, inodeId: z.string() });
/** Custom SQL the document reads from (`definition` is the SQL text). */
export const LineageCustomSqlEntrySchema = z.looseObject({ ...sourceBase, definition: z.string() });
/** A CSV upload the document reads from. */
export const LineageCsvEntrySchema = z.looseObject({ ...sourceBase, csvId: z.string() });
/** A semantic view table the document reads from. */
export const LineageSemanticViewEntrySchema = z.looseObject({
  ...sourceBase,
  semanticViewId: z.string(),
  semanticViewTable: z.string(),
});
/** A SQL document the document reads from. */
export const LineageSqlDocumentEntrySchema = z.looseObject({ ...sourceBase, sqlDocumentId: z.string() });
/** A worksheet the document reads from. */
export const LineageWorksheetEntrySchema = z.looseObject({ ...sourceBase, worksheetId: z.string() });

/**
 * One entry of a lineage list: an element, or a source told apart by which id field it carries
 * (the document's union is not discriminated by `type`).
 */
export const LineageEntrySchema = z.union([
  LineageElementEntrySchema,
  LineageDataModelEntrySchema,
  LineageInodeEntrySchema,
  LineageCustomSqlEntrySchema,
  LineageCsvEntrySchema,
  LineageSemanticViewEntrySchema,
  LineageSqlDocumentEntrySchema,
  LineageWorksheetEntrySchema,
]);
/** One entry of a lineage list. */
export type LineageEntry = z.infer<typeof LineageEntrySchema>;

/**
 * A node of an element's lineage graph. The document's four variants differ only by which of
 * `name`, `elementId`, `semanticViewTable` are present, so one object with optionals covers them.
 */
export const LineageNodeSchema = z.looseObject({
  nodeId: z.string(),
  /** "sheet", "dataset", "table", ... (open). */
  type: z.string(),
  name: z.string().optional(),
  elementId: z.string().optional(),
  semanticViewTable: z.string().optional(),
});
/** A node of an element's lineage graph. */
export type LineageNode = z.infer<typeof LineageNodeSchema>;

/** An edge of an element's lineage graph; `type` is "source" | "lookup" | "dependency" in the document (kept open). */
export const LineageEdgeSchema = z.looseObject({
  source: z.string(),
  target: z.string(),
  type: z.string(),
});
/** An edge of an element's lineage graph. */
export type LineageEdge = z.infer<typeof LineageEdgeSchema>;

/** Response of `GET /v2/workbooks/{workbookId}/lineage/elements/{elementId}`: nodes by id, and edges. */
export const ElementLineageSchema = z.looseObject({
  dependencies: z.record(z.string(), LineageNodeSchema),
  edges: z.array(LineageEdgeSchema),
});
/** One element's lineage graph. */
export type ElementLineage = z.infer<typeof ElementLineageSchema>;
